// Browser search benchmark: tsunagu's search page vs Hugo + Pagefind's, in headless
// Chromium (playwright-core, the system /usr/bin/chromium, a fresh profile).
//
//   node bench/browser.mjs --tsunagu OUT_DIR --hugo HUGO_PUBLIC --queries '["相談",…]'
//
// Each site is served by nginx on 127.0.0.1 (tests/e2e/nginx.js: gzip on for text, JSON,
// JS and wasm, precompressed .gz copies served as they are, byte ranges answered; Pagefind's
// chunks are gzip files already and pass through). The page's link is throttled with
// Chromium's network emulation (--rate Mbit/s down and up, --rtt ms; default 10 and 40).
// For each site:
//   1. first search: load /search/index.html?q=<first query> with the cache disabled and
//      sum the bytes transferred (Playwright's request sizes: response headers + body as
//      sent, i.e. gzipped; workers' requests included) until the results are shown, plus
//      the time until then, each request listed;
//   2. search latency, on the same page and link: each query once ("first": both engines may
//      fetch index pieces and result data then) and then 5 more times ("warm"), through each
//      engine's own path: tsunagu's search page, submitted with the query, times its search
//      from the query to the answer, byte ranges fetched included (a "tsunagu-search" User
//      Timing entry), Pagefind `search(q)` and the `data()` of its top 10 results (its titles
//      and excerpts live in fragments); the same for --need-queries (sentences), reported apart.
// Prints JSON on stdout.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { nginx } from "../tests/e2e/nginx.js";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

function arg(name, dflt) {
  const i = process.argv.indexOf("--" + name);
  return i >= 0 ? process.argv[i + 1] : dflt;
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
    // Byte ranges a query needs and has not read yet are fetched first, and counted.
    search: async (q) => {
      performance.clearMeasures("tsunagu-search");
      const input = document.getElementById("q");
      input.value = q;
      document.getElementById("search-form").requestSubmit();
      while (!performance.getEntriesByName("tsunagu-search").length) await new Promise((ok) => setTimeout(ok, 1));
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
  const bytesPerSecond = (rateMbit * 1e6) / 8;
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: rttMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
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

  const timed = async (list) => {
    const perQuery = [];
    for (const q of list) {
      const first = await page.evaluate(def.search, q);
      const warm = [];
      for (let i = 0; i < warmRuns; i++) warm.push((await page.evaluate(def.search, q)).ms);
      perQuery.push({ q, first_ms: +first.ms.toFixed(2), warm_ms: +median(warm).toFixed(2), total: first.total, top: first.top });
    }
    return {
      median_first_ms: +median(perQuery.map((p) => p.first_ms)).toFixed(2),
      median_warm_ms: +median(perQuery.map((p) => p.warm_ms)).toFixed(2),
      max_warm_ms: Math.max(...perQuery.map((p) => p.warm_ms)),
      queries: perQuery,
    };
  };
  const latency = await timed(queries);
  const needLatency = needQueries.length ? await timed(needQueries) : null;
  await page.close();
  return {
    first_search: { query: queries[0], bytes_transferred: firstBytes, requests: files.length, ms_to_results: firstResultsMs, results_shown: shown, files,
      service_worker_requests_seen: swSeen.length, service_worker_bytes_seen: swSeen.reduce((a, t) => a + t.bytes, 0) },
    latency,
    need_latency: needLatency,
    errors,
  };
}

const queries = JSON.parse(arg("queries", '["相談","子ども食堂","認知症","ひきこもり"]'));
// Sentences residents type (issue 11), timed apart: they are read into several words,
// each with its thesaurus phrases, and ranked by how many words an entry matches.
const needQueries = JSON.parse(arg("need-queries", "[]"));
const warmRuns = +arg("warm", "5");
const rateMbit = +arg("rate", "10");
const rttMs = +arg("rtt", "40");
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
const out = { chromium: context.browser() ? context.browser().version() : null, queries, warm_runs: warmRuns,
  network: { rate_mbit: rateMbit, rtt_ms: rttMs } };
try {
  for (const [engine, dir] of sites) {
    const server = await nginx(dir);
    const base = server.url;
    try {
      out[engine] = await measure(context, engine, base, queries, warmRuns);
    } catch (e) {
      out[engine] = { error: String(e && e.message || e) };
    } finally {
      await server.close();
    }
  }
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
