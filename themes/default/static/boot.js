// Before the first paint (a classic script in <head>, not deferred): the text size the
// resident chose, and kiosk mode (?kiosk=1 turns it on for the session, ?kiosk=0 off), so
// the page never flashes in the wrong size. A file, not inline: the pages' policy forbids
// inline scripts.
(function () {
  try {
    var d = document.documentElement;
    if (localStorage.getItem("tsunagu-text") === "large") d.classList.add("text-large");
    if (/[?&]kiosk=1/.test(location.search)) sessionStorage.setItem("tsunagu-kiosk", "1");
    if (/[?&]kiosk=0/.test(location.search)) sessionStorage.removeItem("tsunagu-kiosk");
    if (sessionStorage.getItem("tsunagu-kiosk") === "1") d.classList.add("kiosk");
  } catch (e) { /* storage unavailable: defaults */ }
})();
