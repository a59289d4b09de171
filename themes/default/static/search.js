// tsunagu search page: the site's own search engine (the search-index crate compiled to
// WebAssembly, assets/search-engine.js) runs in the browser, in a Web Worker over http and
// in this page from file://, so results equal `tsunagu search` exactly. Nothing is sent
// anywhere: the engine reads the index from this site (see search-engine.js). This file
// is the page: the box, the filters, the URL, the result cards.
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
  var data = null; // site.json: {hotcache, cards, areas, categories, urls, filters, …} (src/index.rs)
  var schedules = null; // schedules.json: opening rules by document number, loaded for 今開いている
  var state = { q: "", area: "", category: "", use: "", language: "", audience: "", open: false, limit: PAGE };
  // The filters of flat values (the build's data.filters), beside the area and category trees.
  var FLAT = [["use", "利用方法", "すべての利用方法"], ["language", "対応言語", "すべての言語"], ["audience", "対象", "すべての対象"]];
  var timer = 0;
  var seq = 0; // the latest search; older answers are dropped

  function fail(err) {
    if (window.console) console.error("tsunagu search unavailable:", err);
    app.hidden = true;
    if (unavailable) unavailable.hidden = false;
    document.documentElement.setAttribute("data-search", "unavailable");
  }

  // ---- the engine ----------------------------------------------------------------------

  // Shared with the engine (assets/search-engine.js, loaded before this file).
  var loadScript = window.TsunaguEngine.loadScript;
  var fetchOk = window.TsunaguEngine.fetchOk;

  // The engine (assets/search-engine.js) runs in a Web Worker over http; from file://,
  // where a page cannot start one, in this page. `ask(op, arg)` is a promise either way.
  var worker = null;
  var asked = {};
  var lastId = 0;

  function ask(op, arg) {
    if (!worker) return window.TsunaguEngine[op](arg);
    return new Promise(function (resolve, reject) {
      var id = ++lastId;
      asked[id] = { resolve: resolve, reject: reject };
      worker.postMessage({ id: id, op: op, arg: arg });
    });
  }

  function answered(ev) {
    var m = ev.data;
    var p = asked[m.id];
    if (!p) return;
    delete asked[m.id];
    if (m.error) p.reject(new Error(m.error)); else p.resolve(m.ok);
  }

  // A worker that cannot start (an old browser, a host that does not serve it): every
  // pending question fails, and loading falls back to the page.
  function workerFailed() {
    var pending = asked;
    asked = {};
    Object.keys(pending).forEach(function (id) { pending[id].reject(new Error("the search worker stopped")); });
  }

  function inPage(base) {
    worker = null;
    return ask("load", base);
  }

  function load() {
    var base = new URL(root, location.href).href;
    if (location.protocol === "file:" || typeof Worker === "undefined") return inPage(base);
    try {
      worker = new Worker(root + "assets/search-worker.js");
    } catch (e) {
      return inPage(base);
    }
    worker.onmessage = answered;
    worker.onerror = function (ev) { ev.preventDefault(); workerFailed(); };
    return ask("load", base).catch(function (err) {
      if (window.console) console.warn("tsunagu search: the worker failed, searching in the page:", err);
      if (worker) worker.terminate();
      return inPage(base);
    });
  }

  function search(req) {
    return ask("search", req);
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
    // What the resident typed while the engine was loading is kept.
    state.q = p.get("q") || input.value || "";
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
      // The label holds the box, so the whole line is what a finger hits.
      var l = el("label", "filter-choice");
      l.appendChild(box);
      l.appendChild(document.createTextNode("今開いている窓口だけ"));
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

  // Highlight ranges of every shown card's fields: a promise of marks(id)(field) -> ranges.
  function marksFor(cards, terms) {
    var keys = [];
    var texts = [];
    cards.forEach(function (c) {
      var fields = markedFields(c);
      Object.keys(fields).forEach(function (f) { keys.push(c.id + "\n" + f); texts.push(fields[f]); });
    });
    return ask("highlight", { terms: terms, texts: texts }).then(function (ranges) {
      var byKey = {};
      keys.forEach(function (k, i) { byKey[k] = ranges[i] || []; });
      return function (id) {
        return function (field) { return byKey[id + "\n" + field] || []; };
      };
    });
  }

  // The highlights of an answer's cards (see marksFor).
  function highlighted(r) {
    var terms = r.terms.filter(function (t, i) { return t && r.terms.indexOf(t) === i; });
    return marksFor(r.hits.map(cardOf), terms);
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
    var phones = phonesOpenNow();
    if (phones) li.appendChild(phones);
    li.appendChild(startHere());
    return li;
  }

  // How many telephone lines open now the nothing-found page lists.
  var PHONES_SHOWN = 6;

  // The telephone lines open at this moment (the build's phone_lines, the most hours a
  // week first; open or not as assets/open-state.js decides, in Japan time): a resident
  // who found nothing can call someone now. Null when none is open, or the page cannot
  // tell.
  function phonesOpenNow() {
    if (!window.TsunaguOpen || !data.phone_lines) return null;
    var now = new Date();
    var holidays = window.TSUNAGU_HOLIDAYS || {};
    // With an area chosen, the lines serving it: listed at it, inside it or above it.
    var pathOf = {};
    data.areas.forEach(function (a) { pathOf[idOf(a.path)] = a.path; });
    var within = function (p, q) { return p === q || q.indexOf(p + "/") === 0; };
    var serves = function (c) {
      return !state.area || (c.areas || []).some(function (a) {
        var p = pathOf[a.id];
        return p && (within(p, state.area) || within(state.area, p));
      });
    };
    var open = data.phone_lines.filter(function (id) {
      var c = data.cards[id];
      return c && c.schedule && serves(c) && window.TsunaguOpen.state(c.schedule, now, holidays).open;
    }).slice(0, PHONES_SHOWN);
    if (!open.length) return null;
    var section = el("section", "phones-now");
    section.setAttribute("aria-labelledby", "phones-now-title");
    var h = el("h2", null, "いま電話で相談できる窓口");
    h.id = "phones-now-title";
    section.appendChild(h);
    var ul = el("ul", "cards");
    var unmarked = function () { return []; };
    open.forEach(function (id) { ul.appendChild(card(data.cards[id], unmarked)); });
    section.appendChild(ul);
    return section;
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

  // Shows an answer; `marks` highlights its cards (see highlighted).
  function render(r, marks) {
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
    var cards = r.hits.map(cardOf);
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
      return highlighted(r).then(function (marks) { return [r, marks]; });
    }).then(function (answer) {
      var r = answer[0];
      if (mine !== seq) return r; // a newer search is on its way
      // For benchmarks: the time to an answer, fetching included, as a User Timing entry.
      try { performance.measure("tsunagu-search", { start: t0, detail: { q: state.q, total: r.total } }); } catch (e) { /* old browsers */ }
      render(r, answer[1]);
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
    // A query typed while the engine was loading goes into the URL like any other.
    var typed = state.q !== (new URLSearchParams(location.search).get("q") || "");
    run(typed).then(function () {
      document.documentElement.setAttribute("data-search", "ready");
    });
  }

  load()
    .then(function (site) { data = site; })
    .then(wire)
    .catch(fail);
})();
