import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { browser, serve, siteWith } from "./harness.js";

let b, server;
before(async () => { b = await browser(); server = await serve(siteWith("base_url: https://directory.example.jp")); });
after(async () => { await b.close(); await server.close(); });

test("kiosk mode shows large type, a hint and a QR code, and returns home when idle", async () => {
  const page = await b.newPage();
  await page.goto(server.url + "search/index.html?kiosk=1&idle=2&q=" + encodeURIComponent("食堂"));
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("kiosk")), true);
  assert.equal(await page.locator(".kiosk-banner").isVisible(), true);
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert.ok(size >= 20, `kiosk font size ${size}px`);

  // Kiosk mode follows the visitor to other pages of the session.
  await page.goto(server.url + "entries/amagasaki-amashare/index.html");
  assert.equal(await page.locator(".qr svg").isVisible(), true, "entry pages show a QR code in kiosk mode");
  assert.equal(await page.locator(".qr-url").innerText(), "https://directory.example.jp/entries/amagasaki-amashare/");

  await page.goto(server.url + "search/index.html?q=" + encodeURIComponent("食堂"));
  await page.waitForURL((u) => u.pathname.endsWith("/index.html") && !u.pathname.includes("search"), { timeout: 10000 });
  assert.equal(new URL(page.url()).search, "", "the query is gone from the URL");
  assert.equal(await page.locator("#site-q").inputValue(), "", "the search box is empty");
});

test("outside kiosk mode the QR code is not shown and nothing resets", async () => {
  const page = await b.newPage();
  await page.goto(server.url + "entries/amagasaki-amashare/index.html");
  assert.equal(await page.locator(".qr").isVisible(), false);
});
