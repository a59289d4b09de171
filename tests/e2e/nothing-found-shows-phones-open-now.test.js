// When a search finds nothing, the page lists the telephone lines open at that moment
// (Japan time, whatever the device's zone), before the general desks: a resident who
// found nothing can call someone now. The clock is set by the test.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, serve } from "./harness.js";

let b, server;
before(async () => { b = await browser(); server = await serve(); });
after(async () => { await b.close(); await server.close(); });

async function phonesAt(time, area) {
  const page = await b.newPage();
  await page.clock.setFixedTime(new Date(time));
  const q = "zzzzqqqq" + (area ? "&area=" + area : "");
  await page.goto(server.url + "search/index.html?q=" + q);
  await page.waitForFunction(() => document.documentElement.getAttribute("data-search") === "ready", null, { timeout: 20000 });
  const section = page.locator("section.phones-now");
  const ids = (await section.count())
    ? await section.locator("li[data-entry-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-entry-id")))
    : [];
  const order = await page.locator("#search-results section").evaluateAll((els) => els.map((e) => e.className));
  await page.close();
  return { ids, order };
}

test("a weekday morning lists the 24-hour lines and the desks open by day", async () => {
  const { ids, order } = await phonesAt("2026-11-25T10:00:00+09:00");
  assert.ok(ids.includes("zenkoku-yorisoi-hotline") && ids.includes("amagasaki-amatsunagi"), JSON.stringify(ids));
  assert.equal(ids.length, 6);
  assert.deepEqual(order, ["phones-now", "start-here"], "the phones first, then where to start");
});

test("at 3 a.m. on a Sunday only the 24-hour lines, and with an area only those serving it", async () => {
  const night = await phonesAt("2026-11-29T03:00:00+09:00");
  assert.ok(!night.ids.includes("amagasaki-amatsunagi"), JSON.stringify(night.ids));
  assert.ok(night.ids.includes("zenkoku-yorisoi-hotline") && night.ids.includes("hannan-kyukyu-anshin-7119"));
  // 芦屋 is in 兵庫県: Osaka's #7119 does not serve it; the national lines do
  const ashiya = await phonesAt("2026-11-29T03:00:00+09:00", "ashiya");
  assert.ok(!ashiya.ids.includes("hannan-kyukyu-anshin-7119"), JSON.stringify(ashiya.ids));
  assert.ok(ashiya.ids.includes("zenkoku-yorisoi-hotline"));
});
