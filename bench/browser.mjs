// Browser search benchmark: tsunagu's search page vs Hugo + Pagefind's, in headless
// Chromium (playwright-core, the system /usr/bin/chromium, a fresh profile).
//
//   node bench/browser.mjs --tsunagu OUT_DIR --hugo HUGO_PUBLIC --queries '["相談",…]'
//
// Each site is served from 127.0.0.1 by a small static server that gzips a response when
// that makes it smaller (as GitHub Pages or any web server does; Pagefind's own chunks are
// already gzip files and pass through as they are). The search engines' files (`assets/`,
// `search-index/`, `pagefind/`) are compressed before the clock starts, as a host serving
// precompressed files would: gzip -9 of a large index must not count as download time.
// For each site:
//   1. first search: load /search/index.html?q=<first query> with the cache disabled and
//      sum the bytes transferred (Playwright's request sizes: response headers + body as
//      sent, i.e. gzipped; workers' requests included) until the results are shown, plus
//      the time until then;
//   2. search latency, on the same page: each query once ("first": Pagefind may fetch index
//      chunks and result fragments then) and then 5 more times ("warm"), through each
//      engine's own path: tsunagu's search page, submitted with the query, times its engine
//      (a "tsunagu-search" User Timing entry; cards are already loaded), Pagefind `search(q)` and the
//      `data()` of its top 10 results (its titles and excerpts live in fragments).
// Prints JSON on stdout.

import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

function arg(name, dflt) {
  const i = process.argv.indexOf("--" + name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
  ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
};

/** Every file below `dir`. */
function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]);
}

function serve(root) {
  const cache = new Map();
  for (const sub of ["assets", "search-index", "pagefind"]) {
    for (const file of walk(path.join(root, sub))) cache.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
  }
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (p.endsWith("/")) p += "index.html";
    const file = path.join(root, path.normalize(p).replace(/^(\.\.[/\\])+/, ""));
    if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end("not found"); return;
    }
    let body = fs.readFileSync(file);
    const headers = { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "cache-control": "no-cache" };
    if (/\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      let gz = cache.get(file);
      if (!gz) { gz = zlib.gzipSync(body, { level: 9 }); cache.set(file, gz); }
      if (gz.length < body.length) { body = gz; headers["content-encoding"] = "gzip"; }
    }
    headers["content-length"] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ENGINES = {
  tsunagu: {
    // Results (or the no-results message) are shown.
    ready: () => {
      const s = document.documentElement.getAttribute("data-search");
      if (s === "unavailable") throw new Error("tsunagu search unavailable");
      const app = document.getElementById("search-app");
      return s === "ready" && app && ["results", "empty"].includes(app.getAttribute("data-state"));
    },
    count: () => document.querySelectorAll("#search-results [data-entry-id]").length,
    // The search page times its engine per query (a User Timing entry "tsunagu-search").
    search: async (q) => {
      const input = document.getElementById("q");
      input.value = q;
      document.getElementById("search-form").requestSubmit();
      const m = performance.getEntriesByName("tsunagu-search").pop();
      const top = [...document.querySelectorAll("#search-results .card-title a")].slice(0, 3).map((a) => a.textContent);
      return { ms: m.duration, total: m.detail.total, top };
    },
  },
  pagefind: {
    ready: () => document.querySelectorAll(".pagefind-ui__result").length > 0 ||
      /no results|見つかりません|結果/.test((document.querySelector(".pagefind-ui__message") || {}).textContent || ""),
    count: () => document.querySelectorAll(".pagefind-ui__result").length,
    search: async (q) => {
      window.__pf = window.__pf || (await import("/pagefind/pagefind.js"));
      const pf = window.__pf;
      const t0 = performance.now();
      const s = await pf.search(q);
      const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
      return { ms: performance.now() - t0, total: s.results.length, top: data.slice(0, 3).map((d) => d.meta.title) };
    },
  },
};

async function measure(context, engine, base, queries, warmRuns) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  // Playwright's request events include the page's dedicated workers (Pagefind searches in
  // a Web Worker, which a page-level CDP session does not see).
  const transfers = [];
  const pending = [];
  context.on("requestfinished", (req) => {
    if (!req.url().startsWith("http")) return;
    // Requests made by a service worker (tsunagu's offline precache) are counted apart.
    const sw = !!(req.serviceWorker && req.serviceWorker());
    pending.push(req.sizes().then((s) => transfers.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize, sw })));
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const def = ENGINES[engine];
  const url = `${base}search/index.html?q=${encodeURIComponent(queries[0])}`;
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(def.ready, null, { timeout: 120000, polling: 10 });
  const firstResultsMs = Date.now() - t0;
  await page.waitForTimeout(500); // let in-flight fetches finish and be counted
  const shown = await page.evaluate(def.count);
  await Promise.all(pending);
  context.removeAllListeners("requestfinished");
  const files = transfers.filter((t) => !t.sw).map((t) => ({ url: t.url.replace(base, "/"), bytes: t.bytes }));
  const swSeen = transfers.filter((t) => t.sw);
  const firstBytes = files.reduce((a, f) => a + f.bytes, 0);

  const perQuery = [];
  for (const q of queries) {
    const first = await page.evaluate(def.search, q);
    const warm = [];
    for (let i = 0; i < warmRuns; i++) warm.push((await page.evaluate(def.search, q)).ms);
    perQuery.push({ q, first_ms: +first.ms.toFixed(2), warm_ms: +median(warm).toFixed(2), total: first.total, top: first.top });
  }
  await page.close();
  return {
    first_search: { query: queries[0], bytes_transferred: firstBytes, requests: files.length, ms_to_results: firstResultsMs, results_shown: shown, files,
      service_worker_requests_seen: swSeen.length, service_worker_bytes_seen: swSeen.reduce((a, t) => a + t.bytes, 0) },
    latency: {
      median_first_ms: +median(perQuery.map((p) => p.first_ms)).toFixed(2),
      median_warm_ms: +median(perQuery.map((p) => p.warm_ms)).toFixed(2),
      queries: perQuery,
    },
    errors,
  };
}

const queries = JSON.parse(arg("queries", '["相談","子ども食堂","認知症","ひきこもり"]'));
const warmRuns = +arg("warm", "5");
const sites = [];
if (arg("tsunagu")) sites.push(["tsunagu", arg("tsunagu")]);
if (arg("hugo")) sites.push(["pagefind", arg("hugo")]);

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: arg("chromium", "/usr/bin/chromium"),
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const out = { chromium: context.browser() ? context.browser().version() : null, queries, warm_runs: warmRuns };
try {
  for (const [engine, dir] of sites) {
    const server = await serve(path.resolve(dir));
    const base = `http://127.0.0.1:${server.address().port}/`;
    try {
      out[engine] = await measure(context, engine, base, queries, warmRuns);
    } catch (e) {
      out[engine] = { error: String(e && e.message || e) };
    } finally {
      server.close();
    }
  }
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
