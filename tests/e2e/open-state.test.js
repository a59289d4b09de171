// Unit tests of the open-state rules (themes/default/static/open-state.js) with the holiday
// table tsunagu writes into the built site: no browser, fixed instants in Japan time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { repo, site } from "./harness.js";

const require = createRequire(import.meta.url);
const open = require(join(repo, "themes/default/static/open-state.js"));

/** The holiday table of the built site (assets/holidays.js). */
function holidays() {
  const ctx = { window: {} };
  vm.runInNewContext(readFileSync(join(site(), "assets/holidays.js"), "utf8"), ctx);
  return ctx.window.TSUNAGU_HOLIDAYS;
}

/** An instant given as Japan time: jst("2026-12-02 10:00"). */
const jst = (s) => Date.parse(s.replace(" ", "T") + ":00+09:00");

const weekdays = { rules: [{ days: [1, 2, 3, 4, 5], opens: 540, closes: 1020 }], closed: ["holidays", "year-end"] };

function say(schedule, at) {
  const s = open.state(schedule, jst(at), holidays());
  const w = open.words(s, jst(at), "ja");
  return (w.state + " " + w.detail).trim();
}

test("a weekday desk is open in its hours and says when it closes", () => {
  assert.equal(say(weekdays, "2026-12-02 10:00"), "受付中 17:00まで");
  assert.equal(say(weekdays, "2026-12-02 09:00"), "受付中 17:00まで");
});

test("after hours the badge names the next opening", () => {
  assert.equal(say(weekdays, "2026-12-02 17:00"), "時間外 次は 12月3日（木）9:00から");
  assert.equal(say(weekdays, "2026-12-04 18:30"), "時間外 次は 12月7日（月）9:00から");
});

test("national holidays, substitute holidays and the citizens' holiday close the desk", () => {
  // 2026-11-23 勤労感謝の日 (Monday).
  assert.equal(say(weekdays, "2026-11-23 10:00"), "時間外 次は 11月24日（火）9:00から");
  // 2026-05-06 振替休日 (Wednesday, for 憲法記念日 on a Sunday).
  assert.equal(say(weekdays, "2026-05-06 10:00"), "時間外 次は 5月7日（木）9:00から");
  // 2026-09-22 国民の休日, between 敬老の日 and 秋分の日.
  assert.equal(say(weekdays, "2026-09-22 10:00"), "時間外 次は 9月24日（木）9:00から");
});

test("the year-end closure runs from December 29 to January 3", () => {
  assert.equal(say(weekdays, "2026-12-28 16:59"), "受付中 17:00まで");
  assert.equal(say(weekdays, "2026-12-28 17:00"), "時間外 次は 1月4日（月）9:00から");
  assert.equal(say({ rules: weekdays.rules, closed: ["year-end"] }, "2027-01-01 10:00"), "時間外 次は 1月4日（月）9:00から");
});

test("an overnight rule is open past midnight into the next day", () => {
  const nights = { rules: [{ days: [5], opens: 22 * 60, closes: 6 * 60 }] };
  assert.equal(say(nights, "2026-12-05 03:00"), "受付中 6:00まで"); // Saturday 3:00, from Friday
  assert.equal(say(nights, "2026-12-04 21:00"), "時間外 次は 12月4日（金）22:00から");
  assert.equal(say(nights, "2026-12-04 23:00"), "受付中 12月5日（土）6:00まで");
  assert.equal(say(nights, "2026-12-05 06:00"), "時間外 次は 12月11日（金）22:00から");
});

test("weeks of the month count the last week, and the second and fourth", () => {
  const last = { rules: [{ days: [3], weeks: [-1], opens: 600, closes: 720 }] };
  assert.equal(say(last, "2026-12-30 11:00"), "受付中 12:00まで"); // the last Wednesday
  assert.equal(say(last, "2026-12-23 11:00"), "時間外 次は 12月30日（水）10:00から");
  const secondFourth = { rules: [{ days: [3], weeks: [2, 4], opens: 600, closes: 720 }] };
  assert.equal(say(secondFourth, "2026-12-09 11:00"), "受付中 12:00まで");
  assert.equal(say(secondFourth, "2026-12-16 11:00"), "時間外 次は 12月23日（水）10:00から");
  // A fifth week is the last one too when it exists.
  const fifth = { rules: [{ days: [3], weeks: [5], opens: 600, closes: 720 }] };
  assert.equal(say(fifth, "2026-12-01 09:00"), "時間外 次は 12月30日（水）10:00から");
});

test("rules hold only between valid_from and valid_to", () => {
  const fromApril = { rules: [{ days: [1, 2, 3, 4, 5], opens: 540, closes: 1020, from: "2027-04-01" }] };
  assert.equal(say(fromApril, "2026-12-02 10:00"), "時間外 次は 4月1日（木）9:00から");
  const ended = { rules: [{ days: [1], opens: 540, closes: 1020, to: "2026-03-31" }] };
  assert.equal(say(ended, "2026-12-02 10:00"), "時間外");
});

test("a yearly closure across the new year and a single date close the desk", () => {
  const s = { rules: weekdays.rules, closed: ["12-28..01-05", "2026-12-02"] };
  assert.equal(say(s, "2026-12-02 10:00"), "時間外 次は 12月3日（木）9:00から");
  assert.equal(say(s, "2026-12-28 10:00"), "時間外 次は 1月6日（水）9:00から");
});

test("a service open around the clock says so", () => {
  const always = { rules: [{ days: [0, 1, 2, 3, 4, 5, 6], opens: 0, closes: 1440 }] };
  assert.equal(say(always, "2026-12-02 03:00"), "受付中 24時間受付");
  const evening = { rules: [{ days: [0, 1, 2, 3, 4, 5, 6], opens: 17 * 60, closes: 1440 }] };
  assert.equal(say(evening, "2026-12-02 23:00"), "受付中 24:00まで");
});

test("English pages get English words", () => {
  const s = open.state(weekdays, jst("2026-12-02 18:00"), holidays());
  assert.deepEqual(open.words(s, jst("2026-12-02 18:00"), "en"), { state: "Closed now", detail: "opens Thu 3 Dec 9:00" });
});
