// A static server like GitHub Pages, for the browser tests: the site in `siteDir` is
// served under `prefix` (`/demo/x/` is `x/index.html`); a missing page gets 404.html
// with status 404. It counts what it sends: `sent` lists each response's path and
// size, so a test can tell how many bytes a reader's browser fetched.

import { createServer } from "node:http";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join, extname } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
  ".csv": "text/csv", ".txt": "text/plain", ".png": "image/png", ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".pdf": "application/pdf",
};

export async function serveSite(siteDir, prefix) {
  const sent = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = null;
    if (path.startsWith(prefix) && !path.includes("..")) {
      let rel = path.slice(prefix.length);
      if (rel === "" || rel.endsWith("/")) rel += "index.html";
      const candidate = join(siteDir, rel);
      if (existsSync(candidate) && statSync(candidate).isFile()) file = candidate;
    }
    const status = file ? 200 : 404;
    file = file || join(siteDir, "404.html");
    const body = readFileSync(file);
    sent.push({ path, bytes: body.length });
    res.writeHead(status, { "Content-Type": TYPES[extname(file).toLowerCase()] || "application/octet-stream" });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, base: origin + prefix, sent, close: () => server.close() };
}
