import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { browser, serve, cliIds, repo } from "./harness.js";

let b, server;
before(async () => { b = await browser(); server = await serve(); });
after(async () => { await b.close(); await server.close(); });

/** The evaluation sets' queries: the browser must rank them exactly as the CLI does. */
function evalQueries() {
  return ["queries.tsv", "needs.tsv"].flatMap((f) => readFileSync(join(repo, "tests/eval", f), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => l.split("\t")[0]));
}

/** Result ids shown for `query` once the page has answered. */
async function browserIds(page, query) {
  await page.goto(server.url + "search/index.html?q=" + encodeURIComponent(query));
  await page.waitForFunction(() => {
    const s = document.querySelector("#search-status");
    return s && s.textContent.trim() !== "" && !/読み込み中/.test(s.textContent);
  }, null, { timeout: 20000 });
  return page.$$eval("#search-results > li[data-entry-id]", (els) => els.map((e) => e.getAttribute("data-entry-id")));
}

test("every query of the evaluation set gives the CLI's ids in the CLI's order", async () => {
  const page = await b.newPage();
  const queries = evalQueries();
  assert.ok(queries.length >= 40, `only ${queries.length} queries`);
  const mismatches = [];
  for (const q of queries) {
    const cli = cliIds(q, 10);
    const web = (await browserIds(page, q)).slice(0, 10);
    if (JSON.stringify(cli) !== JSON.stringify(web)) mismatches.push({ q, cli, web });
  }
  assert.deepEqual(mismatches, []);
});

test("results appear as you type, the URL follows, and a live region gives the count", async () => {
  const page = await b.newPage();
  await page.goto(server.url + "search/index.html");
  await page.locator("#q").pressSequentially("くらしまるごと", { delay: 30 });
  // The URL follows the last answer (answers to the first keystrokes may come before it).
  await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "くらしまるごと", null, { timeout: 20000 });
  await page.waitForSelector("#search-results > li[data-entry-id='hannan-kurashi-marugoto']");
  assert.equal(await page.locator("#search-status").getAttribute("role"), "status");
  assert.match(await page.locator("#search-status").innerText(), /\d+件/);
  const first = page.locator("#search-results > li").first();
  assert.equal(await first.getAttribute("data-entry-id"), "hannan-kurashi-marugoto");
  assert.equal(await first.locator("a[data-entry-id='hannan-kurashi-marugoto']").count(), 1);
  assert.ok((await first.locator("mark").count()) > 0, "matched words are highlighted");
  assert.ok((await first.locator("a[href^='tel:']").count()) > 0, "phone numbers are tel links");
});

test("a query with no results says 見つかりません and shows where to start", async () => {
  const page = await b.newPage();
  assert.deepEqual(await browserIds(page, "zzzzqqqq"), []);
  const text = await page.locator("main").innerText();
  assert.match(text, /見つかりません/);
  assert.ok(await page.locator("#search-app a[href$='categories/index.html']").count() > 0);
  const start = page.locator(".start-here [data-entry-id]");
  assert.ok(await start.count() >= 3, "general desks are offered");
  assert.ok(await page.locator(".start-here a[href^='tel:']").count() > 0, "with their phone numbers");
  assert.ok(await page.locator(".start-here li[data-entry-id]").count() <= 10, "a few places to start, not every desk");
  // With a district chosen: that district's first contact.
  await page.goto(server.url + "search/index.html?q=zzzzqqqq&area=amagasaki-tachibana");
  await page.waitForSelector(".start-here [data-entry-id]");
  const ids = await page.$$eval(".start-here li[data-entry-id]", (els) => els.map((e) => e.getAttribute("data-entry-id")));
  assert.deepEqual(ids, ["amagasaki-chiiki-shinko-tachibana"]);
});

test("a sentence finds desks by its words and says which words each result matched", async () => {
  const page = await b.newPage();
  const ids = await browserIds(page, "母がご飯を食べない");
  assert.ok(ids.length > 0);
  const status = await page.locator("#search-status").innerText();
  assert.match(status, /一部の言葉を含む/, status);
  const matched = await page.locator("#search-results > li .matched").first().innerText();
  assert.match(matched, /一致した言葉：.*(ご飯|食べる)/, matched);
});

test("filters by area and category narrow the results and keep the URL shareable", async () => {
  const page = await b.newPage();
  const all = await browserIds(page, "相談");
  const area = page.locator("#search-filters select").first();
  const options = await area.locator("option").evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  const hannan = options.find(([, label]) => /阪南市/.test(label));
  assert.ok(hannan, JSON.stringify(options));
  assert.match(hannan[1], /\d/, "options show counts");
  await area.selectOption(hannan[0]);
  await page.waitForFunction(() => new URL(location.href).searchParams.get("area") === "hannan");
  await page.waitForFunction((before) => {
    const now = [...document.querySelectorAll("#search-results > li[data-entry-id]")].map((e) => e.getAttribute("data-entry-id"));
    return now.length > 0 && now.join() !== before;
  }, all.join());
  const ids = await page.$$eval("#search-results > li[data-entry-id]", (els) => els.map((e) => e.getAttribute("data-entry-id")));
  // 阪南市's own desks, and those listed at its ancestor areas themselves (大阪府, 全国),
  // which serve its residents too.
  // Each result card's area chips name the areas it is listed at.
  const areasOf = Object.fromEntries(await page.$$eval("#search-results > li[data-entry-id]", (els) => els.map((e) =>
    [e.getAttribute("data-entry-id"), [...e.querySelectorAll(".chip-area")].map((a) => a.getAttribute("href").split("/").slice(-2, -1)[0])])));
  const at = (id, area) => areasOf[id].includes(area);
  assert.ok(ids.length > 0 && ids.some((id) => id.startsWith("hannan-")), ids.join(","));
  assert.ok(ids.every((id) => id.startsWith("hannan-") || at(id, "osaka") || at(id, "zenkoku")), ids.join(","));
  const shared = page.url();
  assert.ok(new URL(shared).searchParams.get("area"), shared);
  const again = await b.newPage();
  await again.goto(shared);
  await again.waitForSelector("#search-results > li[data-entry-id]");
  const ids2 = await again.$$eval("#search-results > li[data-entry-id]", (els) => els.map((e) => e.getAttribute("data-entry-id")));
  assert.deepEqual(ids2, ids);
});
