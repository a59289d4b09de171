// tsunagu open state: whether a desk is open now, and when it next opens, decided in Japan
// time (Asia/Tokyo, UTC+9 all year) whatever the device's zone. The one place this rule
// lives: pages and cards carry their opening rules in data-schedule (written by tsunagu from
// `schedule` and `closed`, see src/schedule/mod.rs), the holidays come from
// assets/holidays.js (built into the site, never fetched). Sets data-open-state="open" or
// "closed" on each element with a schedule and fills its [data-open-badge].
(function (global) {
  "use strict";

  var DAY = 86400000;
  var JST = 9 * 3600000;
  var WEEKDAYS_JA = ["日", "月", "火", "水", "木", "金", "土"];
  var WEEKDAYS_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  /** How far ahead to look for the next opening. */
  var HORIZON_DAYS = 400;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /** Day number (days since 1970-01-01 in Japan) -> {y, m, d, dow, ymd, md, last}. */
  function civil(day) {
    var t = new Date(day * DAY);
    var y = t.getUTCFullYear(), m = t.getUTCMonth() + 1, d = t.getUTCDate();
    var daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return {
      y: y, m: m, d: d, dow: t.getUTCDay(),
      ymd: y + "-" + pad(m) + "-" + pad(d),
      md: pad(m) + "-" + pad(d),
      week: Math.ceil(d / 7),
      last: d + 7 > daysInMonth
    };
  }

  function isClosed(c, closed, holidays) {
    for (var i = 0; i < (closed || []).length; i++) {
      var x = closed[i];
      if (x === "holidays") { if (holidays && holidays[c.ymd]) return true; }
      else if (x === "year-end") { if ((c.m === 12 && c.d >= 29) || (c.m === 1 && c.d <= 3)) return true; }
      else if (x.indexOf("..") > 0) {
        var from = x.slice(0, 5), to = x.slice(7, 12);
        if (from <= to ? (c.md >= from && c.md <= to) : (c.md >= from || c.md <= to)) return true;
      } else if (x === c.ymd) return true;
    }
    return false;
  }

  function ruleHolds(r, c) {
    if (r.days.indexOf(c.dow) < 0) return false;
    if (r.weeks && r.weeks.length) {
      var inWeek = r.weeks.some(function (w) { return w === -1 ? c.last : w === c.week; });
      if (!inWeek) return false;
    }
    if (r.from && c.ymd < r.from) return false;
    if (r.to && c.ymd > r.to) return false;
    return true;
  }

  /** The openings that start on `day`, as [start, end] in Japan wall-clock milliseconds. */
  function openings(schedule, day, holidays) {
    var c = civil(day);
    if (isClosed(c, schedule.closed, holidays)) return [];
    var out = [];
    schedule.rules.forEach(function (r) {
      if (!ruleHolds(r, c)) return;
      var start = day * DAY + r.opens * 60000;
      var end = (r.closes < r.opens ? day + 1 : day) * DAY + r.closes * 60000;
      out.push([start, end]);
    });
    return out;
  }

  /**
   * The open state at `now` (a Date or ms): {open: true, until: ms|null (null: open for a
   * week or more)} or {open: false, next: ms|null}; times are Japan wall-clock ms (read
   * them with getUTC*).
   */
  function state(schedule, now, holidays) {
    var t = (typeof now === "number" ? now : now.getTime()) + JST;
    var today = Math.floor(t / DAY);
    var spans = [];
    for (var day = today - 1; day <= today + HORIZON_DAYS; day++) {
      spans.push.apply(spans, openings(schedule, day, holidays));
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var current = null;
    for (var i = 0; i < spans.length; i++) {
      if (spans[i][0] <= t && t < spans[i][1]) { current = spans[i][1]; break; }
    }
    if (current !== null) {
      // Openings that touch or overlap run on: 0:00〜24:00 every day is open all week.
      var moved = true;
      while (moved && current - t < 7 * DAY) {
        moved = false;
        for (var j = 0; j < spans.length; j++) {
          if (spans[j][0] <= current && spans[j][1] > current) { current = spans[j][1]; moved = true; }
        }
      }
      return { open: true, until: current - t >= 7 * DAY ? null : current };
    }
    var next = null;
    for (var k = 0; k < spans.length; k++) {
      if (spans[k][0] > t) { next = spans[k][0]; break; }
    }
    return { open: false, next: next };
  }

  function time(ms) {
    var d = new Date(ms);
    return d.getUTCHours() + ":" + pad(d.getUTCMinutes());
  }

  /** 「12月2日（水）9:00」, or "Wed 2 Dec 9:00". */
  function when(ms, lang) {
    var d = new Date(ms);
    if (lang === "en") return WEEKDAYS_EN[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS_EN[d.getUTCMonth()] + " " + time(ms);
    return (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日（" + WEEKDAYS_JA[d.getUTCDay()] + "）" + time(ms);
  }

  /** The badge's words: {state: "受付中", detail: "17:00まで"}. */
  function words(s, now, lang) {
    var t = (typeof now === "number" ? now : now.getTime()) + JST;
    var en = lang === "en";
    if (s.open) {
      var detail;
      if (s.until === null) detail = en ? "24 hours" : "24時間受付";
      else if (Math.floor(s.until / DAY) === Math.floor(t / DAY) || (s.until % DAY === 0 && s.until / DAY === Math.floor(t / DAY) + 1)) {
        detail = en ? "until " + (s.until % DAY === 0 ? "24:00" : time(s.until)) : (s.until % DAY === 0 ? "24:00" : time(s.until)) + "まで";
      } else detail = en ? "until " + when(s.until, lang) : when(s.until, lang) + "まで";
      return { state: en ? "Open now" : "受付中", detail: detail };
    }
    return {
      state: en ? "Closed now" : "時間外",
      detail: s.next === null ? "" : (en ? "opens " + when(s.next, lang) : "次は " + when(s.next, lang) + "から")
    };
  }

  function holidayTable() { return global.TSUNAGU_HOLIDAYS || {}; }

  function langOf(el) {
    var l = (el.closest && el.closest("[lang]")) || document.documentElement;
    return (l.getAttribute("lang") || "ja").slice(0, 2) === "en" ? "en" : "ja";
  }

  /** Sets data-open-state and the badge of `el` (an element with data-schedule). */
  function mark(el, now) {
    var schedule;
    try { schedule = JSON.parse(el.getAttribute("data-schedule")); } catch (e) { return; }
    if (!schedule || !schedule.rules) return;
    var s = state(schedule, now, holidayTable());
    el.setAttribute("data-open-state", s.open ? "open" : "closed");
    var badge = el.querySelector("[data-open-badge]");
    if (badge && badge.closest("[data-schedule]") === el) {
      var w = words(s, now, langOf(el));
      badge.textContent = "";
      var st = document.createElement("span");
      st.className = "open-state";
      st.textContent = w.state;
      badge.appendChild(st);
      if (w.detail) badge.appendChild(document.createTextNode(" " + w.detail));
    }
  }

  /** Marks every element with a schedule under `root` (default: the document). */
  function apply(root, now) {
    now = now || new Date();
    var scope = root || document;
    if (scope.matches && scope.matches("[data-schedule]")) mark(scope, now);
    scope.querySelectorAll("[data-schedule]").forEach(function (el) { mark(el, now); });
  }

  var api = { state: state, words: words, apply: apply, openings: openings };
  if (typeof module === "object" && module.exports) module.exports = api;
  else {
    global.TsunaguOpen = api;
    var refresh = function () {
      apply(document);
      document.dispatchEvent(new CustomEvent("tsunagu:open-state"));
    };
    // Keep badges true while the page stays open (kiosks run all day).
    var start = function () { refresh(); setInterval(refresh, 60000); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})(typeof window !== "undefined" ? window : globalThis);
