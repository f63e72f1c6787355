// The built site, as a reader meets it: served under a sub-path like a GitHub Pages
// project site, driven in headless Chromium (the system's `chromium`; this never
// downloads a browser).
//
//   node run.mjs SITE_DIR [--screenshots DIR]
//
// SITE_DIR is a `dossier build` output made with a base URL whose path is /demo/. Every
// page is loaded on a desktop, in light and dark, and on a phone: no console error, no
// failed request, no request to another host, no horizontal scroll at 390 px, no axe-core
// violation of serious or critical impact (in dark, of the rules on colours, the page
// as high as in light), and the page-weight budget. Then the features a reader uses: navigation, the sortable deal table (mouse, keyboard, no JavaScript),
// previews of entries and of citations (hover, focus, Escape), a fact's history (HISTORY_AT),
// redirect pages (REDIRECT_FROM lands on REDIRECT_TO), search, the skip link and the focus ring. Last, the
// Nu Html Checker on every page. Exits 1 if anything failed, listing every failure.

import { serveSite } from "./server.mjs";
import { readFileSync, statSync, readdirSync, mkdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const siteDir = process.argv[2];
const shotsAt = process.argv.indexOf("--screenshots");
const screenshotsDir = shotsAt > 0 ? process.argv[shotsAt + 1] : null;
if (!siteDir) {
  console.error("usage: node run.mjs SITE_DIR [--screenshots DIR]");
  process.exit(2);
}
const PREFIX = "/demo/";
/** Each page's HTML + CSS + JS must stay under this, uncompressed. */
const BUDGET = 100 * 1024;

const failures = [];
const fail = (message) => failures.push(message);
/** Says how long the run has taken so far, at the end of each part: CI's time is
 * counted, and this suite is most of it. */
const started = Date.now();
const done = (what) => console.log(`${what} (${Math.round((Date.now() - started) / 1000)} s in)`);

// A static server like GitHub Pages, under PREFIX (see server.mjs).
const { origin, base, close: closeServer } = await serveSite(siteDir, PREFIX);

// The redirect pages at renamed entries' old addresses are not pages to check: they
// send the reader on at once (checked on their own, below).
const redirects = [];
function pages(dir, rel = "") {
  const found = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, path)).isDirectory()) found.push(...pages(dir, path));
    else if (name === "index.html") {
      const at = rel ? `${rel}/` : "";
      if (readFileSync(join(dir, path), "utf8").includes('http-equiv="refresh"')) redirects.push(at);
      else found.push(at);
    }
  }
  return found;
}
const all = pages(siteDir);
console.log(`${all.length} pages and ${redirects.length} redirects at ${base}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** A page that records console errors, failed requests, other hosts and bytes. */
async function open(context, path) {
  const page = await context.newPage();
  const problems = [];
  let bytes = 0;
  // Bodies are read as they arrive; the weight is summed once all are read.
  const reading = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`script error: ${e}`));
  page.on("requestfailed", (r) => problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`));
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) problems.push(`request to another host: ${r.url()}`);
  });
  page.on("response", async (r) => {
    if (r.status() >= 400 && !r.url().includes("no-such")) problems.push(`${r.status()} for ${r.url()}`);
    const type = r.headers()["content-type"] || "";
    if (/html|css|javascript/.test(type)) {
      reading.push(r.body().then((b) => { bytes += b.length; }, () => { /* a redirect or aborted body */ }));
    }
  });
  // Layout shifts, from the end of parsing: the deferred script runs then, and images
  // arrive. Before it, a busy machine paints a half-parsed page (a table whose columns
  // settle as its last rows arrive), which says more about the machine than the site.
  await page.addInitScript(() => {
    window.__shift = 0;
    let parsed = Infinity;
    document.addEventListener("readystatechange", () => {
      if (document.readyState === "interactive") parsed = performance.now();
    });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput && e.startTime >= parsed) window.__shift += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(base + path, { waitUntil: "load" });
  // Everything the page asked for while loading, stylesheets for other media included.
  await page.waitForLoadState("networkidle");
  const weight = async () => { await Promise.all(reading); return bytes; };
  return { page, problems, bytes: weight };
}

/** axe-core's violations on `page`: every WCAG 2.2 AA and best-practice rule, or only
 * the `rules` named. */
async function axe(page, rules = null) {
  // Open every <details>, so the highlighted source data is checked too.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (rules) => {
    const runOnly = rules
      ? { type: "rule", values: rules }
      : ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
    const r = await window.axe.run(document, { runOnly });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0].target.join(" ") }));
  }, rules);
}

/** The dark scheme changes colours only (style.css sets custom properties under
 * `prefers-color-scheme: dark`): in it, axe checks the rules that read colours. */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** Runs `check` on every path, a few pages at a time: each page waits for its network
 * to be idle, and those waits overlap. */
async function eachPage(paths, check, atOnce = 4) {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) await check(paths[next++]);
  };
  await Promise.all(Array.from({ length: atOnce }, worker));
}

// ---------------------------------------------------------------------------------
// Every page: loads cleanly, accessible in light and dark (in dark, the rules on
// colours), no sideways scroll on a phone, within budget.
const minor = new Map();
let heaviest = { path: "", bytes: 0 };
// How many images each page shows, all of them loaded (checked below).
const imagesShown = new Map();
// Each page's height in light: the same in dark, or the dark scheme changes more than
// colours, and its checks below would not be enough.
const heights = new Map();
for (const scheme of ["light", "dark"]) {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
  await eachPage(all, async (path) => {
    const { page, problems, bytes } = await open(desktop, path);
    for (const p of problems) fail(`${path} (${scheme}): ${p}`);
    const shift = await page.evaluate(() => window.__shift);
    const height = await page.evaluate(() => document.body.offsetHeight);
    if (scheme === "light") heights.set(path, height);
    else if (height !== heights.get(path)) fail(`${path}: ${height} px high in dark, ${heights.get(path)} px in light: the dark scheme changes the layout, so check every rule in it`);
    if (shift > 0.01) fail(`${path}: layout shift ${shift.toFixed(3)}`);
    const blocking = await page.evaluate(() =>
      [...document.querySelectorAll("head script[src]")].filter((s) => !s.defer && !s.async).map((s) => s.src));
    if (blocking.length) fail(`${path}: render-blocking script ${blocking.join(", ")}`);
    // The print edition is the whole dossier on one page: it has no budget.
    if (scheme === "light" && !path.endsWith("print/")) {
      const weight = await bytes();
      if (weight > BUDGET) fail(`${path}: ${weight} bytes of HTML, CSS and JS, over the ${BUDGET}-byte budget`);
      if (weight > heaviest.bytes) heaviest = { path, bytes: weight };
    }
    // Every deal table fits its box at 1280 px: no sideways scroll inside it, and the
    // last column (status and sources) within the window.
    if (scheme === "light") {
      const tables = await page.evaluate(() => [...document.querySelectorAll("table.deals")].map((t) => {
        const box = t.closest(".table-scroll") || t.parentElement;
        const right = Math.max(0, ...[...t.querySelectorAll("tr > :last-child")].map((c) => c.getBoundingClientRect().right));
        return { id: t.id, table: t.scrollWidth, box: box.clientWidth, right, viewport: document.documentElement.clientWidth };
      }));
      for (const t of tables) {
        if (t.table > t.box) fail(`${path}: deal table #${t.id} scrolls sideways at 1280 px (${t.table} > ${t.box})`);
        if (t.right > t.viewport) fail(`${path}: deal table #${t.id}'s last column ends at ${t.right} px, past the window (${t.viewport})`);
      }
    }
    // Every image loads, wherever its page is (an edition's folder, the print
    // edition) and whatever the sub-path: lazy ones are asked for at once here.
    if (scheme === "light") {
      const shown = await page.evaluate(async () => {
        const images = [...document.images];
        for (const img of images) img.loading = "eager";
        await Promise.all(images.map((img) => img.decode().catch(() => {})));
        return images.map((img) => ({ src: img.getAttribute("src"), width: img.naturalWidth }));
      });
      for (const img of shown) if (!(img.width > 0)) fail(`${path}: the image ${img.src} does not load`);
      imagesShown.set(path, shown.length);
    }
    for (const v of await axe(page, scheme === "light" ? null : COLOUR_RULES)) {
      if (v.impact === "serious" || v.impact === "critical") fail(`${path} (${scheme}): axe ${v.impact} ${v.id} at ${v.target}`);
      else {
        // Named with the first page it is on, so it can be found.
        const key = [...minor.keys()].find((k) => k.startsWith(`${v.impact} ${v.id} `)) || `${v.impact} ${v.id} (first on ${path}, ${v.target})`;
        minor.set(key, (minor.get(key) || 0) + v.nodes);
      }
    }
    await page.close();
  });
  await desktop.close();
  done(`every page on a desktop, ${scheme}`);
}
// The phone's layout, once: the dark scheme changes no size.
{
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await eachPage(all, async (path) => {
    const { page } = await open(phone, path);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    if (scroll > width) fail(`${path}: scrolls sideways at 390 px (${scroll} > ${width})`);
    // The graph fits the phone; the deal table is a pile of cards, each value after
    // its column's name (the cell's data-label, shown by CSS).
    const phoneView = await page.evaluate(() => ({
      graphs: [...document.querySelectorAll("svg.graph")].map((g) => g.getBoundingClientRect().width),
      rows: [...document.querySelectorAll("table.deals tbody tr")].map((tr) => ({
        display: getComputedStyle(tr).display,
        labels: [...tr.querySelectorAll("td[data-label]")].map((td) => [td.getAttribute("data-label"), getComputedStyle(td, "::before").content]),
      })),
    }));
    for (const g of phoneView.graphs) if (g > width) fail(`${path}: the graph is ${Math.round(g)} px wide at 390 px (> ${width})`);
    for (const r of phoneView.rows) {
      if (r.display !== "block" && r.display !== "grid") fail(`${path}: a deal row is display: ${r.display} at 390 px, not a card`);
      for (const [label, shown] of r.labels) {
        if (shown !== JSON.stringify(label)) fail(`${path}: a deal cell's label "${label}" is not shown before it at 390 px (${shown})`);
      }
    }
    await page.close();
  });
  await phone.close();
  done("every page on a phone");
}
console.log(`heaviest page: ${heaviest.path || "(home)"}, ${heaviest.bytes} bytes of HTML + CSS + JS`);
if (minor.size) console.log("axe, minor and moderate:", Object.fromEntries(minor));
// IMAGES_AT: pages (`|`-separated) that must show at least one image, all loaded:
// files beside the text in each language edition and in the print edition.
for (const path of (process.env.IMAGES_AT || "").split("|").filter(Boolean)) {
  if (!all.includes(path)) fail(`images: no page ${path}`);
  else if (!(imagesShown.get(path) > 0)) fail(`images: ${path} shows no image`);
}
const withImages = [...imagesShown.values()].filter((n) => n > 0).length;
console.log(`${withImages} pages show images, every one loaded`);

// ---------------------------------------------------------------------------------
// What a reader does.
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

// The navigation reaches every section, and marks where you are.
{
  const { page } = await open(context, "");
  const links = await page.$$eval("nav.site-nav a", (as) => as.map((a) => a.href));
  for (const href of links) {
    await page.goto(href);
    const current = await page.$eval("nav.site-nav a[aria-current='page']", (a) => a.href).catch(() => null);
    if (current !== href) fail(`navigation: ${href} is not marked as the current section`);
  }
  const sections = Number(process.env.MIN_SECTIONS || 8);
  if (links.length < sections) fail(`navigation: only ${links.length} sections`);
  await page.close();
}

// A page of the dossier's own (content/pages/about.md) is one click from any page's
// footer, in each language, and its footer link says it is the current page.
for (const [from, to] of [["deals/google-anthropic-2023/", "about/"], ["fr/deals/google-anthropic-2023/", "fr/about/"]]) {
  if (!all.includes(to)) continue;
  const { page } = await open(context, from);
  await page.click("footer .footer-pages a");
  if (!page.url().endsWith(PREFIX + to)) fail(`footer page link from ${from}: went to ${page.url()}`);
  const h1 = (await page.textContent("h1")) || "";
  if (!/About|propos/.test(h1)) fail(`page of one's own at ${to}: heading is ${JSON.stringify(h1)}`);
  const current = await page.$eval("footer .footer-pages a[aria-current='page']", (a) => a.href).catch(() => null);
  if (current !== page.url()) fail(`page of one's own at ${to}: its footer link is not marked current`);
  await page.close();
}

// The language switcher leads to the same page in the other language, and back; the
// page's language is declared, and the French deal table reads French.
if (all.includes("fr/companies/anthropic/")) {
  const { page } = await open(context, "companies/anthropic/");
  await page.click("nav.language-switcher a[hreflang='fr']");
  if (!page.url().endsWith(`${PREFIX}fr/companies/anthropic/`)) fail(`language switcher: went to ${page.url()}`);
  if ((await page.getAttribute("html", "lang")) !== "fr") fail("language switcher: the French page is not lang=fr");
  await page.click("nav.language-switcher a[hreflang='en']");
  if (!page.url().endsWith(`${PREFIX}companies/anthropic/`)) fail(`language switcher: back went to ${page.url()}`);
  await page.goto(base + "fr/deals/");
  const table = await page.textContent("#deal-table");
  if (!table.includes("300 millions de dollars") || !table.includes("signalé")) fail("French deal table: no « 300 millions de dollars » or « signalé »");
  await page.close();
}

// The deal table sorts by each column, with the mouse and the keyboard.
if (all.includes("deals/")) {
  const { page } = await open(context, "deals/");
  const columns = await page.$$eval("#deal-table thead th", (ths) => ths.length);
  // Each row's [group, key] in column i: data-sort-group (a currency) and data-sort, or
  // the text. An empty key (an undisclosed amount) sorts last in either direction; rows
  // sort by group first, always A to Z, then by key.
  const keys = (i) => page.$$eval(`#deal-table tbody tr`, (rows, i) =>
    rows.map((r) => { const c = r.children[i]; return [c.getAttribute("data-sort-group") || "", c.getAttribute("data-sort") ?? c.textContent.trim().toLowerCase()]; }), i);
  for (let i = 0; i < columns; i++) {
    const header = page.locator(`#deal-table thead th:nth-child(${i + 1})`);
    const numeric = (await header.getAttribute("data-sort-type")) === "number";
    const sorted = (rows, descending) => {
      const firstEmpty = rows.findIndex(([, k]) => k === "");
      if (firstEmpty >= 0 && rows.slice(firstEmpty).some(([, k]) => k !== "")) return false;
      const v = rows.filter(([, k]) => k !== "").map(([g, k]) => [g, numeric ? Number(k) : k]);
      return v.every(([g, x], j) => {
        if (j === 0) return true;
        const [pg, px] = v[j - 1];
        if (pg !== g) return pg < g;
        return descending ? px >= x : px <= x;
      });
    };
    await header.locator("button").click();
    if ((await header.getAttribute("aria-sort")) !== "ascending" || !sorted(await keys(i), false)) fail(`deal table: column ${i + 1} does not sort ascending on click`);
    await header.locator("button").focus();
    await page.keyboard.press("Enter");
    if ((await header.getAttribute("aria-sort")) !== "descending" || !sorted(await keys(i), true)) fail(`deal table: column ${i + 1} does not sort descending with the keyboard`);
  }
  // An amount not disclosed ("undisclosed") comes last whichever way amounts sort.
  {
    const amount = await page.$$eval("#deal-table thead th", (ths) => ths.findIndex((th) => /amount|montant/i.test(th.textContent)));
    const undisclosed = amount < 0 ? [] : await page.$$eval("#deal-table tbody tr", (rows, i) =>
      rows.filter((r) => r.children[i].textContent.includes("undisclosed")).map((r) => r.querySelector("th").textContent), amount);
    if (undisclosed.length) {
      const button = page.locator(`#deal-table thead th:nth-child(${amount + 1}) button`);
      for (const order of ["ascending", "descending"]) {
        await button.click();
        const last = await page.$$eval("#deal-table tbody tr", (rows, n) =>
          rows.slice(-n).map((r) => r.querySelector("th").textContent), undisclosed.length);
        if (last.join() !== undisclosed.join()) fail(`deal table: the undisclosed amount does not sort last ${order} (last rows: ${last.join(" | ")})`);
      }
    }
  }
  await page.close();
  // Without JavaScript: the same table, in date order.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const { page: noJs } = await open(plain, "deals/");
  const rows = await noJs.$$eval("#deal-table tbody tr", (r) => r.length);
  const caption = await noJs.$eval("#deal-table caption", (c) => c.textContent.trim());
  const rowHeaders = await noJs.$$eval("#deal-table tbody th[scope=row]", (r) => r.length);
  if (rows < 1 || rowHeaders !== rows || !caption) fail("deal table: not readable without JavaScript");
  await plain.close();
}

// Previews open on hover and on focus, and close on Escape.
{
  const target = all.find((p) => p.startsWith("notes/")) || all.find((p) => p.startsWith("companies/")) || "";
  const { page } = await open(context, target);
  const link = page.locator(".prose a[data-kind]").first();
  // A preview fetches the one entry's card beside its page, a few hundred bytes, and
  // never the search index.
  const fetched = [];
  page.on("response", async (r) => {
    if (r.url().endsWith(".json")) fetched.push({ url: r.url(), bytes: (await r.body().catch(() => "")).length });
  });
  if (await link.count()) {
    const card = new URL("preview.json", new URL((await link.getAttribute("href")).split("#")[0], page.url())).href;
    await link.hover();
    await page.waitForFunction(() => document.querySelector("#preview-card p"), null, { timeout: 3000 }).catch(() => {});
    if (!(await page.locator("#preview-card").isVisible())) fail("previews: no card on hover");
    if (!(await page.locator("#preview-card p").count())) fail("previews: the card shows no summary");
    if (fetched.some((f) => f.url.includes("/search-index/"))) fail("previews: the search index was fetched");
    const got = fetched.filter((f) => f.url === card);
    if (got.length !== 1 || got[0].bytes > 4096) fail(`previews: expected one fetch of ${card} (a few KB), got ${JSON.stringify(fetched)}`);
    await page.keyboard.press("Escape");
    if (await page.locator("#preview-card").isVisible()) fail("previews: Escape does not close the card");
    await page.mouse.move(0, 0);
    await link.focus();
    if (!(await page.locator("#preview-card").isVisible())) fail("previews: no card on focus");
    if ((await link.getAttribute("aria-describedby")) !== "preview-card") fail("previews: the card does not describe the focused link");
    await page.keyboard.press("Escape");
    if (await page.locator("#preview-card").isVisible()) fail("previews: Escape does not close the card opened by focus");
  } else {
    fail(`previews: no entry link on ${target}`);
  }
  await page.close();
}

// The words a citation relies on show in its reference, each a link to the passage
// (a text fragment), and its archived copy is a link too.
for (const path of all.filter((p) => p.startsWith("notes/") || p.startsWith("fr/notes/"))) {
  const { page } = await open(context, path);
  const quote = page.locator(".references .ref-quotes q a").first();
  if (await quote.count()) {
    if (!(await quote.isVisible())) fail(`${path}: the quoted words are not visible`);
    const href = (await quote.getAttribute("href")) || "";
    if (!href.includes("#:~:text=")) fail(`${path}: the quoted words do not link to their passage (${href})`);
    // Its archived copy, where the source gives one, is a link too.
    const item = page.locator(".references li", { has: quote });
    const archive = item.locator("a.ref-archive");
    if ((await archive.count()) && !(await archive.first().isVisible())) fail(`${path}: no visible archived copy`);
  }
  await page.close();
}

/** Presses Tab from the top of the page until `match` (run in the page on the focused
 * element) holds; whether it did within `max` presses. */
async function tabTo(page, match, max = 400) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(match)) return true;
  }
  return false;
}

// Citation previews: hovering or focusing a citation shows its source as the page's
// reference list gives it (never from the search index), the pointer can move onto
// the card, and Escape closes it.
{
  const target = process.env.CITE_AT || all.find((p) => /^deals\/./.test(p)) || "";
  const { page } = await open(context, target);
  let indexLoaded = false;
  page.on("request", (r) => { if (r.url().includes("/search-index/")) indexLoaded = true; });
  const cite = page.locator(".prose a[role=doc-biblioref][href^='#'][title]").first();
  if (await cite.count()) {
    const title = await cite.getAttribute("title");
    const card = page.locator("#preview-card");
    await cite.hover();
    await page.waitForTimeout(100);
    // Checked before the pointer travels on (it may cross an entry link on its way).
    if (indexLoaded) fail("citation previews: the search index was fetched");
    if (!(await card.isVisible())) fail("citation previews: no card on hover");
    else if (!(await card.textContent()).includes(title)) fail(`citation previews: the card does not show "${title}" (${await card.textContent()})`);
    // Onto the card, slowly: it stays (WCAG 1.4.13, hoverable).
    const box = await card.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
      await page.waitForTimeout(500);
      if (!(await card.isVisible())) fail("citation previews: the card vanishes when the pointer moves onto it");
    }
    await page.keyboard.press("Escape");
    if (await card.isVisible()) fail("citation previews: Escape does not close the card");
    await page.mouse.move(0, 0);
    const reached = await tabTo(page, () => document.activeElement?.getAttribute("role") === "doc-biblioref" && document.activeElement.hash !== "");
    if (!reached) fail(`citation previews: Tab never reaches a citation on ${target}`);
    else {
      const shown = await card.isVisible();
      const describes = await page.evaluate(() => document.activeElement.getAttribute("aria-describedby"));
      const expected = await page.evaluate(() => {
        const ref = document.getElementById(document.activeElement.hash.slice(1));
        return ref ? ref.querySelector("a:not(.ref-back)").textContent : null;
      });
      if (!shown) fail("citation previews: no card on keyboard focus");
      if (describes !== "preview-card") fail("citation previews: the card does not describe the focused citation");
      if (!expected || !(await card.textContent()).includes(expected)) fail(`citation previews: the card opened by focus does not show "${expected}"`);
      await page.keyboard.press("Escape");
      if (await card.isVisible()) fail("citation previews: Escape does not close the card opened by focus");
    }
  } else {
    fail(`citation previews: no citation on ${target}`);
  }
  await page.close();
}

// A fact's history: one Tab and Enter away, with each earlier state and the value it
// superseded; it opens without JavaScript too. (HISTORY_AT names a page with one.)
if (process.env.HISTORY_AT) {
  const expect = (process.env.HISTORY_EXPECT || "").split("|").filter(Boolean);
  const { page } = await open(context, process.env.HISTORY_AT);
  const history = page.locator("details.history").first();
  if (!(await history.count())) fail(`history: none on ${process.env.HISTORY_AT}`);
  else {
    if (await history.locator("ol").isVisible()) fail("history: the earlier states show before it is opened");
    const reached = await tabTo(page, () => document.activeElement?.matches("details.history > summary"));
    if (!reached) fail("history: Tab never reaches the history's summary");
    await page.keyboard.press("Enter");
    if (!(await history.evaluate((d) => d.open))) fail("history: Enter does not open it");
    const text = (await history.locator("ol").textContent()).replace(/\s+/g, " ");
    for (const e of expect) if (!text.includes(e)) fail(`history: "${e}" is not shown once opened (${text})`);
    const struck = await history.locator(".superseded s").count();
    if (!struck || !(await history.locator(".superseded").first().isVisible())) fail("history: no superseded value shown");
    await page.keyboard.press("Enter");
    if (await history.evaluate((d) => d.open)) fail("history: Enter again does not close it");
  }
  await page.close();
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const { page: noJs } = await open(plain, process.env.HISTORY_AT);
  await noJs.locator("details.history > summary").first().click();
  if (!(await noJs.locator("details.history ol").first().isVisible())) fail("history: does not open without JavaScript");
  await plain.close();
}

// A renamed entry's old address (REDIRECT_FROM) lands on its page (REDIRECT_TO), under
// the sub-path, with no console error or failed request; every redirect page lands on
// a page of the site.
if (process.env.REDIRECT_FROM) {
  if (!redirects.includes(process.env.REDIRECT_FROM)) fail(`redirect: no redirect page at ${process.env.REDIRECT_FROM}`);
}
for (const from of redirects) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("requestfailed", (r) => problems.push(`failed request: ${r.url()}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`); });
  await page.goto(base + from);
  const landed = await page.waitForURL((url) => !url.href.endsWith(`/${from}`), { timeout: 5000 })
    .then(() => page.url(), () => null);
  const expected = from === process.env.REDIRECT_FROM ? base + process.env.REDIRECT_TO : null;
  if (!landed) fail(`redirect: ${from} does not send the reader on`);
  else if (expected && landed !== expected) fail(`redirect: ${from} lands on ${landed}, not ${expected}`);
  else if (!landed.startsWith(base) || !all.includes(landed.slice(base.length))) fail(`redirect: ${from} lands on ${landed}, no page of the site`);
  else {
    await page.waitForLoadState("load");
    if (!(await page.locator("h1").count())) fail(`redirect: ${landed} shows no heading`);
  }
  for (const p of problems) fail(`redirect ${from}: ${p}`);
  await page.close();
}

// Search finds a term from its first letters, on the search page and in the header.
if (all.includes("search/")) {
  const term = process.env.SEARCH_FOR || "constit";
  const expect = process.env.SEARCH_EXPECT || "Constitutional AI";
  const { page } = await open(context, "search/");
  await page.fill("#search-page-input", term);
  await page.waitForSelector("#search-results li", { timeout: 5000 }).catch(() => {});
  const first = await page.locator("#search-results li a").first().textContent().catch(() => "");
  if (!first.includes(expect)) fail(`search: "${term}" does not find ${expect} first (got "${first}")`);
  await page.goto(base);
  await page.fill("#site-search-input", term);
  await page.waitForSelector("#search-popup li", { timeout: 5000 }).catch(() => {});
  await page.focus("#site-search-input");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement?.textContent || "");
  if (!focused.includes(expect)) fail(`search box: ArrowDown does not reach the first result (${focused})`);
  await page.close();
}

// Keyboard: the first Tab reaches the skip link, which has a visible focus ring and
// moves focus to the content.
{
  const { page } = await open(context, "");
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { text: el.textContent.trim(), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  if (skip.text !== "Skip to content") fail(`keyboard: the first Tab reaches "${skip.text}", not the skip link`);
  if (skip.outline === "none" || skip.width < 2) fail("keyboard: no visible focus ring on the skip link");
  await page.keyboard.press("Enter");
  const after = await page.evaluate(() => document.activeElement?.id);
  if (after !== "main") fail(`keyboard: the skip link does not move focus to the content (${after})`);
  // From the top, the tab order follows the reading order: skip link, site name,
  // search box, the first section of the navigation.
  await page.reload();
  const order = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el.id || el.className || el.textContent.trim();
    }));
  }
  const expected = ["skip-link", "brand", "site-search-input", "Home"];
  if (order.join() !== expected.join()) fail(`keyboard: tab order ${order.join(" → ")}, expected ${expected.join(" → ")}`);
  await page.close();
}
await context.close();
done("what a reader does");

// ---------------------------------------------------------------------------------
// Screenshots for the README: the pages a reader starts from, desktop and phone,
// light and dark.
if (screenshotsDir) {
  mkdirSync(screenshotsDir, { recursive: true });
  const shots = [["home", ""], ["deals", "deals/"], ["company", "companies/anthropic/"], ["glossary", "glossary/"]];
  for (const [device, viewport] of [["desktop", { width: 1280, height: 860 }], ["phone", { width: 390, height: 844 }]]) {
    for (const scheme of ["light", "dark"]) {
      const shotContext = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
      for (const [name, path] of shots) {
        if (!all.includes(path)) continue;
        const { page } = await open(shotContext, path);
        await page.screenshot({ path: join(screenshotsDir, `${name}-${device}-${scheme}.png`) });
        await page.close();
      }
      await shotContext.close();
    }
  }
  console.log(`screenshots in ${screenshotsDir}`);
}
await browser.close();
closeServer();

// ---------------------------------------------------------------------------------
// Valid HTML: the Nu Html Checker, on the machine's Java.
try {
  const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
  execFileSync("java", ["-jar", vnu, "--skip-non-html", "--errors-only", siteDir], { stdio: "pipe" });
} catch (error) {
  const output = `${error.stdout || ""}${error.stderr || ""}`.trim();
  fail(`Nu Html Checker: ${output || error.message}`);
}

if (failures.length) {
  console.error(`\n${failures.length} problem(s):`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log("the site passes in the browser: loads, accessibility, phone, budget, features, HTML");
