// tsunagu serve: reloads the page when the site is rebuilt or its errors change.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var source = new EventSource("/__tsunagu/events");
  var first = true;
  source.addEventListener("reload", function (ev) {
    if (first) { first = false; if (ev.data === document.documentElement.getAttribute("data-tsunagu-generation")) return; }
    location.reload();
  });
})();
