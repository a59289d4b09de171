// Over http the search engine runs in a Web Worker (assets/search-worker.js), which
// fetches the wasm and the index ranges, and its answers are the CLI's. From file://,
// where a page cannot start a worker, the page runs the same engine itself.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, serve, site, cliIds } from "./harness.js";

let b;
before(async () => { b = await browser(); });
after(async () => { await b.close(); });

async function resultIds(page) {
  await page.waitForFunction(() => document.documentElement.getAttribute("data-search") === "ready", null, { timeout: 20000 });
  return page.$$eval("#search-results > li[data-entry-id]", (els) => els.map((e) => e.getAttribute("data-entry-id")));
}

test("over http the engine runs in a Web Worker and answers as the CLI does", async () => {
  const server = await serve();
  const page = await b.newPage();
  const workers = [];
  page.on("worker", (w) => workers.push(w.url()));
  const q = "ローンが返せない";
  await page.goto(server.url + "search/index.html?q=" + encodeURIComponent(q));
  assert.deepEqual((await resultIds(page)).slice(0, 10), cliIds(q, 10));
  assert.deepEqual(workers.map((u) => u.replace(server.url, "")), ["assets/search-worker.js"]);
  const log = server.log();
  assert.ok(log.some((r) => r.path === "/assets/search.wasm" && r.status === 200), "the worker fetched the engine");
  assert.ok(log.some((r) => /^\/search-index\/[0-9a-f]{32}\./.test(r.path) && r.status === 206), "and index ranges");
  // Typing again answers from the worker too, with the highlighted cards.
  await page.fill("#q", "子ども食堂");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "子ども食堂", null, { timeout: 20000 });
  assert.ok(await page.locator("#search-results mark").count() > 0, "highlighted");
  const ids = await page.$$eval("#search-results > li[data-entry-id]", (els) => els.map((e) => e.getAttribute("data-entry-id")));
  assert.deepEqual(ids.slice(0, 10), cliIds("子ども食堂", 10));
  await page.close();
  await server.close();
});

test("from file:// the page runs the engine itself", async () => {
  const page = await b.newPage();
  const workers = [];
  page.on("worker", (w) => workers.push(w.url()));
  const q = "くらしまるごと";
  await page.goto("file://" + site() + "/search/index.html?q=" + encodeURIComponent(q));
  assert.deepEqual((await resultIds(page)).slice(0, 10), cliIds(q, 10));
  assert.deepEqual(workers, []);
  await page.close();
});
