// tsunagu: progressive enhancements (text size, kiosk, listing filters). Every page works
// without this file.
(function () {
  "use strict";
  var doc = document.documentElement;
  var root = (document.body && document.body.getAttribute("data-root")) || "./";

  // 文字サイズ 標準/拡大: remembered on this device only (localStorage, never sent anywhere).
  function setTextSize(size) {
    doc.classList.toggle("text-large", size === "large");
    try { localStorage.setItem("tsunagu-text", size); } catch (e) { /* private mode */ }
    document.querySelectorAll("[data-text-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-text-size") === size));
    });
  }

  // Kiosk mode (?kiosk=1, or `kiosk: true` in site.yaml): after two minutes without a touch
  // the query is cleared and the home page shown, so the next person never sees the last
  // one's search. `?kiosk=1&idle=SECONDS` changes the delay (for staff and tests).
  function kiosk() {
    var params = new URLSearchParams(location.search);
    try {
      if (params.get("idle")) sessionStorage.setItem("tsunagu-kiosk-idle", params.get("idle"));
    } catch (e) { /* storage disabled */ }
    var idle = 120;
    try { idle = Number(sessionStorage.getItem("tsunagu-kiosk-idle")) || 120; } catch (e) { /* default */ }
    var last = Date.now();
    ["pointerdown", "keydown", "input", "touchstart", "wheel", "scroll"].forEach(function (type) {
      window.addEventListener(type, function () { last = Date.now(); }, { passive: true, capture: true });
    });
    setInterval(function () {
      if (Date.now() - last < idle * 1000) return;
      last = Date.now();
      document.querySelectorAll("input[type=search], input[name=q]").forEach(function (i) { i.value = ""; });
      var home = new URL(root + "index.html", location.href);
      if (location.href !== home.href) location.replace(home.href);
      else window.scrollTo(0, 0);
    }, 1000);
  }

  // Offline, in kiosk mode only: a service worker keeps the site, the search runtime and
  // the index cached, so a kiosk keeps working when the network is down. Residents' phones
  // are not made to download the whole site. Not on file:// and not under `serve`.
  function offline() {
    if (!doc.classList.contains("kiosk")) return;
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
    if (document.querySelector("script[src='/__tsunagu/live.js']")) return;
    navigator.serviceWorker.register(root + "sw.js").catch(function () { /* no sw.js: fine */ });
  }

  // Listing pages: filters by how to use, language, audience and 今開いている, over the
  // cards of this page (each card's data-facets and data-open-state), with counts.
  // Each filter group: the value key in data-facets and the theme's word for its name.
  var GROUPS = [["use", "how_to_use"], ["language", "languages"], ["audience", "audiences"]];

  function listFilters(bar) {
    var list = bar.parentNode.querySelector("ul.cards");
    if (!list) return;
    var cards = Array.prototype.filter.call(list.children, function (li) { return li.hasAttribute("data-entry-id"); });
    // {use: [[value, name], …], language: […]}, in the order to show them.
    var pairs = {};
    try { pairs = JSON.parse(bar.getAttribute("data-labels") || "{}"); } catch (e) { /* names as written */ }
    var labels = {};
    var known = {};
    Object.keys(pairs).forEach(function (g) {
      labels[g] = {};
      known[g] = pairs[g].map(function (p) { labels[g][p[0]] = p[1]; return p[0]; });
    });
    var facets = cards.map(function (li) {
      try { return JSON.parse(li.getAttribute("data-facets") || "{}"); } catch (e) { return {}; }
    });
    var t = {};
    try { t = JSON.parse(bar.getAttribute("data-strings") || "{}"); } catch (e) { /* defaults below */ }
    var ja = (document.documentElement.getAttribute("lang") || "ja") === "ja";
    var count = function (n) { return ja ? "（" + n + "件）" : " (" + n + ")"; };
    var chosen = {};
    var openOnly = false;
    var status = document.createElement("p");
    status.className = "status";
    status.setAttribute("role", "status");

    function apply() {
      var shown = 0;
      cards.forEach(function (li, i) {
        var ok = GROUPS.every(function (g) {
          var want = Object.keys(chosen[g[0]] || {}).filter(function (v) { return chosen[g[0]][v]; });
          return !want.length || want.some(function (v) { return (facets[i][g[0]] || []).indexOf(v) >= 0; });
        });
        if (openOnly && li.getAttribute("data-open-state") !== "open") ok = false;
        li.hidden = !ok;
        if (ok) shown++;
      });
      var filtering = openOnly || GROUPS.some(function (g) {
        return Object.keys(chosen[g[0]] || {}).some(function (v) { return chosen[g[0]][v]; });
      });
      status.textContent = !filtering ? "" : ja
        ? shown + (t.filter_shown || "件を表示しています") + "（" + cards.length + (t.filter_of || "件中") + "）"
        : shown + " of " + cards.length + " shown";
    }

    function checkbox(text, onChange) {
      var label = document.createElement("label");
      label.className = "filter-choice";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.addEventListener("change", function () { onChange(box.checked); apply(); });
      label.appendChild(box);
      var span = document.createElement("span");
      span.textContent = text;
      label.appendChild(span);
      return { label: label, text: span };
    }

    var any = false;
    GROUPS.forEach(function (g) {
      var counts = {};
      var order = [];
      facets.forEach(function (f) {
        (f[g[0]] || []).forEach(function (v) {
          if (!counts[v]) { counts[v] = 0; order.push(v); }
          counts[v]++;
        });
      });
      if (!order.length) return;
      any = true;
      var first = known[g[0]] || [];
      order.sort(function (a, b) {
        var ka = first.indexOf(a), kb = first.indexOf(b);
        if (ka >= 0 && kb >= 0) return ka - kb;
        return counts[b] - counts[a] || (a < b ? -1 : 1);
      });
      chosen[g[0]] = {};
      var fs = document.createElement("fieldset");
      fs.setAttribute("data-filter", g[0]);
      var legend = document.createElement("legend");
      legend.textContent = t[g[1]] || g[0];
      fs.appendChild(legend);
      order.forEach(function (v) {
        var name = (labels[g[0]] && labels[g[0]][v]) || v;
        var c = checkbox(name + count(counts[v]), function (on) { chosen[g[0]][v] = on; });
        c.label.querySelector("input").value = v;
        fs.appendChild(c.label);
      });
      bar.appendChild(fs);
    });
    var scheduled = cards.filter(function (li) { return li.hasAttribute("data-schedule"); });
    if (scheduled.length) {
      any = true;
      var open = checkbox("", function (on) { openOnly = on; });
      open.label.querySelector("input").setAttribute("data-filter", "open");
      var openCount = function () {
        var n = cards.filter(function (li) { return li.getAttribute("data-open-state") === "open"; }).length;
        open.text.textContent = (t.filter_open || "今開いている窓口だけ") + count(n);
      };
      openCount();
      document.addEventListener("tsunagu:open-state", function () { openCount(); apply(); });
      var p = document.createElement("p");
      p.appendChild(open.label);
      bar.appendChild(p);
    }
    if (!any) return;
    if (document.querySelector(".pagination")) {
      var note = document.createElement("p");
      note.className = "help";
      note.textContent = t.filter_page_only || "このページの情報から絞り込みます。";
      bar.insertBefore(note, bar.firstChild);
    }
    bar.appendChild(status);
    bar.hidden = false;
  }

  // The search engine is fetched by the search page only; a resident who focuses the
  // search box elsewhere is about to search, so the engine and the site's search data are
  // fetched then (into the HTTP cache), not on every page.
  function prefetchSearch() {
    if (!/^https?:$/.test(location.protocol) || document.getElementById("search-app")) return;
    ["assets/search.wasm", "assets/search-engine.js", "assets/search-worker.js", "search-index/site.json"].forEach(function (path) {
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.href = root + path;
      document.head.appendChild(link);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-list-filters]").forEach(listFilters);
    var box = document.getElementById("site-q");
    if (box) box.addEventListener("focus", prefetchSearch, { once: true });
    var group = document.querySelector(".text-size");
    if (group) {
      group.hidden = false;
      setTextSize(doc.classList.contains("text-large") ? "large" : "normal");
      group.addEventListener("click", function (ev) {
        var b = ev.target.closest("[data-text-size]");
        if (b) setTextSize(b.getAttribute("data-text-size"));
      });
    }
    if (doc.classList.contains("kiosk")) kiosk();
    offline();
  });
})();
