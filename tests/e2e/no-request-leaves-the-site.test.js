import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, serve } from "./harness.js";

let b, server;
before(async () => { b = await browser(); server = await serve(); });
after(async () => { await b.close(); await server.close(); });

test("browsing and searching the site never requests another origin", async () => {
  const page = await b.newPage();
  const foreign = [];
  page.on("request", (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith("data:")) foreign.push(r.url()); });
  await page.goto(server.url + "index.html");
  await page.click(".grid a >> nth=0");
  await page.click("[data-entry-id] a, a[data-entry-id] >> nth=0");
  await page.goto(server.url + "search/index.html?q=" + encodeURIComponent("ひきこもり"));
  await page.waitForSelector("#search-results [data-entry-id]");
  await page.goto(server.url + "entries/amagasaki-amashare/index.html?kiosk=1");
  assert.deepEqual(foreign, []);
});

test("without JavaScript the search page points to category and area browsing", async () => {
  const ctx = await b.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(server.url + "search/index.html?q=test");
  const text = await page.locator("main").innerText();
  assert.match(text, /検索にはJavaScriptが必要です/);
  assert.equal(await page.locator("main a[href$='categories/index.html']").count() > 0, true);
  await ctx.close();
});

test("no page breaks its Content-Security-Policy or asks for a missing file: over http, in kiosk mode and from disk", async () => {
  const { site } = await import("./harness.js");
  const page = await b.newPage();
  const violations = [];
  const missing = [];
  page.on("response", (r) => { if (r.status() >= 400) missing.push(r.status() + " " + r.url()); });
  page.on("console", (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error("Refused to load (CSP): " + e.violatedDirective + " " + e.blockedURI));
  });
  const visits = [
    "index.html", "areas/index.html", "categories/index.html", "entries/amagasaki-amashare/index.html",
    "entries/amagasaki-amashare/index.html?kiosk=1",
  ];
  for (const p of visits) {
    await page.goto(server.url + p);
    await page.waitForLoadState("load");
  }
  // The search page compiles its engine and reads the index by range; kiosk mode registers
  // the service worker.
  await page.goto(server.url + "search/index.html?q=" + encodeURIComponent("子ども食堂") + "&kiosk=1");
  await page.waitForFunction(() => document.documentElement.getAttribute("data-search") === "ready", null, { timeout: 20000 });
  assert.ok(await page.locator("#search-results [data-entry-id]").count() > 0);
  await page.goto("file://" + site() + "/search/index.html?q=" + encodeURIComponent("ゴミ屋敷"));
  await page.waitForFunction(() => document.documentElement.getAttribute("data-search") === "ready", null, { timeout: 20000 });
  assert.ok(await page.locator("#search-results [data-entry-id]").count() > 0, "file:// search works under the policy");
  assert.deepEqual(violations, []);
  assert.deepEqual(missing, [], "no 404");
  await page.close();
});
