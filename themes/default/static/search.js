// tsunagu search page: the site's own search engine (the search-index crate compiled to
// WebAssembly) runs here, in the browser, so results equal `tsunagu search` exactly.
// Nothing is sent anywhere: over http the engine opens the index from its hotcache (one
// request) and asks for the byte ranges each query needs, which are fetched from this site
// with Range requests (whole files from a server that ignores Range); opened from file://
// (where fetch() is refused) the whole index comes from <script> files.
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var filters = document.getElementById("search-filters");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var unavailable = document.getElementById("search-unavailable");
  if (!app || !form || !input || !list) return;

  var root = document.body.getAttribute("data-root") || "../";
  // Results shown at first and added by さらに表示: a phone screenful or two, and the cards
  // of only these are fetched.
  var PAGE = 20;
  var DEBOUNCE_MS = 150;
  var enc = new TextEncoder();
  var dec = new TextDecoder();

  var engine = null; // wasm exports
  var data = null; // site.json: {hotcache, cards, areas, categories, urls, filters, …} (src/index.rs)
  var schedules = null; // schedules.json: opening rules by document number, loaded for 今開いている
  var fetchRanges = null; // how the bytes the engine asks for are fetched (set when loading)
  var state = { q: "", area: "", category: "", use: "", language: "", audience: "", open: false, limit: PAGE };
  // The filters of flat values (the build's data.filters), beside the area and category trees.
  var FLAT = [["use", "利用方法", "すべての利用方法"], ["language", "対応言語", "すべての言語"], ["audience", "対象", "すべての対象"]];
  // Rounds of fetching one search may take before giving up (2 are usual: postings, cards).
  var MAX_ROUNDS = 8;
  // Ranges of one file closer than this are fetched as one.
  var MERGE_GAP = 4096;
  var timer = 0;
  var seq = 0; // the latest search; older answers are dropped

  function fail(err) {
    if (window.console) console.error("tsunagu search unavailable:", err);
    app.hidden = true;
    if (unavailable) unavailable.hidden = false;
    document.documentElement.setAttribute("data-search", "unavailable");
  }

  // ---- loading -------------------------------------------------------------------------

  function fetchOk(url, kind) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return kind === "json" ? r.json() : r.arrayBuffer();
    });
  }

  function loadScript(src) {
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
  function loadByFetch() {
    var dir = root + "search-index/";
    var module = compile(root + "assets/search.wasm");
    return fetchOk(dir + "site.json", "json").then(function (site) {
      data = site;
      return Promise.all([module.then(instantiate), fetchOk(dir + site.hotcache).then(function (b) { return inflate(new Uint8Array(b)); })]);
    }).then(function (r) {
      call("open_hot", r[1]);
      fetchRanges = rangeFetcher(dir);
    });
  }

  // From file://: the same bytes as base64 in classic scripts; the whole index at once.
  function loadByScript() {
    return Promise.all([
      loadScript(root + "assets/search-wasm.js"),
      loadScript(root + "search-index/index.js"),
      loadScript(root + "search-index/site.js")
    ]).then(function () {
      var files = Object.keys(window.TSUNAGU_INDEX.files).sort().map(function (name) {
        return [name, fromBase64(window.TSUNAGU_INDEX.files[name])];
      });
      data = window.TSUNAGU_SITE;
      return WebAssembly.compile(fromBase64(window.TSUNAGU_WASM)).then(instantiate).then(function () {
        call("open", container(files));
        fetchRanges = function () { return Promise.reject(new Error("the whole index is loaded")); };
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

  // ---- the engine, for pages and tests -------------------------------------------------

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

  // ---- URL and filters -------------------------------------------------------------------

  function facetPath(terms, value) {
    if (!value) return "";
    if (value.charAt(0) === "/") return value;
    for (var i = 0; i < terms.length; i++) {
      var p = terms[i].path;
      if (p.slice(p.lastIndexOf("/") + 1) === value) return p;
    }
    return "/" + value; // unknown id: matches nothing, says so
  }

  function idOf(path) {
    return path ? path.slice(path.lastIndexOf("/") + 1) : "";
  }

  function readUrl() {
    var p = new URLSearchParams(location.search);
    state.q = p.get("q") || "";
    state.area = facetPath(data.areas, p.get("area") || "");
    state.category = facetPath(data.categories, p.get("category") || "");
    FLAT.forEach(function (f) { state[f[0]] = p.get(f[0]) || ""; });
    state.open = p.get("open") === "1";
    state.limit = PAGE;
    input.value = state.q;
  }

  function writeUrl() {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.area) p.set("area", idOf(state.area));
    if (state.category) p.set("category", idOf(state.category));
    FLAT.forEach(function (f) { if (state[f[0]]) p.set(f[0], state[f[0]]); });
    if (state.open) p.set("open", "1");
    var qs = p.toString();
    try {
      history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    } catch (e) { /* some file:// setups refuse; the page still works */ }
  }

  var selects = {};

  function buildFilters() {
    [["area", "地域", data.areas, "すべての地域"], ["category", "分類", data.categories, "すべての分類"]].forEach(function (f) {
      var wrap = document.createElement("p");
      wrap.className = "filter";
      var label = document.createElement("label");
      var id = "search-filter-" + f[0];
      label.htmlFor = id;
      label.textContent = f[1] + "で絞り込む";
      var sel = document.createElement("select");
      sel.id = id;
      sel.setAttribute("data-filter", f[0]);
      sel.setAttribute("aria-controls", "search-results");
      sel.addEventListener("change", function () {
        state[f[0]] = sel.value;
        state.limit = PAGE;
        run(true);
      });
      wrap.appendChild(label);
      wrap.appendChild(document.createTextNode(" "));
      wrap.appendChild(sel);
      filters.appendChild(wrap);
      selects[f[0]] = { el: sel, terms: f[2], all: f[3] };
    });
    FLAT.forEach(function (f) {
      var choices = (data.filters && data.filters[f[0]]) || [];
      if (!choices.length) return;
      var terms = choices.map(function (c) { return { path: c.value, name: c.name, depth: 0 }; });
      var wrap = document.createElement("p");
      wrap.className = "filter";
      var label = document.createElement("label");
      var id = "search-filter-" + f[0];
      label.htmlFor = id;
      label.textContent = f[1] + "で絞り込む";
      var sel = document.createElement("select");
      sel.id = id;
      sel.setAttribute("data-filter", f[0]);
      sel.setAttribute("aria-controls", "search-results");
      sel.addEventListener("change", function () {
        state[f[0]] = sel.value;
        state.limit = PAGE;
        run(true);
      });
      wrap.appendChild(label);
      wrap.appendChild(document.createTextNode(" "));
      wrap.appendChild(sel);
      filters.appendChild(wrap);
      selects[f[0]] = { el: sel, terms: terms, all: f[2], flat: true };
    });
    // 今開いている: decided here from each card's opening rules (assets/open-state.js).
    if (window.TsunaguOpen) {
      var p = el("p", "filter filter-open");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.id = "search-filter-open";
      box.setAttribute("data-filter", "open");
      box.setAttribute("aria-controls", "search-results");
      box.addEventListener("change", function () {
        state.open = box.checked;
        state.limit = PAGE;
        run(true);
      });
      var l = el("label", null, "今開いている窓口だけ");
      l.htmlFor = box.id;
      p.appendChild(box);
      p.appendChild(l);
      filters.appendChild(p);
      selects.open = { box: box };
    }
  }

  // Options: every term with matches (or selected), indented under its parent, with counts.
  function fillFilter(kind, counts) {
    var s = selects[kind];
    if (!s) return;
    var byPath = {};
    // Flat facets count "/value"; their options hold the value.
    (counts || []).forEach(function (c) { byPath[s.flat ? c.path.slice(1).replace(/\\\//g, "/") : c.path] = c.count; });
    var sel = s.el;
    var current = state[kind];
    while (sel.firstChild) sel.removeChild(sel.firstChild);
    sel.appendChild(new Option(s.all, ""));
    var found = !current;
    s.terms.forEach(function (t) {
      var n = byPath[t.path] || 0;
      if (!n && t.path !== current) return;
      found = found || t.path === current;
      var indent = new Array(t.depth + 1).join("\u3000");
      sel.appendChild(new Option(indent + t.name + "（" + n + "件）", t.path, false, t.path === current));
    });
    if (!found) sel.appendChild(new Option(idOf(current) + "（0件）", current, false, true));
    sel.value = current;
  }

  // ---- results ---------------------------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // Appends `text` to `parent` with the UTF-16 `ranges` wrapped in <mark> (text only).
  function appendMarked(parent, text, ranges) {
    var at = 0;
    (ranges || []).forEach(function (r) {
      if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      parent.appendChild(el("mark", null, text.slice(r[0], r[1])));
      at = r[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }

  function chipLinks(parent, chips, kind) {
    chips.forEach(function (c) {
      var a = el("a", "chip chip-" + kind, c.name);
      a.href = root + c.url;
      parent.appendChild(a);
    });
  }

  // The card of a hit: the same fields as the templates' `card` macro (EntryCard in
  // src/render/views.rs). `marks(field)` gives the highlight ranges of one of its texts.
  function card(c, marks) {
    var li = el("li", "card");
    li.setAttribute("data-entry-id", c.id);
    if (c.schedule) li.setAttribute("data-schedule", JSON.stringify(c.schedule));
    else li.setAttribute("data-open-state", "unknown");
    var h = el("h3", "card-title");
    var a = el("a");
    a.href = root + c.url;
    a.setAttribute("data-entry-id", c.id);
    appendMarked(a, c.title, marks("title"));
    h.appendChild(a);
    li.appendChild(h);
    if (c.kana) li.appendChild(appendMarked(el("p", "kana"), c.kana, marks("kana")));
    if (c.schedule) {
      var badge = el("p", "open-badge");
      badge.setAttribute("data-open-badge", "");
      li.appendChild(badge);
    }
    if (c.summary) li.appendChild(appendMarked(el("p", "summary"), c.summary, marks("summary")));
    if (c.phones.length) {
      var ul = el("ul", "phones");
      c.phones.forEach(function (p, i) {
        var item = el("li", "phone phone-" + p.kind);
        item.appendChild(el("span", "phone-kind", p.label));
        item.appendChild(document.createTextNode(" "));
        var num;
        if (p.href) {
          num = el("a", "tel");
          num.href = p.href;
        } else {
          num = el("span", "number");
        }
        appendMarked(num, p.number, marks("phones." + i));
        item.appendChild(num);
        if (p.ext) item.appendChild(el("span", "ext", " 内線 " + p.ext));
        if (p.note) item.appendChild(el("span", "phone-kind-note", " (" + p.note + ")"));
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    var chips = el("p", "chips");
    chipLinks(chips, c.categories, "category");
    chipLinks(chips, c.areas, "area");
    li.appendChild(chips);
    return li;
  }

  // The highlighted texts of a card, by field name.
  function markedFields(c) {
    var fields = { title: c.title };
    if (c.kana) fields.kana = c.kana;
    if (c.summary) fields.summary = c.summary;
    c.phones.forEach(function (p, i) { fields["phones." + i] = p.number; });
    return fields;
  }

  // Highlight ranges of every shown card's fields: marks(id)(field) -> ranges.
  function marksFor(cards, terms) {
    var keys = [];
    var texts = [];
    cards.forEach(function (c) {
      var fields = markedFields(c);
      Object.keys(fields).forEach(function (f) { keys.push(c.id + "\n" + f); texts.push(fields[f]); });
    });
    var ranges = terms.length ? call("highlight", enc.encode(JSON.stringify({ terms: terms, texts: texts }))) : [];
    var byKey = {};
    keys.forEach(function (k, i) { byKey[k] = ranges[i] || []; });
    return function (id) {
      return function (field) { return byKey[id + "\n" + field] || []; };
    };
  }

  // The card of a hit (stored in the index); a hit without one (never, unless files are
  // mixed from two builds) is shown by its title only.
  function cardOf(hit) {
    if (hit.card) {
      try { return JSON.parse(hit.card); } catch (e) { /* shown by its title below */ }
    }
    return { id: hit.id, title: hit.title, url: "", phones: [], areas: [], categories: [], facets: {} };
  }

  function termName(terms, path) {
    for (var i = 0; i < terms.length; i++) if (terms[i].path === path) return terms[i].name;
    return idOf(path);
  }

  function empty(r) {
    var li = el("li", "search-empty");
    li.appendChild(el("p", "empty-title", state.q ? "「" + state.q + "」に一致する情報は見つかりませんでした。" : "一致する情報は見つかりませんでした。"));
    var tips = el("ul", "empty-tips");
    if (anyFilter()) {
      var t0 = el("li");
      var clear = el("button", "link-button", "絞り込みを解除する");
      clear.type = "button";
      clear.addEventListener("click", function () {
        state.area = "";
        state.category = "";
        FLAT.forEach(function (f) { state[f[0]] = ""; });
        state.open = false;
        state.limit = PAGE;
        run(true);
        input.focus();
      });
      t0.appendChild(clear);
      tips.appendChild(t0);
    }
    tips.appendChild(el("li", null, "言葉を短くするか、別の言い方（ひらがな・漢字）でお試しください。"));
    var t2 = el("li");
    var a = el("a", null, "分類から探す");
    a.href = root + data.urls.categories;
    t2.appendChild(a);
    t2.appendChild(document.createTextNode("こともできます。"));
    tips.appendChild(t2);
    li.appendChild(tips);
    li.appendChild(startHere());
    return li;
  }

  // Where to start when nothing matches: the general desks that take any problem (the
  // chosen area's first contacts, else the build's `start_here`: the outermost areas'
  // first contacts, and the 総合相談 desks of places without them).
  function startHere() {
    var section = el("section", "start-here");
    section.setAttribute("aria-labelledby", "start-here-title");
    var h = el("h2", null, "どこに相談したらよいかわからないときは、まずここへ");
    h.id = "start-here-title";
    section.appendChild(h);
    section.appendChild(el("p", null, "困りごとをまるごと受けとめて、必要な窓口につないでくれます。"));
    var ul = el("ul", "cards");
    var unmarked = function () { return []; };
    // With an area chosen, that area's first contacts; else the site's start_here.
    var ids = (state.area && data.first_contacts && data.first_contacts[state.area]) || data.start_here || [];
    ids.forEach(function (id) {
      if (data.cards[id]) ul.appendChild(card(data.cards[id], unmarked));
    });
    section.appendChild(ul);
    return section;
  }

  // Which of the query's words a hit matches, when not every hit matches them all.
  function matchedLine(r, hit) {
    var words = (hit.matched || []).map(function (i) { return r.words[i].text; });
    var p = el("p", "matched");
    p.appendChild(el("span", "matched-label", "一致した言葉："));
    p.appendChild(document.createTextNode(words.join("、")));
    return p;
  }

  // The status line: how many, and, when few entries have every word, that the others
  // have some of them; words no entry has are named.
  function statusText(r, prefix) {
    var text = prefix + r.total + "件見つかりました";
    if (r.total > r.hits.length) text += "（" + r.hits.length + "件を表示）";
    if (r.partial) {
      text += "。すべての言葉を含む情報は" + r.all_words + "件です。ほかは一部の言葉を含む情報です";
    }
    var missing = r.words.filter(function (w) { return !w.found; }).map(function (w) { return "「" + w.text + "」"; });
    if (missing.length) text += "。" + missing.join("") + "を含む情報はありませんでした";
    return text;
  }

  var more = null;

  function anyFilter() {
    return !!(state.area || state.category || state.use || state.language || state.audience || state.open);
  }

  function render(r) {
    fillFilter("area", r.area_counts);
    fillFilter("category", r.category_counts);
    fillFilter("use", r.use_counts);
    fillFilter("language", r.language_counts);
    fillFilter("audience", r.audience_counts);
    if (selects.open) selects.open.box.checked = state.open;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (more) { more.remove(); more = null; }
    if (!state.q.trim() && !anyFilter()) {
      statusEl.textContent = "";
      app.setAttribute("data-state", "idle");
      return;
    }
    var where = [];
    if (state.area) where.push(termName(data.areas, state.area));
    if (state.category) where.push(termName(data.categories, state.category));
    FLAT.forEach(function (f) {
      if (state[f[0]]) where.push(termName(selects[f[0]] ? selects[f[0]].terms : [], state[f[0]]));
    });
    if (state.open) where.push("今開いている窓口");
    var prefix = where.length ? where.join("・") + "で" : "";
    if (!r.total) {
      statusEl.textContent = prefix + "見つかりませんでした";
      list.appendChild(empty(r));
      app.setAttribute("data-state", "empty");
      return;
    }
    statusEl.textContent = statusText(r, prefix);
    var terms = r.terms.filter(function (t, i) { return t && r.terms.indexOf(t) === i; });
    var cards = r.hits.map(cardOf);
    var marks = marksFor(cards, terms);
    var frag = document.createDocumentFragment();
    cards.forEach(function (c, i) {
      var li = card(c, marks(c.id));
      if (r.partial) li.appendChild(matchedLine(r, r.hits[i]));
      frag.appendChild(li);
    });
    list.appendChild(frag);
    if (window.TsunaguOpen) window.TsunaguOpen.apply(list);
    app.setAttribute("data-state", "results");
    if (r.total > r.hits.length) {
      more = el("button", "more-results", "さらに表示（残り" + (r.total - r.hits.length) + "件）");
      more.type = "button";
      more.addEventListener("click", function () {
        var first = r.hits.length;
        state.limit += PAGE;
        run(false).then(function () {
          var next = list.children[first];
          var link = next && next.querySelector("a");
          if (link) link.focus();
        });
      });
      list.parentNode.insertBefore(more, list.nextSibling);
    }
  }

  // The opening rules by document number, once (for 今開いている).
  function loadSchedules() {
    if (schedules) return Promise.resolve(schedules);
    var got = location.protocol === "file:"
      ? loadScript(root + "search-index/schedules.js").then(function () { return window.TSUNAGU_SCHEDULES; })
      : fetchOk(root + "search-index/schedules.json", "json");
    return got.then(function (s) { schedules = s; return s; });
  }

  // The numbers of the documents open now, in Japan time (assets/open-state.js).
  function openDocs() {
    return loadSchedules().then(function (s) {
      var now = new Date();
      var holidays = window.TSUNAGU_HOLIDAYS || {};
      return Object.keys(s).filter(function (n) { return window.TsunaguOpen.state(s[n], now, holidays).open; }).map(Number);
    });
  }

  /** Runs the current state's search and shows it; a promise of its answer. */
  function run(updateUrl) {
    clearTimeout(timer);
    var mine = ++seq;
    var t0 = performance.now();
    var req = { q: state.q, limit: state.limit, area: state.area || null, category: state.category || null };
    FLAT.forEach(function (f) { req[f[0]] = state[f[0]] || null; });
    var docs = state.open ? openDocs() : Promise.resolve(null);
    return docs.then(function (open) {
      if (open) req.docs = open;
      return search(req);
    }).then(function (r) {
      if (mine !== seq) return r; // a newer search is on its way
      // For benchmarks: the time to an answer, fetching included, as a User Timing entry.
      try { performance.measure("tsunagu-search", { start: t0, detail: { q: state.q, total: r.total } }); } catch (e) { /* old browsers */ }
      render(r);
      if (updateUrl) writeUrl();
      return r;
    }).catch(function (err) {
      if (mine !== seq) return null;
      if (window.console) console.error("tsunagu search:", err);
      statusEl.textContent = "検索できませんでした。通信状態を確かめて、もう一度お試しください。";
      app.setAttribute("data-state", "error");
      return null;
    });
  }

  // ---- wiring ----------------------------------------------------------------------------

  function wire() {
    buildFilters();
    readUrl();
    app.hidden = false;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.q = input.value;
        state.limit = PAGE;
        run(true);
      }, DEBOUNCE_MS);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      state.q = input.value;
      state.limit = PAGE;
      run(true);
    });
    run(false).then(function () {
      document.documentElement.setAttribute("data-search", "ready");
    });
  }

  (location.protocol === "file:" ? loadByScript() : loadByFetch().catch(function (err) {
    if (window.console) console.warn("tsunagu search: range loading failed, loading the whole index:", err);
    return loadByScript();
  }))
    .then(wire)
    .catch(fail);
})();
