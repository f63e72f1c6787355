// Search and previews on a large dossier, as a reader meets them: what they fetch.
//
//   node scale.mjs SITE_DIR "three word query" [NOTE_PATH]
//
// SITE_DIR is a `dossier build` output made with a base URL whose path is /demo/ (CI
// builds the 10,000-note synthetic dossier of examples/gen_dossier.rs). On the search
// page, the query is typed as a reader types it, letter by letter; the test counts
// every byte of the search index the browser fetched until the results showed, and the
// time from the last of those files arriving to the first result on screen. Then a
// preview on NOTE_PATH (a note by default): the bytes it fetched. Prints the figures
// as JSON; fails if a query fetched more than 300 KB or a preview more than 8 KB.

import { chromium } from "playwright-core";
import { serveSite } from "./server.mjs";

const [siteDir, query, notePath] = process.argv.slice(2);
if (!siteDir || !query) {
  console.error('usage: node scale.mjs SITE_DIR "query" [NOTE_PATH]');
  process.exit(2);
}
const SEARCH_BUDGET = 300 * 1024;
const PREVIEW_BUDGET = 8 * 1024;
const failures = [];

const { base, sent, close } = await serveSite(siteDir, "/demo/");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(base + "search/", { waitUntil: "load" });
sent.length = 0;
// When the first result appears, by the page's clock.
await page.evaluate(() => {
  const list = document.getElementById("search-results");
  new MutationObserver((_, observer) => {
    if (list.querySelector("li")) {
      window.firstResultAt = performance.now();
      observer.disconnect();
    }
  }).observe(list, { childList: true });
});
// Word by word, as a reader types: a pause after each.
for (const [i, word] of query.split(" ").entries()) {
  await page.type("#search-page-input", (i ? " " : "") + word, { delay: 90 });
  await page.waitForTimeout(400);
}
await page.waitForSelector("#search-results li", { timeout: 20000 }).catch(() => failures.push(`no result for "${query}"`));
await page.waitForTimeout(500);
const status = await page.textContent("#search-status");
const index = sent.filter((s) => s.path.includes("/search-index/"));
const searchBytes = index.reduce((n, s) => n + s.bytes, 0);
// The search-index files that arrived before the first result, by the page's clock.
const timing = await page.evaluate(() => {
  const arrivals = performance.getEntriesByType("resource")
    .filter((e) => e.name.includes("/search-index/") && e.responseEnd <= window.firstResultAt)
    .map((e) => e.responseEnd);
  return { lastArrival: Math.max(...arrivals), firstResult: window.firstResultAt };
});
const results = await page.$$eval("#search-results li", (lis) => lis.length);

// A preview of a link on a note: one card.
const notes = notePath || "notes/";
await page.goto(base + notes, { waitUntil: "load" });
let target = notes;
if (!notePath) {
  target = await page.$eval("main a[href*='notes/']:not([href$='notes/'])", (a) => new URL(a.href).pathname.replace("/demo/", ""));
  await page.goto(base + target, { waitUntil: "load" });
}
sent.length = 0;
const link = page.locator(".prose a[data-kind]").first();
await link.hover();
await page.waitForFunction(() => document.querySelector("#preview-card .preview-name"), null, { timeout: 5000 }).catch(() => failures.push("no preview card"));
await page.waitForTimeout(300);
const previewBytes = sent.reduce((n, s) => n + s.bytes, 0);
const previewFiles = sent.map((s) => s.path);
await browser.close();
close();

const report = {
  query,
  status: status.trim(),
  results_shown: results,
  search_files: index.length,
  search_bytes: searchBytes,
  first_results_after_last_file_ms: Math.round(timing.firstResult - timing.lastArrival),
  preview_page: target,
  preview_bytes: previewBytes,
  preview_files: previewFiles,
};
console.log(JSON.stringify(report, null, 2));
if (searchBytes > SEARCH_BUDGET) failures.push(`the query fetched ${searchBytes} bytes of the search index (budget ${SEARCH_BUDGET})`);
if (previewBytes > PREVIEW_BUDGET) failures.push(`a preview fetched ${previewBytes} bytes (budget ${PREVIEW_BUDGET})`);
if (previewFiles.some((p) => p.includes("/search-index/"))) failures.push("a preview fetched the search index");
if (failures.length) {
  console.error(`\n${failures.length} problem(s):`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
