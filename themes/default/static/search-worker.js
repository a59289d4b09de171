// The Web Worker the search page starts over http: it runs the search engine
// (search-engine.js) off the page's thread. Messages: {id, op: "load" | "search" |
// "highlight", arg} in, {id, ok} or {id, error} out.
importScripts("search-engine.js");

var loaded = null;

self.onmessage = function (ev) {
  var m = ev.data;
  var answer = m.op === "load"
    ? (loaded = self.TsunaguEngine.load(m.arg))
    : (loaded || Promise.reject(new Error("not loaded"))).then(function () { return self.TsunaguEngine[m.op](m.arg); });
  answer.then(
    function (ok) { self.postMessage({ id: m.id, ok: ok }); },
    function (err) { self.postMessage({ id: m.id, error: String((err && err.message) || err) }); }
  );
};
