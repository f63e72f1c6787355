// Long lists on a large dossier, as a reader goes through them: split into pages that
// link to each other, every page within budget.
//
//   node lists.mjs SITE_DIR
//
// SITE_DIR is a `dossier build` output made with a base URL whose path is /demo/ (CI
// builds the 10,000-note synthetic dossier of examples/gen_dossier.rs). From `notes/`,
// the reader follows the pager's "Next" link (a[rel=next], no script needed) to the
// last page, checking that each page's <link rel="next"> and <link rel="prev"> name
// the pages it reaches and came from, and goes back one with "Previous". The deal
// table offers orders made on the server instead of sort buttons, and its amount order
// runs largest first across pages. Then the home page, the deal table, the timeline
// and glossary (and the first page past each), and the heaviest pages of the site
// (print edition parts aside: they are for printing). Pages are weighed as a first
// visit, with an empty cache (of the notes index: the first three, every tenth and
// the last): HTML, CSS and JS must stay within the 102,400-byte budget of run.mjs.
// Prints the figures as JSON; exits 1 on any problem.

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serveSite } from "./server.mjs";

const [siteDir] = process.argv.slice(2);
if (!siteDir) {
  console.error("usage: node lists.mjs SITE_DIR");
  process.exit(2);
}
const BUDGET = 100 * 1024;
const failures = [];
const { base, sent, close } = await serveSite(siteDir, "/demo/");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});

const weights = new Map();
/** Loads `path` with an empty cache; returns the page and records its weight. */
async function load(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => failures.push(`${path}: script error ${e}`));
  sent.length = 0;
  const response = await page.goto(base + path, { waitUntil: "load" });
  if (!response || response.status() !== 200) failures.push(`${path}: status ${response?.status()}`);
  await page.waitForLoadState("networkidle");
  const bytes = sent.filter((s) => /(\/|\.html|\.css|\.js)$/.test(s.path)).reduce((n, s) => n + s.bytes, 0);
  weights.set(path, bytes);
  if (bytes > BUDGET) failures.push(`${path}: ${bytes} bytes of HTML, CSS and JS, over the ${BUDGET}-byte budget`);
  return { page, context };
}
const here = (page) => new URL(page.url()).pathname.replace("/demo/", "");
const relHref = (page, rel) => page.evaluate((rel) => {
  const link = document.querySelector(`head link[rel=${rel}]`);
  return link ? new URL(link.href).pathname.replace("/demo/", "") : null;
}, rel);

// The notes index, page by page, as a reader clicks through it.
let { page, context } = await load("notes/");
const visited = ["notes/"];
let notesLinked = 0;
for (;;) {
  notesLinked += await page.$$eval("main .cards a[href*='notes/']", (as) => as.length);
  const next = await relHref(page, "next");
  const visible = await page.$("main a[rel=next]");
  if (!next) {
    if (visible) failures.push(`${here(page)}: a Next link but no <link rel="next">`);
    break;
  }
  if (!visible) { failures.push(`${here(page)}: <link rel="next"> but no Next link to click`); break; }
  const from = here(page);
  await Promise.all([page.waitForNavigation(), page.click("main a[rel=next]")]);
  const at = here(page);
  if (at !== next) failures.push(`${from}: Next went to ${at}, <link rel="next"> says ${next}`);
  const prev = await relHref(page, "prev");
  if (prev !== from) failures.push(`${at}: <link rel="prev"> is ${prev}, not ${from}`);
  if (visited.includes(at)) { failures.push(`${at}: reached twice`); break; }
  visited.push(at);
  // Weighed as a first visit, with an empty cache: the first pages, every tenth and
  // the last (all pages of a list are alike, and each load waits for the network to
  // go quiet).
  if (visited.length <= 3 || visited.length % 10 === 0 || !(await relHref(page, "next"))) {
    await context.close();
    ({ page, context } = await load(at));
  }
}
// And back one.
if (visited.length > 1) {
  const last = here(page);
  await Promise.all([page.waitForNavigation(), page.click("main a[rel=prev]")]);
  if (here(page) !== visited[visited.length - 2]) failures.push(`${last}: Previous went to ${here(page)}`);
} else {
  failures.push("notes/ is one page: this dossier is too small to test the split");
}
await context.close();
const notes = readdirSync(join(siteDir, "notes")).filter((n) => n !== "page" && statSync(join(siteDir, "notes", n)).isDirectory()).length;
if (notesLinked !== notes) failures.push(`the notes index pages link ${notesLinked} notes of ${notes}`);

// The deal table, split into pages, cannot be sorted in the browser (that would sort
// one page): the reader picks an order the server made, and the largest amounts are
// on its first page, in order, and continue on the next.
({ page, context } = await load("deals/"));
if (await page.$("table[data-sortable], .sort-button")) failures.push("deals/: a table split into pages has sort buttons, which would sort one page only");
const orderLinks = await page.$$eval("nav.table-order a", (as) => as.map((a) => [a.textContent, a.getAttribute("aria-current")]));
if (orderLinks.length !== 2 || orderLinks[0][1] !== "page") failures.push(`deals/: the table's orders are ${JSON.stringify(orderLinks)}, not two with the first current`);
await Promise.all([page.waitForNavigation(), page.click("nav.table-order a:not([aria-current])")]);
const amounts = () => page.$$eval("#deal-table tbody tr", (rows) => rows.map((r) => {
  const cell = r.querySelector("td[data-sort-group]");
  return [cell.getAttribute("data-sort-group"), cell.getAttribute("data-sort") === "" ? null : Number(cell.getAttribute("data-sort"))];
}));
const sortedAt = here(page);
const first = await amounts();
if (sortedAt !== "deals/sorted/amount/") failures.push(`deals/: the amount order is at ${sortedAt}`);
const descending = (rows) => rows.every((r, i) => i === 0 || r[1] === null || (rows[i - 1][1] !== null && (rows[i - 1][0] < r[0] || (rows[i - 1][0] === r[0] && rows[i - 1][1] >= r[1]))));
if (first.length === 0 || first[0][1] === null || !descending(first)) failures.push(`${sortedAt}: amounts not largest first: ${JSON.stringify(first.slice(0, 5))}…`);
await Promise.all([page.waitForNavigation(), page.click("main a[rel=next]")]);
const second = await amounts();
if (here(page) !== "deals/sorted/amount/page/2/" || !descending([first[first.length - 1], ...second])) failures.push(`${here(page)}: does not continue the amount order of ${sortedAt}`);
await context.close();

// Other lists, their first page past the first, and the heaviest pages of the site.
const html = [];
(function walk(rel) {
  for (const name of readdirSync(join(siteDir, rel))) {
    const path = rel ? `${rel}/${name}` : name;
    const stat = statSync(join(siteDir, path));
    if (stat.isDirectory()) walk(path);
    else if (name === "index.html" && !path.startsWith("print/")) html.push({ path: rel ? `${rel}/` : "", bytes: stat.size });
  }
})("");
html.sort((a, b) => b.bytes - a.bytes);
const others = ["", "deals/", "timeline/", "glossary/", "sources/", "companies/"];
for (const list of ["deals/", "timeline/", "glossary/"]) {
  ({ page, context } = await load(list));
  const next = await relHref(page, "next");
  await context.close();
  if (next) others.push(next);
}
others.push(...html.slice(0, 10).map((h) => h.path));
for (const path of new Set(others)) {
  if (!weights.has(path)) ({ context } = await load(path)), await context.close();
}
await browser.close();
close();

const sizes = html.map((h) => h.bytes).sort((a, b) => a - b);
console.log(JSON.stringify({
  notes_index_pages: visited.length,
  notes_linked: notesLinked,
  heaviest_html: html.slice(0, 3),
  median_html_bytes: sizes[Math.floor(sizes.length / 2)],
  heaviest_first_load: [...weights].sort((a, b) => b[1] - a[1]).slice(0, 5),
}, null, 2));
if (failures.length) {
  console.error(`\n${failures.length} problem(s):`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
