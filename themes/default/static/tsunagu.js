// tsunagu: progressive enhancements. Every page works without this file.
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

  document.addEventListener("DOMContentLoaded", function () {
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
