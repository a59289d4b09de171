import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, serve, site, cliIds } from "./harness.js";

let b;
before(async () => { b = await browser(); });
after(async () => { await b.close(); });

async function resultIds(page) {
  await page.waitForSelector("#search-results > li[data-entry-id]", { timeout: 20000 });
  return page.$$eval("#search-results > li[data-entry-id]", (els) => els.map((e) => e.getAttribute("data-entry-id")));
}

test("a kiosk keeps the site and its search working with the server stopped", async () => {
  const server = await serve();
  const ctx = await b.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url + "index.html?kiosk=1");
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok, { once: true }));
    }
    return reg.active.state;
  });
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    return (await (await caches.open(keys[0])).keys()).length;
  });
  assert.ok(cached > 100, `only ${cached} files cached`);
  const url = server.url;
  await server.close();

  await page.goto(url + "search/index.html?q=" + encodeURIComponent("しょくどう"));
  const ids = await resultIds(page);
  assert.deepEqual(ids.slice(0, 10), cliIds("しょくどう", 10));
  await page.goto(url + "entries/hannan-kurashi-marugoto/index.html");
  assert.match(await page.locator("h1").innerText(), /くらし丸ごと相談室/);
  await ctx.close();
});

test("outside kiosk mode no service worker is installed", async () => {
  const server = await serve();
  const page = await b.newPage();
  await page.goto(server.url + "index.html");
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  await server.close();
});

test("opened from disk (file://) the search page still searches", async () => {
  const page = await b.newPage();
  await page.goto("file://" + site() + "/search/index.html?q=" + encodeURIComponent("くらしまるごと"));
  const ids = await resultIds(page);
  assert.deepEqual(ids.slice(0, 10), cliIds("くらしまるごと", 10));
  await page.goto("file://" + site() + "/index.html");
  await page.fill("#site-q", "ゴミ屋敷");
  await page.press("#site-q", "Enter");
  const ids2 = await resultIds(page);
  assert.equal(ids2[0], cliIds("ゴミ屋敷", 1)[0]);
});
