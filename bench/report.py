#!/usr/bin/env python3
"""Collect bench/run.sh's raw measurements into results.json and write BENCHMARKS.md.

    python3 bench/report.py --raw /tmp/tsunagu-bench/raw --results bench/results/results.json \
        --markdown BENCHMARKS.md [--note "..."]

Stdlib only. Re-running it on the same raw folder rewrites the same files.
"""

import argparse
import datetime
import json
import os
import re
import statistics


def load(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def time_file(path):
    """GNU time lines `<tool> <elapsed s> <max RSS KiB>` -> {tool: {"s": [...], "rss_kib": [...]}}."""
    out = {}
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        return out
    for line in lines:
        m = re.match(r"^(\S+) ([\d.]+) (\d+)$", line.strip())
        if m:
            t = out.setdefault(m.group(1), {"s": [], "rss_kib": []})
            t["s"].append(float(m.group(2)))
            t["rss_kib"].append(int(m.group(3)))
    return out


def hyperfine(path):
    h = load(path)
    if not h:
        return None
    r = h["results"][0]
    return {"median_s": round(r["median"], 4), "mean_s": round(r["mean"], 4), "stddev_s": round(r.get("stddev") or 0, 4),
            "min_s": round(r["min"], 4), "max_s": round(r["max"], 4), "runs_s": [round(t, 4) for t in r["times"]]}


def collect(raw, queries):
    results = []
    for name in sorted(os.listdir(raw), key=lambda s: (len(s), s)):
        m = re.match(r"^n(\d+)$", name)
        if not m:
            continue
        n = int(m.group(1))
        d = os.path.join(raw, name)
        b_ts, b_hp = hyperfine(os.path.join(d, "tsunagu.json")), hyperfine(os.path.join(d, "hugo.json"))

        def timed(t, b):
            # The time file also has the warm-up runs first: keep the timed runs (the last ones).
            k = len(b["runs_s"]) if b else 0
            return {"s": t["s"][-k:] if k else [], "rss_kib": t["rss_kib"]}
        ts = timed(time_file(os.path.join(d, "tsunagu.time")).get("tsunagu", {"s": [], "rss_kib": []}), b_ts)
        hp = time_file(os.path.join(d, "hugo.time"))
        hugo = timed(hp.get("hugo", {"s": [], "rss_kib": []}), b_hp)
        pf = timed(hp.get("pagefind", {"s": [], "rss_kib": []}), b_hp)
        sizes = load(os.path.join(d, "sizes.json"), {})
        browser = load(os.path.join(d, "browser.json"), {})
        native = load(os.path.join(d, "native-search.json"))
        native_q = []
        if native:
            for r in native["results"]:
                native_q.append({"q": r["command"].rsplit(" --json ", 1)[-1], "median_ms": round(r["median"] * 1000, 2)})

        def brow(engine):
            b = browser.get(engine)
            if not b:
                return {"todo": browser.get("error", "not measured")}
            if "error" in b:
                return {"todo": b["error"]}
            fs = b["first_search"]
            return {"first_search_bytes": fs["bytes_transferred"], "first_search_requests": fs["requests"],
                    "first_search_ms_to_results": fs["ms_to_results"], "results_shown": fs["results_shown"],
                    "median_first_ms": b["latency"]["median_first_ms"], "median_warm_ms": b["latency"]["median_warm_ms"],
                    "queries": b["latency"]["queries"], "page_errors": b.get("errors", []),
                    "files": fs["files"], "need": b.get("need_latency")}

        failed = None
        if os.path.exists(os.path.join(d, "hugo.failed")):
            text = open(os.path.join(d, "hugo.failed"), encoding="utf-8").read()
            signal = re.search(r"terminated by signal (\d+)", text)
            step = "Pagefind" if pf["rss_kib"] else "Hugo"
            rss = max((pf if pf["rss_kib"] else hugo)["rss_kib"] or [0]) / 1024
            failed = (f"{step} was killed by signal {signal.group(1)}" if signal else f"{step} failed") + \
                (f" at {rss:,.0f} MiB (out of memory: {step} needs more than this machine has)" if signal and signal.group(1) == "9" else "")
        entry = {
            "n": n,
            "build": {
                "tsunagu": b_ts,
                "hugo_pagefind": b_hp,
                "hugo_pagefind_failed": failed,
                "hugo_median_s": med(hugo["s"]), "pagefind_median_s": med(pf["s"]),
                "ratio_hugo_pagefind_over_tsunagu": round(b_hp["median_s"] / b_ts["median_s"], 2) if b_ts and b_hp else None,
            },
            "peak_rss_mib": {
                "tsunagu": round(max(ts["rss_kib"]) / 1024, 1) if ts["rss_kib"] else None,
                "hugo": round(max(hugo["rss_kib"]) / 1024, 1) if hugo["rss_kib"] else None,
                "pagefind": round(max(pf["rss_kib"]) / 1024, 1) if pf["rss_kib"] else None,
            },
            "sizes": sizes,
            "native_search": {"median_ms": med(q["median_ms"] for q in native_q), "queries": native_q,
                              "what": "`tsunagu search --json` wall time per query: process start, index open, query (hyperfine, 10 runs)"},
            "browser": {"tsunagu": brow("tsunagu"), "pagefind": brow("pagefind"), "chromium": browser.get("chromium")},
        }
        results.append(entry)
    return results


def fmt_s(x):
    return "–" if x is None else (f"{x:.2f} s" if x < 100 else f"{x:.0f} s")


def fmt_b(x):
    if x is None:
        return "–"
    for unit, k in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if x >= k:
            return f"{x / k:.1f} {unit}"
    return f"{x} B"


def fmt_ms(x):
    return "–" if x is None else (f"{x:.1f} ms" if x < 100 else f"{x:.0f} ms")


def targets(doc):
    """The issue's targets, each with the figure of this run that decides it."""
    by_n = {r["n"]: r for r in doc["results"]}
    r = by_n.get(10000)
    if not r:
        return []
    L = ["### Targets at 10,000 entries", "", "| target | this run | met |", "|---|---|---|"]
    ratio = r["build"]["ratio_hugo_pagefind_over_tsunagu"]
    L.append(f"| full build at most half the time of Hugo + Pagefind | {fmt_s((r['build']['tsunagu'] or {}).get('median_s'))} "
             f"vs {fmt_s((r['build']['hugo_pagefind'] or {}).get('median_s'))} ({'–' if ratio is None else f'{1 / ratio:.0%}'} of it) "
             f"| {'yes' if ratio and ratio >= 2 else 'no'} |")
    sv = doc.get("serve") or {}
    if "median_save_to_pages_ms" in sv:
        ms = sv["median_save_to_pages_ms"]
        L.append(f"| reload under 200 ms after one edit (`serve`) | {fmt_ms(ms)} from the save to the new pages being served "
                 f"({fmt_ms(sv['median_rebuilt_ms'])} of it rebuilding, the rest the file watcher's 50 ms debounce) | {'yes' if ms < 200 else 'no'} |")
    bt = r["browser"]["tsunagu"]
    if "median_warm_ms" in bt:
        L.append(f"| browser query under 10 ms after the first | {fmt_ms(bt['median_warm_ms'])} (median; first run of each query "
                 f"{fmt_ms(bt['median_first_ms'])}) | {'yes' if bt['median_warm_ms'] < 10 else 'no'} |")
    need = bt.get("need")
    if need:
        L.append(f"| the same for need-phrased queries (issue 11) | {fmt_ms(need['median_warm_ms'])} (median; slowest "
                 f"{fmt_ms(need['max_warm_ms'])}; first run {fmt_ms(need['median_first_ms'])}) "
                 f"| {'yes' if need['median_warm_ms'] < 10 else 'no'} |")
    L.append("")
    L.append("### Targets of the range-read search (issue 13)")
    L.append("")
    L.append("| target | this run | met |")
    L.append("|---|---|---|")
    for n, limit in ((10000, 1.0e6), (100000, 1.5e6)):
        bt = (by_n.get(n) or {}).get("browser", {}).get("tsunagu", {})
        got = bt.get("first_search_bytes")
        L.append(f"| first search at most {fmt_b(limit)} at {n:,} entries, everything included | "
                 f"{fmt_b(got)} in {bt.get('first_search_requests', '–')} requests | {'–' if got is None else ('yes' if got <= limit else 'no')} |")
    sz = ((by_n.get(10000) or {}).get("sizes") or {}).get("tsunagu", {})
    if sz.get("wasm_gzip_bytes"):
        L.append(f"| the engine at most 450 kB gzipped | {fmt_b(sz['wasm_gzip_bytes'])} (the `.gz` nginx sends, zopfli; `gzip -9` {fmt_b(sz.get('wasm_gzip9_bytes'))}; {fmt_b(sz['wasm_bytes'])} raw) "
                 f"| {'yes' if sz['wasm_gzip_bytes'] <= 450e3 else 'no'} |")
    L.append("")
    L.append("### Targets of build throughput and memory (issue 14)")
    L.append("")
    L.append("| target | this run | met |")
    L.append("|---|---|---|")
    ratio = r["build"]["ratio_hugo_pagefind_over_tsunagu"]
    L.append(f"| 10,000 entries: at most 0.25× the time of Hugo + Pagefind | "
             f"{'–' if ratio is None else f'{1 / ratio:.2f}×'} | {'–' if ratio is None else ('yes' if 1 / ratio <= 0.25 else 'no')} |")
    big = by_n.get(100000)
    if big:
        rss = big["peak_rss_mib"]["tsunagu"]
        L.append(f"| 100,000 entries: peak RSS at most 1.5 GiB | {'–' if rss is None else f'{rss / 1024:.2f} GiB'} "
                 f"| {'–' if rss is None else ('yes' if rss <= 1536 else 'no')} |")
        t100 = (big["build"]["tsunagu"] or {}).get("median_s")
        t10 = (r["build"]["tsunagu"] or {}).get("median_s")
        if t100 and t10:
            L.append(f"| 100,000 entries: build at most 11× the time of 10,000 | {t100 / t10:.1f}× ({fmt_s(t100)} / {fmt_s(t10)}) "
                     f"| {'yes' if t100 / t10 <= 11 else 'no'} |")
    if "median_index_ms" in sv:
        L.append(f"| `serve`: index updated under 1 s after one edit at 10,000 | {fmt_ms(sv['median_index_ms'])} "
                 f"| {'yes' if sv['median_index_ms'] < 1000 else 'no'} |")
    L.append("")
    return L


def quality(path):
    """The search-quality table of bench/quality.sh (bench/results/quality.json), if run."""
    rows = load(path)
    if not rows:
        return []
    L = ["### Search quality: need-phrased queries (issue 11)", "",
         "`bench/quality.sh`: recall@10 and MRR of the evaluation sets, tsunagu against Pagefind on the "
         "same pages (Pagefind indexes tsunagu's own entry pages). `needs.tsv`: queries as residents type "
         "them, used to tune the thesaurus and the ranking; `needs-holdout.tsv`: the same kind of queries "
         "written apart and never tuned on; `needs-dev.tsv`, `needs-dev2.tsv`: written apart, then used to find failures; `*-kana.tsv`: the same queries typed without kanji (each as the "
         "hiragana of its readings, `search-index/examples/kana_queries.rs`). Target (issue 11): recall@10 ≥ "
         "0.85 and MRR ≥ 0.75 with 5,000 distractor entries.", "",
         "| queries | site | tsunagu recall@10 | tsunagu MRR | Pagefind recall@10 | Pagefind MRR |",
         "|---|---|---|---|---|---|"]
    for r in rows:
        L.append(f"| {r['queries']} ({r['n']}) | {r['site']} | {r['tsunagu'][0]:.3f} | {r['tsunagu'][1]:.3f} | "
                 f"{r['pagefind'][0]:.3f} | {r['pagefind'][1]:.3f} |")
    L.append("")
    return L


def markdown(doc, args):
    m = doc["machine"]
    rs = doc["results"]
    L = []
    L.append("# Benchmarks: tsunagu vs Hugo + Pagefind")
    L.append("")
    L.append("The alternative a municipality would pick today for a searchable static directory is Hugo")
    L.append("(pages, taxonomies) plus Pagefind (client-side search index). Both are given the **same**")
    L.append("synthetic directory, generated by `bench/gen_site.py`: Japanese entries written in the")
    L.append("vocabulary of `content/` (地域包括支援センター, 子ども食堂, サロン, 相談窓口 …), 10 cities × 6")
    L.append("districts, the 30-category tree of the sample site, phones (some full-width, some FAX),")
    L.append("about 30 % of the entries in `.yaml` list files. The Hugo site renders comparable pages:")
    L.append("an entry page with phones and chips, a listing per area and category (an entry also under")
    L.append("its ancestors, as tsunagu does), home with counts, and a search page with Pagefind's UI.")
    L.append("")
    if doc.get("note"):
        L.append(f"> **Conditions of this run:** {doc['note']}")
        L.append("")
    L.append(f"Generated {doc['generated']} by `bench/run.sh`.")
    L.append("")
    L.append("## Results")
    L.append("")
    L.append("Build: median wall time of a build from a clean output folder (tsunagu: `tsunagu build`,")
    L.append("render + search index; Hugo: `hugo` then `npx pagefind --site public`).")
    L.append("")
    L.append("| N entries | tsunagu build | Hugo + Pagefind (Hugo / Pagefind) | ratio | peak RSS tsunagu | peak RSS Hugo / Pagefind | runs |")
    L.append("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rs:
        b = r["build"]
        t, h = b["tsunagu"] or {}, b["hugo_pagefind"] or {}
        ratio = b["ratio_hugo_pagefind_over_tsunagu"]
        rat = "–" if ratio is None else (f"tsunagu {ratio:.2f}× faster" if ratio >= 1 else f"tsunagu {1 / ratio:.2f}× slower")
        p = r["peak_rss_mib"]
        hp_cell = f"{fmt_s(h.get('median_s'))} ({fmt_s(b['hugo_median_s'])} / {fmt_s(b['pagefind_median_s'])})"
        if b.get("hugo_pagefind_failed"):
            hp_cell = f"failed: {b['hugo_pagefind_failed']}"
        L.append(f"| {r['n']:,} | {fmt_s(t.get('median_s'))} | {hp_cell} "
                 f"| {rat} | {p['tsunagu'] or '–'} MiB | {p['hugo'] or '–'} / {p['pagefind'] or '–'} MiB | {len(t.get('runs_s', []))} |")
    L.append("")
    L.append("Output and search download:")
    L.append("")
    L.append("| N entries | output tsunagu / Hugo+Pagefind | index `search-index/` / `pagefind/` | first search downloads (measured) tsunagu / Pagefind | requests | time to first results (throttled) tsunagu / Pagefind |")
    L.append("|---:|---:|---:|---:|---:|---:|")
    for r in rs:
        s = r["sizes"] or {}
        st, sp = s.get("tsunagu", {}), s.get("pagefind", {})
        bt, bp = r["browser"]["tsunagu"], r["browser"]["pagefind"]
        est = st.get("without_range_gzip_estimate")
        L.append(f"| {r['n']:,} | {fmt_b(st.get('output', {}).get('bytes'))} ({st.get('output', {}).get('files', '–')} files) / "
                 f"{fmt_b(sp.get('output', {}).get('bytes'))} ({sp.get('output', {}).get('files', '–')} files) "
                 f"| {fmt_b(st.get('index', {}).get('bytes'))} / {fmt_b(sp.get('index', {}).get('bytes'))} "
                 f"| {fmt_b(bt.get('first_search_bytes'))} (without Range {fmt_b(est)}) / {fmt_b(bp.get('first_search_bytes'))} "
                 f"| {bt.get('first_search_requests', '–')} / {bp.get('first_search_requests', '–')} "
                 f"| {fmt_ms(bt.get('first_search_ms_to_results'))} / {fmt_ms(bp.get('first_search_ms_to_results'))} |")
    L.append("")
    L.append("Search latency (median over the queries below):")
    L.append("")
    L.append("| N entries | native `tsunagu search` (process) | browser tsunagu first / repeat | browser Pagefind first / repeat |")
    L.append("|---:|---:|---:|---:|")
    for r in rs:
        bt, bp = r["browser"]["tsunagu"], r["browser"]["pagefind"]
        def pair(b):
            if "todo" in b:
                return "TODO (" + b["todo"][:60] + ")"
            return f"{fmt_ms(b['median_first_ms'])} / {fmt_ms(b['median_warm_ms'])}"
        L.append(f"| {r['n']:,} | {fmt_ms(r['native_search']['median_ms'])} | {pair(bt)} | {pair(bp)} |")
    L.append("")
    needs = [(r["n"], r["browser"]["tsunagu"].get("need"), r["browser"]["pagefind"].get("need")) for r in rs]
    needs = [(n, t, p) for n, t, p in needs if t]
    if needs:
        L.append("Need-phrased queries (sentences, below), in the browser: first / repeat, median (slowest repeat):")
        L.append("")
        L.append("| N entries | tsunagu | Pagefind |")
        L.append("|---:|---:|---:|")
        for n, t, p in needs:
            cell = lambda x: "–" if not x else (f"{fmt_ms(x['median_first_ms'])} / {fmt_ms(x['median_warm_ms'])} "
                                                 f"({fmt_ms(x['max_warm_ms'])})")
            L.append(f"| {n:,} | {cell(t)} | {cell(p)} |")
        L.append("")
    pre = [(r["n"], (r["sizes"] or {}).get("tsunagu", {}).get("sw_precache")) for r in rs]
    pre = [(n, p) for n, p in pre if p and p.get("files")]
    if pre:
        L.append("In kiosk mode only, tsunagu registers a service worker (`sw.js`) that precaches the site for offline "
                 "use in the background; residents' phones outside kiosk mode never fetch it. That download is not in the "
                 "first-search column; what a kiosk fetches: " + "; ".join(f"N={n:,}: {p['files']:,} files, {fmt_b(p['gzip_bytes'])} gzipped ({fmt_b(p['bytes'])} raw)" for n, p in pre) + ".")
        L.append("")
    sv = doc.get("serve")
    if sv and "error" not in sv:
        L.append(f"`tsunagu serve` incremental rebuild at {doc.get('serve_n', 10000):,} entries, after editing one entry "
                 f"(median of {sv['edits']} edits): **pages rebuilt in {fmt_ms(sv['median_rebuilt_ms'])}** "
                 f"({sv['median_pages']:.0f} pages), search index updated in {fmt_ms(sv['median_index_ms'])}; "
                 f"from the save to the pages being served {fmt_ms(sv['median_save_to_pages_ms'])}, to the new index "
                 f"{fmt_ms(sv['median_save_to_index_ms'])}. (Start-up: first build served after {sv['startup']['serving_s']} s.) "
                 "Hugo's `hugo server` is not measured here, and Pagefind has no incremental mode: a changed entry "
                 "means running `pagefind` over the whole site again (the Pagefind column above).")
        if sv.get("keep_alive_request_ms") is not None:
            L.append("")
            L.append(f"A page or asset requested on a kept-alive connection (as a browser loads a page's files): "
                     f"{fmt_ms(sv['keep_alive_request_ms'])} (median; before `serve` moved to hyper, tiny_http "
                     "delayed each such request by about 40 ms).")
    elif sv:
        L.append(f"`tsunagu serve` incremental rebuild: not measured ({sv['error']}).")
    L.append("")
    L.extend(targets(doc))
    L.append("![build time vs N](bench/results/build-time.svg)")
    L.append("")
    L.extend(quality(os.path.join(os.path.dirname(os.path.abspath(args.results)), "quality.json")))
    L.append("## Machine and tools")
    L.append("")
    L.append(f"- CPU: {m.get('cpu')}, `nproc` = {m.get('nproc')}; load average at start: `{m.get('loadavg_at_start')}`")
    L.append("- Memory (`free -h`):")
    L.append("")
    L.append("  ```")
    for line in (m.get("free_h") or "").splitlines():
        L.append("  " + line)
    L.append("  ```")
    L.append("")
    L.append(f"- OS: {m.get('os')}, kernel {m.get('kernel')}")
    L.append(f"- tsunagu: {m.get('tsunagu')}, {m.get('rustc')}, release profile")
    L.append(f"- {m.get('hugo')}")
    L.append(f"- {m.get('pagefind')} (npm `pagefind`, extended binary with Japanese segmentation), via `npx`; "
             f"npx's own start-up is {fmt_s(doc.get('npx_overhead_s'))} of each Pagefind run")
    L.append(f"- Node {m.get('node')}, {m.get('chromium')}, {m.get('hyperfine')}, Python {m.get('python')}")
    L.append("")
    L.append("## How it is measured")
    L.append("")
    L.append("```sh")
    L.append("bench/run.sh                                    # the full run: N = 1,000, 10,000, 100,000")
    L.append('BENCH_N="1000 10000" BENCH_RUNS=3 bench/run.sh  # shorter')
    L.append("```")
    L.append("")
    L.append("Per N, in a scratch folder (`BENCH_WORK`, default `/tmp/tsunagu-bench`):")
    L.append("")
    L.append("```sh")
    L.append("python3 bench/gen_site.py --n N --seed 1 --out site --hugo hugo")
    L.append("tsunagu check --root site                                   # must pass")
    L.append("hyperfine --prepare 'rm -rf out' 'tsunagu build --root site --out out'")
    L.append("hyperfine --prepare 'rm -rf hugo/public' 'cd hugo && hugo --quiet -d public && npx pagefind --site hugo/public'")
    L.append("hyperfine -N 'tsunagu search --index out/search-index --limit 10 --json QUERY' …")
    L.append("node bench/browser.mjs --tsunagu out --hugo hugo/public --queries '[…]'")
    L.append("python3 bench/serve_bench.py --bin tsunagu --root site     # at N = 10,000")
    L.append("```")
    L.append("")
    L.append(f"- Build times: hyperfine, {args.runs} runs per N ({args.runs_large} at N ≥ 100,000), one warm-up run below 100,000, "
             "median reported; every run starts from an empty output folder. `TSUNAGU_TODAY` is fixed so no entry is "
             "stale (no warnings are printed).")
    L.append("- Peak RSS: GNU `/usr/bin/time -f %M` around each process, the largest over the runs. For Pagefind this is "
             "the largest process under `npx` (the Pagefind binary).")
    L.append("- Sizes: all files, in bytes as stored. tsunagu's index is `search-index/` (its wasm engine is "
             "`assets/search.wasm`, counted in the download, not here); Pagefind's is `pagefind/` (with its wasm and UI).")
    L.append("- First search download: headless Chromium (playwright-core, `/usr/bin/chromium --headless --no-sandbox "
             "--disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update "
             "--disable-sync`, a fresh profile, cache disabled, the link throttled by Chromium's network emulation to "
             "10 Mbit/s with 40 ms round trips) loads `/search/index.html?q=相談` from nginx on loopback "
             "(`tests/e2e/nginx.js`: gzip on for text, JSON, JS and wasm, `gzip_static` for the precompressed `.gz` "
             "copies both tools' outputs may hold, other files as they are, Range answered); the bytes are the "
             "transferred sizes (headers and body as sent) of every request until the results are shown: the page, "
             "CSS, JS, wasm, index. tsunagu fetches its engine, `site.json`, the hotcache and the byte ranges of the "
             "index files the query needs (terms, postings, the stored cards of the hits shown); Pagefind its entry "
             "file, wasm, the index chunks for the query and the fragments of the results it shows. The “without "
             "Range” figure is what tsunagu's page fetches from a host that ignores Range (every index file whole, "
             "`gzip -9` of each).")
    L.append("- Browser latency: on the loaded search page, on the same throttled link, each query through the "
             "engine's own path: tsunagu the search page's own timing from the query to the answer, byte ranges it "
             "fetched included; Pagefind `search(q)` plus `data()` of the top 10 results (its titles live in "
             "fragments). “first” is the first time a query runs on the page, “repeat” the median of 5 more runs.")
    L.append("- Native latency: `tsunagu search` as a process per query (start-up, opening the index, the query), hyperfine "
             "10 runs. The in-process query time is in `cargo bench -p search-index --bench search` (criterion).")
    L.append(f"- Queries: {', '.join(json.loads(args.queries))}")
    if json.loads(args.need_queries):
        L.append(f"- Need-phrased queries: {', '.join(json.loads(args.need_queries))}")
    L.append("")
    L.append("Raw numbers, per run and per query, are in `bench/results/results.json`.")
    L.append("")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-large", type=int, default=3)
    ap.add_argument("--note", default="")
    ap.add_argument("--queries", default="[]")
    ap.add_argument("--need-queries", default="[]")
    args = ap.parse_args()
    npx = load(os.path.join(args.raw, "npx-overhead.json"))
    serve = load(os.path.join(args.raw, "serve.json"))
    doc = {
        "generated": datetime.date.today().isoformat(),
        "note": args.note,
        "machine": load(os.path.join(args.raw, "machine.json"), {}),
        "queries": json.loads(args.queries),
        "need_queries": json.loads(args.need_queries),
        "npx_overhead_s": round(npx["results"][0]["median"], 3) if npx else None,
        "results": collect(args.raw, json.loads(args.queries)),
        "serve": serve,
        "serve_n": int(os.environ.get("BENCH_SERVE_N", "10000") or 10000),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    with open(args.results, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(args.markdown, "w", encoding="utf-8") as f:
        f.write(markdown(doc, args))


if __name__ == "__main__":
    main()
