// Accessibility beyond what a page's markup says: axe-core on every kind of page, a
// keyboard-only walk through search, filters, a result and kiosk mode, text at 200% on a
// 320 CSS px screen, and touch targets of at least 24 px (WCAG 2.2: 1.4.10, 2.1.1, 2.4.7,
// 2.5.8). The sample site's アクセシビリティ方針 page lists these checks.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { browser, serve } from "./harness.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const PAGES = [
  "index.html",
  "categories/index.html",
  "areas/index.html",
  "categories/ibasho/index.html",
  "areas/amagasaki/index.html",
  "entries/amagasaki-amashare/index.html",
  "search/index.html?q=" + encodeURIComponent("ローンが返せない"),
  "pages/accessibility/index.html",
  "no-such-page/",
];

let b, server;
before(async () => { b = await browser(); server = await serve(); });
after(async () => { await b.close(); await server.close(); });

/** Waits until the search page has answered (results or 見つかりません). */
async function searched(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status");
    return s && s.textContent.trim() !== "" && !/読み込み中/.test(s.textContent);
  });
}

async function open(page, path) {
  await page.goto(server.url + path);
  if (path.startsWith("search/")) await searched(page);
}

test("axe-core finds no WCAG 2.2 A or AA violation on any kind of page, on a phone and a desktop", async () => {
  // axe is injected as a script: this context alone lets it past the pages' policy.
  for (const viewport of [{ width: 375, height: 740 }, { width: 1280, height: 900 }]) {
    const context = await b.newContext({ bypassCSP: true, viewport });
    const page = await context.newPage();
    for (const path of PAGES) {
      await open(page, path);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      assert.deepEqual(violations, [], `${path} at ${viewport.width} px`);
    }
    await context.close();
  }
});

/** What has the focus: a short description and whether a focus indicator is drawn. */
function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { desc: "body", visible: false, onScreen: false };
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const ring = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== "none";
    const desc = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className ? "." + String(el.className).split(" ")[0] : ""} ${(el.textContent || el.value || "").trim().slice(0, 20)}`;
    return { desc, id: el.id, tag: el.tagName, cls: String(el.className), href: el.getAttribute("href"), visible: ring,
      onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth };
  });
}

/**
 * Presses Tab until `want(focus)` holds (at most `limit` times), checking that every
 * element focused on the way shows a focus indicator and is scrolled into view.
 */
async function tabTo(page, want, what, limit = 60) {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const f = await focusState(page);
    seen.push(f.desc);
    assert.ok(f.visible, `no visible focus indicator on ${f.desc} (looking for ${what}; focus went: ${seen.join(" → ")})`);
    assert.ok(f.onScreen, `${f.desc} has the focus but is off screen (looking for ${what})`);
    if (want(f)) return f;
  }
  assert.fail(`${what} was not reached by Tab; focus went: ${seen.join(" → ")}`);
}

async function keyboardWalk(page, start) {
  await page.goto(server.url + start);
  // The first Tab reaches the skip link, which shows itself and moves to the content.
  await page.keyboard.press("Tab");
  let f = await focusState(page);
  assert.match(f.cls, /skip-link/, `the first Tab focuses ${f.desc}`);
  assert.ok(f.visible && f.onScreen, "the skip link is shown when focused");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");

  // Search from the header's box.
  await page.goto(server.url + start);
  await tabTo(page, (x) => x.id === "site-q", "the search box");
  await page.keyboard.type("相談");
  await page.keyboard.press("Enter");
  await page.waitForURL(/search\/index\.html\?q=/);
  await searched(page);
  const before = await page.locator("#search-results > li").count();
  assert.ok(before > 1, "results");

  // A filter, changed with the arrow keys alone (the first area: 全国, the national lines).
  await tabTo(page, (x) => x.tag === "SELECT" && /search-filter-area/.test(x.id || ""), "the area filter");
  await page.keyboard.press("ArrowDown");
  await page.waitForURL(/area=/);
  await searched(page);
  const after = await page.locator("#search-results > li").count();
  assert.ok(after >= 1 && after <= before, `the area filter narrows ${before} results to ${after}`);

  // The first result opens with Enter, and its telephone number is reachable.
  await tabTo(page, (x) => x.tag === "A" && /\/entries\//.test(x.href || ""), "the first result");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/entries\//);
  await tabTo(page, (x) => x.tag === "A" && /^tel:/.test(x.href || ""), "a telephone link");
}

test("a keyboard alone searches, filters and opens a result, and the focus is always visible", async () => {
  const page = await b.newPage({ viewport: { width: 390, height: 800 } });
  await keyboardWalk(page, "index.html");
});

test("in kiosk mode a keyboard alone does the same, and reaches the text-size switch", async () => {
  const page = await b.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(server.url + "index.html?kiosk=1");
  await keyboardWalk(page, "index.html");
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("kiosk")), true);
  await page.goto(server.url + "index.html");
  await tabTo(page, (x) => x.tag === "BUTTON" && /拡大|大/.test(x.desc), "the 拡大 switch");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("text-large")), true);
});

test("with 拡大 on a 320 px screen (text at 200%) every page reflows without horizontal scrolling or cut text", async () => {
  // 320 CSS px is a 640 px window zoomed to 200% (WCAG 1.4.10); 拡大 adds 125% on top.
  const page = await b.newPage({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2 });
  await page.goto(server.url + "index.html");
  await page.locator("[data-text-size=large]").click();
  for (const path of PAGES) {
    await open(page, path);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains("text-large")), true, path);
    const problems = await page.evaluate(() => {
      const out = [];
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
      for (const el of document.querySelectorAll("main *, header *, footer *")) {
        const cs = getComputedStyle(el);
        if (cs.visibility === "hidden" || cs.display === "none") continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (el.closest(".skip-link, .visually-hidden, pre, table")) continue;
        if (r.right > width + 1 || r.left < -1) out.push(`${el.tagName.toLowerCase()}.${el.className} spans ${Math.round(r.left)}–${Math.round(r.right)}`);
        // Text cut off by its own box.
        if ((cs.overflowX === "hidden" || cs.overflowX === "clip") && el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className} cuts its text`);
      }
      return out.slice(0, 5);
    });
    assert.deepEqual(problems, [], path);
  }
});

test("every control and stand-alone link is at least 24 by 24 px on a phone", async () => {
  const page = await b.newPage({ viewport: { width: 375, height: 740 } });
  for (const path of PAGES) {
    await open(page, path);
    const small = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll("a[href], button, input, select, summary, [tabindex]:not([tabindex='-1'])")) {
        const cs = getComputedStyle(el);
        if (cs.visibility === "hidden" || cs.display === "none" || el.closest("[hidden]")) continue;
        if (el.classList.contains("skip-link")) continue; // shown only when focused
        // Links inside running text are exempt (WCAG 2.5.8 "inline").
        if (el.tagName === "A" && el.closest("p, li, dd, td") && cs.display === "inline" && !el.closest("nav, .cards, .grid, .pagination, .filters")) continue;
        // A box or radio button inside its label: the label is what a finger hits.
        const r = (el.tagName === "INPUT" && el.closest("label") ? el.closest("label") : el).getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.width < 24 || r.height < 24) out.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || "").trim().slice(0, 15)}" ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
      }
      return out.slice(0, 8);
    });
    assert.deepEqual(small, [], path);
  }
});

test("the sample site's accessibility statement names the standard and the checks", async () => {
  const page = await b.newPage();
  await page.goto(server.url + "index.html");
  await page.getByRole("link", { name: "アクセシビリティ方針" }).click();
  await page.waitForURL(/pages\/accessibility\//);
  const text = await page.locator("main").innerText();
  for (const words of ["JIS X 8341-3", "AA", "キーボード", "320", "24", "axe-core", "Content-Security-Policy"]) {
    assert.ok(text.includes(words), `the statement mentions ${words}`);
  }
});
