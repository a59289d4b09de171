// tsunagu: progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  var doc = document.documentElement;

  // 文字サイズ 標準/拡大: remembered on this device only (localStorage, never sent anywhere).
  function setTextSize(size) {
    doc.classList.toggle("text-large", size === "large");
    try { localStorage.setItem("tsunagu-text", size); } catch (e) { /* private mode */ }
    document.querySelectorAll("[data-text-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-text-size") === size));
    });
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
  });
})();
