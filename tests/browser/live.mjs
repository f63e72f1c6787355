// `dossier serve`'s live reload, as an author meets it: a page open in headless
// Chromium while its file is edited.
//
//   node live.mjs PORT DOSSIER_DIR
//
// PORT is a running `dossier serve --root DOSSIER_DIR`, started on the dossier that
// tests/it/browser.rs writes (companies `arm` and `globex`, unrelated). The checks:
// an edit to the open page shows within 2 s with exactly one reload; an edit to another
// page does not reload it; a broken edit shows an opaque overlay that can be dismissed;
// the fix removes it and reloads once; a manual refresh never loops; and a page of
// another origin cannot open the live-reload socket. Exits 1 listing every failure.

import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [port, root] = process.argv.slice(2);
if (!port || !root) {
  console.error("usage: node live.mjs PORT DOSSIER_DIR");
  process.exit(2);
}
const origin = `http://127.0.0.1:${port}`;
const failures = [];
const fail = (message) => failures.push(message);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const arm = (body, extra = "") =>
  `+++\nname = "Arm"\nsummary = "A chip designer."${extra}\n+++\n${body}\n`;
const edit = (slug, text) => writeFileSync(join(root, "content/companies", `${slug}.md`), text);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

try {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`script error: ${e}`));
  let loads = 0;
  page.on("load", () => { loads += 1; });
  await page.goto(`${origin}/companies/arm/`, { waitUntil: "load" });
  // Let the socket connect and report: an open page that matches the server stays put.
  await sleep(1500);
  if (loads !== 1) fail(`an open page reloaded by itself: ${loads} loads, expected 1`);

  /** Waits up to `ms` for `text` in the page; true if it came. */
  const shows = (text, ms) =>
    page.waitForFunction((t) => document.body && document.body.innerText.includes(t), text, { timeout: ms })
      .then(() => true, () => false);
  const overlay = () => page.$("#dossier-error-overlay");

  // 1. Edit the open page: the edit shows within 2 s, after exactly one reload.
  let before = loads;
  edit("arm", arm("First edit, seen live."));
  if (!(await shows("First edit, seen live.", 2000))) fail("the edit to the open page did not show within 2 s");
  await sleep(1500);
  if (loads - before !== 1) fail(`the edit reloaded the page ${loads - before} times, expected once`);

  // 2. Edit another page: this one does not reload.
  before = loads;
  edit("globex", `+++\nname = "Globex"\n+++\nGlobex, edited.\n`);
  const served = async () => (await (await fetch(`${origin}/companies/globex/`)).text()).includes("Globex, edited.");
  for (let i = 0; i < 40 && !(await served()); i++) await sleep(100);
  if (!(await served())) fail("the edit to the other page was never served");
  await sleep(1500);
  if (loads !== before) fail(`an edit to another page reloaded this one (${loads - before} times)`);

  // 3. Break the open page's file: an overlay, opaque and readable, that can be dismissed.
  before = loads;
  edit("arm", arm("Broken.", "\nsumary = \"misspelt\""));
  try {
    await page.waitForSelector("#dossier-error-overlay", { timeout: 2000 });
    const look = await page.$eval("#dossier-error-overlay", (el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, color: style.color, text: el.innerText, inset: style.inset };
    });
    if (!/^rgb\(/.test(look.background)) fail(`the overlay is not opaque: background ${look.background}`);
    if (!look.text.includes("content/companies/arm.md")) fail(`the overlay does not name the file: ${look.text}`);
    if (!look.text.includes("sumary")) fail(`the overlay does not show the problem: ${look.text}`);
    await page.getByRole("button", { name: /Dismiss/ }).click();
    if (await overlay()) fail("the overlay's Dismiss button did not remove it");
  } catch (e) {
    fail(`no overlay after a broken edit (${e.message.split("\n")[0]})`);
  }
  // A different problem shows again; Escape dismisses it too.
  edit("arm", arm("Broken again.", "\nsumary = \"misspelt\"\nfounded = \"soon\""));
  try {
    await page.waitForFunction(() => {
      const el = document.getElementById("dossier-error-overlay");
      return el && el.innerText.includes("founded");
    }, null, { timeout: 2000 });
    await page.keyboard.press("Escape");
    if (await overlay()) fail("Escape did not dismiss the overlay");
  } catch (e) {
    fail(`a new problem after a dismissed one showed no overlay (${e.message.split("\n")[0]})`);
  }
  edit("arm", arm("Broken a third time.", "\nsumary = \"misspelt\""));
  try {
    await page.waitForFunction(() => {
      const el = document.getElementById("dossier-error-overlay");
      return el && !el.innerText.includes("founded");
    }, null, { timeout: 2000 });
  } catch (e) {
    fail(`no overlay for the third broken edit (${e.message.split("\n")[0]})`);
  }
  if (loads !== before) fail(`broken edits reloaded the page (${loads - before} times)`);

  // 4. Fix it: the overlay goes, the page reloads once and shows the fix.
  edit("arm", arm("Fixed, and seen live."));
  if (!(await shows("Fixed, and seen live.", 2000))) fail("the fix did not show within 2 s");
  await sleep(1500);
  if (await overlay()) fail("the overlay stayed after the fix");
  if (loads - before !== 1) fail(`the fix reloaded the page ${loads - before} times, expected once`);

  // 5. A manual refresh after all these edits loads once and stays.
  before = loads;
  await page.reload({ waitUntil: "load" });
  await sleep(2500);
  if (loads - before !== 1) fail(`a manual refresh loaded the page ${loads - before} times in 2.5 s (a reload loop)`);
  const text = await page.evaluate(() => document.body.innerText);
  if (!text.includes("Fixed, and seen live.")) fail(`after a refresh the page lost the fix: ${text.slice(0, 300)}`);
  failures.push(...problems);

  // 6. A page on another origin cannot open the live-reload socket (it would read the
  // build's problems, which quote unpublished lines).
  const other = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>elsewhere</title><p>another site</p>");
  });
  await new Promise((resolve) => other.listen(0, "127.0.0.1", resolve));
  const elsewhere = await browser.newPage();
  await elsewhere.goto(`http://127.0.0.1:${other.address().port}/`);
  const outcome = await elsewhere.evaluate((target) => new Promise((resolve) => {
    const socket = new WebSocket(`ws://${target}/__dossier/ws?page=%2F`);
    socket.onmessage = (event) => resolve(`read: ${event.data}`);
    socket.onerror = () => resolve("refused");
    setTimeout(() => resolve("timeout"), 3000);
  }), `127.0.0.1:${port}`);
  if (outcome !== "refused") fail(`a page of another origin opened the live-reload socket: ${outcome}`);
  other.close();
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`live reload: ${failures.length} failure(s):`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log("live reload: every check passed");
