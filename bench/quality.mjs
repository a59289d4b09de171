// Search quality of Pagefind on the same site and queries as tsunagu (bench/quality.sh).
//
//   node bench/quality.mjs --site DIR --queries FILE.tsv [--queries FILE2.tsv]
//
// DIR is a built tsunagu site in which Pagefind has indexed the entry pages (quality.sh
// marks their <article> with data-pagefind-body). Each query of each TSV file
// (query<TAB>relevant ids<TAB>note) is run through Pagefind's own JavaScript API in
// headless Chromium; result URLs (/entries/<id>/) are mapped back to entry ids. Prints
// {"<file>": {"<query>": [ids, best first]}} as JSON on stdout.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
const site = path.resolve(args[args.indexOf("--site") + 1]);
const files = args.flatMap((a, i) => (a === "--queries" ? [args[i + 1]] : []));

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm" };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (p.endsWith("/")) p += "index.html";
  const file = path.join(site, path.normalize(p));
  if (!file.startsWith(site) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
await page.goto(base + "index.html");
const out = {};
for (const file of files) {
  const queries = fs.readFileSync(file, "utf8").split("\n")
    .filter((l) => l.trim() && !l.startsWith("#")).map((l) => l.split("\t")[0]);
  out[path.basename(file)] = await page.evaluate(async (qs) => {
    const pf = await import("/pagefind/pagefind.js");
    const answers = {};
    for (const q of qs) {
      const r = await pf.search(q);
      const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      answers[q] = data.map((d) => (d.url.match(/entries\/([^/]+)\//) || [])[1]).filter(Boolean);
    }
    return answers;
  }, queries);
}
await browser.close();
server.close();
process.stdout.write(JSON.stringify(out));
