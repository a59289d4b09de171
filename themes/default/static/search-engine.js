// tsunagu's search engine in the browser: the search-index crate compiled to WebAssembly,
// and what feeds it the index's bytes. Over http it runs in a Web Worker
// (search-worker.js), so fetching and searching never hold up the page; opened from
// file://, where workers cannot start, the search page runs it itself. Either way it is
// this one file, and answers exactly as `tsunagu search` does.
//
// Over http the engine opens the index from its hotcache (one request) and asks for the
// byte ranges each query needs, which are fetched with Range requests (whole files from a
// server that ignores Range); from file:// (where fetch() is refused) the whole index
// comes from classic script files.
//
// self.TsunaguEngine = {load(root) -> promise of site.json's data, search(req) -> promise of
// results, highlight({terms, texts}) -> promise of ranges, and the page's helpers fetchOk
// and loadScript}. The search page loads this file before search.js.
(function (scope) {
  "use strict";

  var inWorker = typeof document === "undefined";
  var enc = new TextEncoder();
  var dec = new TextDecoder();
  var engine = null; // wasm exports
  var fetchRanges = null; // how the bytes the engine asks for are fetched (set when loading)
  // Rounds of fetching one search may take before giving up (2 are usual: postings, cards).
  var MAX_ROUNDS = 8;
  // Ranges of one file closer than this are fetched as one.
  var MERGE_GAP = 4096;

  // ---- loading -------------------------------------------------------------------------

  function fetchOk(url, kind) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return kind === "json" ? r.json() : r.arrayBuffer();
    });
  }

  // A classic script (the file:// variants of the index): importScripts in a worker, a
  // <script> element in a page.
  function loadScript(src) {
    if (inWorker) {
      return new Promise(function (resolve) { scope.importScripts(src); resolve(); });
    }
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }

  function fromBase64(b64) {
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function fetchRange(url, start, end) {
    return fetch(url, { credentials: "same-origin", headers: { Range: "bytes=" + start + "-" + (end - 1) } }).then(function (r) {
      if (r.status === 206) {
        var m = /^bytes (\d+)-(\d+)\//.exec(r.headers.get("Content-Range") || "");
        return r.arrayBuffer().then(function (b) {
          if (!m || Number(m[1]) !== start || b.byteLength !== Number(m[2]) - start + 1) throw new Error(url + ": bad range answer");
          return { start: start, bytes: new Uint8Array(b) };
        });
      }
      if (r.status === 200) return r.arrayBuffer().then(function (b) { return { start: 0, bytes: new Uint8Array(b), whole: true }; });
      throw new Error(url + ": HTTP " + r.status);
    });
  }

  // Pieces of index files, as the engine's `provide` takes them ("TSPV", see
  // search-index/src/runtime.rs).
  function provide(pieces) {
    var parts = pieces.map(function (p) { return [enc.encode(p[0]), p[1], p[2]]; });
    var size = 8;
    parts.forEach(function (p) { size += 12 + p[0].length + p[2].length; });
    var buf = new Uint8Array(size);
    var view = new DataView(buf.buffer);
    buf.set(enc.encode("TSPV"), 0);
    view.setUint32(4, parts.length, true);
    var o = 8;
    parts.forEach(function (p) {
      view.setUint32(o, p[0].length, true); o += 4;
      buf.set(p[0], o); o += p[0].length;
      view.setUint32(o, p[1], true); o += 4;
      view.setUint32(o, p[2].length, true); o += 4;
      buf.set(p[2], o); o += p[2].length;
    });
    call("provide", buf);
  }

  // Over http: the ranges the engine asks for, merged per file, fetched in parallel. A
  // server that answers a Range request with the whole file (200) gets whole files from
  // then on, each fetched once.
  function rangeFetcher(dir) {
    var whole = false;
    var fetchedWhole = {};
    return function (need) {
      var byFile = {};
      need.forEach(function (n) { (byFile[n[0]] = byFile[n[0]] || []).push([n[1], n[2]]); });
      var jobs = [];
      Object.keys(byFile).forEach(function (file) {
        if (whole) {
          if (!fetchedWhole[file]) {
            fetchedWhole[file] = true;
            jobs.push(fetchOk(dir + file).then(function (b) { return [file, 0, new Uint8Array(b)]; }));
          }
          return;
        }
        var ranges = byFile[file].sort(function (x, y) { return x[0] - y[0]; });
        var merged = [];
        ranges.forEach(function (r) {
          var last = merged[merged.length - 1];
          if (last && r[0] <= last[1] + MERGE_GAP) last[1] = Math.max(last[1], r[1]);
          else merged.push([r[0], r[1]]);
        });
        merged.forEach(function (r) {
          jobs.push(fetchRange(dir + file, r[0], r[1]).then(function (got) {
            if (got.whole) { whole = true; fetchedWhole[file] = true; }
            return [file, got.start, got.bytes];
          }));
        });
      });
      return Promise.all(jobs).then(provide);
    };
  }

  // gzip (the hotcache) -> bytes, with the browser's own decompressor.
  function inflate(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes);
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error("no DecompressionStream"));
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  function compile(url) {
    if (WebAssembly.compileStreaming) {
      return WebAssembly.compileStreaming(fetch(url, { credentials: "same-origin" })).catch(function () {
        return fetchOk(url).then(function (b) { return WebAssembly.compile(b); });
      });
    }
    return fetchOk(url).then(function (b) { return WebAssembly.compile(b); });
  }

  function instantiate(module) {
    return WebAssembly.instantiate(module, {}).then(function (instance) { engine = instance.exports; });
  }

  // Over http: the engine (compiled while it downloads) and site.json, then the hotcache.
  function loadByFetch(root) {
    var dir = root + "search-index/";
    var module = compile(root + "assets/search.wasm");
    var site;
    return fetchOk(dir + "site.json", "json").then(function (s) {
      site = s;
      return Promise.all([module.then(instantiate), fetchOk(dir + site.hotcache).then(function (b) { return inflate(new Uint8Array(b)); })]);
    }).then(function (r) {
      call("open_hot", r[1]);
      fetchRanges = rangeFetcher(dir);
      return site;
    });
  }

  // From file://: the same bytes as base64 in classic scripts; the whole index at once.
  function loadByScript(root) {
    return Promise.all([
      loadScript(root + "assets/search-wasm.js"),
      loadScript(root + "search-index/index.js"),
      loadScript(root + "search-index/site.js")
    ]).then(function () {
      var files = Object.keys(scope.TSUNAGU_INDEX.files).sort().map(function (name) {
        return [name, fromBase64(scope.TSUNAGU_INDEX.files[name])];
      });
      return WebAssembly.compile(fromBase64(scope.TSUNAGU_WASM)).then(instantiate).then(function () {
        call("open", container(files));
        fetchRanges = function () { return Promise.reject(new Error("the whole index is loaded")); };
        return scope.TSUNAGU_SITE;
      });
    });
  }

  // The container `open` reads: "TSIX", u32 count, then u32 name length, name, u32 data
  // length, data per file (little-endian). See search-index/src/runtime.rs.
  function container(files) {
    var parts = files.map(function (f) { return [enc.encode(f[0]), f[1]]; });
    var size = 8;
    parts.forEach(function (p) { size += 8 + p[0].length + p[1].length; });
    var buf = new Uint8Array(size);
    var view = new DataView(buf.buffer);
    buf.set(enc.encode("TSIX"), 0);
    view.setUint32(4, parts.length, true);
    var o = 8;
    parts.forEach(function (p) {
      view.setUint32(o, p[0].length, true); o += 4;
      buf.set(p[0], o); o += p[0].length;
      view.setUint32(o, p[1].length, true); o += 4;
      buf.set(p[1], o); o += p[1].length;
    });
    return buf;
  }

  // Calls a wasm export with bytes; its answer is JSON at response_ptr().
  function call(name, bytes) {
    var ptr = engine.alloc(bytes.length);
    new Uint8Array(engine.memory.buffer, ptr, bytes.length).set(bytes);
    var n;
    try { n = engine[name](ptr, bytes.length); } finally { engine.dealloc(ptr, bytes.length); }
    var answer = JSON.parse(dec.decode(new Uint8Array(engine.memory.buffer, engine.response_ptr(), n)));
    if (answer && !Array.isArray(answer) && answer.error) throw new Error(answer.error);
    return answer;
  }

  // ---- the engine's API ----------------------------------------------------------------

  /**
   * Opens the index of the site at `root` (an absolute URL ending in "/"): by range over
   * http (the whole index if that fails), whole from file://. A promise of site.json's data.
   */
  function load(root) {
    if (/^file:/.test(root)) return loadByScript(root);
    return loadByFetch(root).catch(function (err) {
      if (scope.console) console.warn("tsunagu search: range loading failed, loading the whole index:", err);
      return loadByScript(root);
    });
  }

  /**
   * {q, limit, area, category, use, language, audience, docs} -> a promise of {hits: [{id,
   * title, score, card}], total, *_counts, terms, words, partial}: the engine answers, or
   * names the index bytes it needs, which are fetched before it is asked again.
   */
  function search(req) {
    var body = enc.encode(JSON.stringify(req));
    var rounds = 0;
    function attempt() {
      var r = call("search", body);
      if (!r.need) return Promise.resolve(r);
      if (++rounds > MAX_ROUNDS) return Promise.reject(new Error("index bytes still missing after " + MAX_ROUNDS + " rounds"));
      return fetchRanges(r.need).then(attempt);
    }
    return attempt();
  }

  /** {terms, texts} -> a promise of the highlight ranges of each text. */
  function highlight(req) {
    return Promise.resolve(req.terms.length ? call("highlight", enc.encode(JSON.stringify(req))) : []);
  }

  scope.TsunaguEngine = {
    load: load,
    search: search,
    highlight: highlight,
    // for the page
    fetchOk: fetchOk,
    loadScript: loadScript
  };
})(typeof self !== "undefined" ? self : window);
