#!/usr/bin/env bash
# Benchmark: tsunagu vs Hugo + Pagefind on the same synthetic directory (bench/gen_site.py).
#
#   bench/run.sh                                  # N = 1,000 10,000 100,000 (the full run)
#   BENCH_N="1000 10000" BENCH_RUNS=3 bench/run.sh  # a shorter run
#
# Installs what it needs first (idempotent), builds tsunagu in release, then per N:
# build time (hyperfine, clean output every run, median), peak RSS (GNU time), output and
# index sizes, the bytes a first search downloads and search latency in headless Chromium,
# native search latency (`tsunagu search`), and at BENCH_SERVE_N the incremental rebuild
# time of `tsunagu serve` after editing one entry. Writes bench/results/results.json,
# bench/results/build-time.svg and BENCHMARKS.md.
#
# Environment (all optional):
#   BENCH_N            entry counts                         default "1000 10000 100000"
#   BENCH_RUNS         timed builds per N                   default 5
#   BENCH_RUNS_LARGE   timed builds per N >= 100000         default 3
#   BENCH_SEED         gen_site.py seed                     default 1
#   BENCH_WORK         scratch folder (sites, outputs)      default /tmp/tsunagu-bench
#   BENCH_SERVE_N      N for the serve rebuild test         default 10000 (0: skip)
#   BENCH_SERVE_EDITS  edits in the serve rebuild test      default 7
#   BENCH_BROWSER      1: browser measurements, 0: skip     default 1
#   BENCH_CRITERION    1: also run `cargo bench -p search-index --bench search` on the largest index
#   BENCH_NOTE         a sentence on the conditions, printed in BENCHMARKS.md
#   BENCH_TSUNAGU      use this tsunagu binary instead of building target/release/tsunagu
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench

BENCH_N=${BENCH_N:-"1000 10000 100000"}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_WORK=${BENCH_WORK:-/tmp/tsunagu-bench}
BENCH_SERVE_N=${BENCH_SERVE_N:-10000}
BENCH_SERVE_EDITS=${BENCH_SERVE_EDITS:-7}
BENCH_BROWSER=${BENCH_BROWSER:-1}
BENCH_CRITERION=${BENCH_CRITERION:-0}
BENCH_NOTE=${BENCH_NOTE:-}
# The generated entries were checked between 2025-11-10 and 2026-10-25: fix "today" so no
# entry is reported as stale (a warning per entry would be timed too) and runs are repeatable.
export TSUNAGU_TODAY=${TSUNAGU_TODAY:-2026-11-01}
# Typical resident queries (words from the generated text, and one phone number).
QUERIES='["相談","子ども食堂","認知症","ひきこもり","いきいき百歳体操","就労支援","サロン","家賃","06-2000-0040"]'
# Sentences residents type (issue 11's examples and the evaluation set's kind), timed apart.
NEED_QUERIES='["ローンが返せない","母がご飯を食べない","学校に行きたくない","家族が酒をやめられない","隣の人が心配","生活保護って受けられる？","一人暮らしで何日も誰ともしゃべってない","近所のおばあさんが最近ゴミを出せていない"]'

log() { printf '\n== %s\n' "$*" >&2; }

# ---- 1. install (idempotent) ---------------------------------------------------------
log "setup"
scripts/setup.sh --with-browser
need=()
for p in hugo hyperfine time chromium fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -d "$BENCH/node_modules/pagefind" ] || [ ! -d "$BENCH/node_modules/playwright-core" ] || [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules" ]; then
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ -n "${BENCH_TSUNAGU:-}" ]; then
  TSUNAGU=$(realpath "$BENCH_TSUNAGU")   # a tsunagu binary built already
else
  log "cargo build --release"
  cargo build --release --locked
  TSUNAGU=$ROOT/target/release/tsunagu
fi
PAGEFIND=(npx --no-install pagefind)

mkdir -p "$BENCH_WORK" "$BENCH/results"
RAW=$BENCH_WORK/raw
rm -rf "$RAW"; mkdir -p "$RAW"

# ---- machine and tools ---------------------------------------------------------------
python3 - "$RAW/machine.json" <<'EOF'
import json, os, platform, subprocess, sys
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception as e:
        return f"? ({e})"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
json.dump({
    "nproc": sh("nproc"), "cpu": cpu, "free_h": sh("free -h"), "kernel": platform.release(),
    "os": sh(". /etc/os-release && echo $PRETTY_NAME"), "loadavg_at_start": sh("cat /proc/loadavg"),
    "tsunagu": sh("git log -1 --format='%h %cs' 2>/dev/null") + (" (uncommitted changes)" if sh("git status --porcelain -- src search-index themes Cargo.toml Cargo.lock") else ""),
    "rustc": sh("rustc --version"), "hugo": sh("hugo version"), "pagefind": sh("cd bench && npx --no-install pagefind --version"),
    "node": sh("node --version"), "chromium": sh("chromium --version"), "hyperfine": sh("hyperfine --version"),
    "python": platform.python_version(),
}, open(sys.argv[1], "w"), indent=2, ensure_ascii=False)
EOF
# npx's own start-up, included in every Pagefind run below (as a municipality would run it).
hyperfine -N --runs 5 --warmup 1 --export-json "$RAW/npx-overhead.json" \
  "bash -c 'cd $BENCH && npx --no-install pagefind --version'" >/dev/null 2>&1 || true

# ---- 2. per N ------------------------------------------------------------------------
for n in $BENCH_N; do
  runs=$BENCH_RUNS; [ "$n" -ge 100000 ] && runs=$BENCH_RUNS_LARGE
  warm=1; [ "$n" -ge 100000 ] && warm=0
  W=$BENCH_WORK/n$n; R=$RAW/n$n
  SITE=$W/site; HUGO=$W/hugo; OUT=$W/out
  mkdir -p "$W" "$R"
  log "N=$n: generate"
  python3 "$BENCH/gen_site.py" --n "$n" --seed "$BENCH_SEED" --out "$SITE" --hugo "$HUGO"
  log "N=$n: tsunagu check"
  "$TSUNAGU" check --root "$SITE" | tail -1

  log "N=$n: tsunagu build x$runs"
  rm -f "$R/tsunagu.time"
  hyperfine --runs "$runs" --warmup "$warm" --prepare "rm -rf $OUT" --export-json "$R/tsunagu.json" \
    "/usr/bin/time -a -o $R/tsunagu.time -f 'tsunagu %e %M' $TSUNAGU build --root $SITE --out $OUT"

  log "N=$n: hugo + pagefind x$runs"
  rm -f "$R/hugo.time" "$R/hugo.failed"
  # At N = 100,000 Pagefind may need more memory than the machine has: the kernel kills it,
  # and the report says so (with the memory it had reached) instead of a time.
  if ! hyperfine --runs "$runs" --warmup "$warm" --prepare "rm -rf $HUGO/public $HUGO/resources" --export-json "$R/hugo.json" \
    "cd $HUGO && /usr/bin/time -a -o $R/hugo.time -f 'hugo %e %M' hugo --quiet -d public && cd $BENCH && /usr/bin/time -a -o $R/hugo.time -f 'pagefind %e %M' ${PAGEFIND[*]} --site $HUGO/public"; then
    { echo "hyperfine: Hugo + Pagefind failed"; cat "$R/hugo.time" 2>/dev/null; } > "$R/hugo.failed"
    rm -f "$R/hugo.json"
    cat "$R/hugo.failed" >&2
  fi

  log "N=$n: sizes"
  python3 - "$OUT" "$HUGO/public" "$R/sizes.json" <<'EOF'
import gzip, json, os, sys
out, pub, dest = sys.argv[1:4]
def tree(d):
    b = n = 0
    for dp, _, fs in os.walk(d):
        for f in fs:
            b += os.path.getsize(os.path.join(dp, f)); n += 1
    return {"bytes": b, "files": n}
def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))
# What a host that ignores Range makes tsunagu's search page fetch: the engine and its
# scripts, site.json, the hotcache and every index file whole (the measured first search,
# over nginx with Range, is in browser.json).
idx = os.path.join(out, "search-index")
man = json.load(open(os.path.join(idx, "manifest.json")))
whole = [os.path.join(out, "assets", f) for f in ("search.wasm", "search.js")] + \
        [os.path.join(idx, f) for f in ("manifest.json", "site.json", man["hotcache"])] + \
        [os.path.join(idx, f["name"]) for f in man["files"]]
# tsunagu's service worker (sw.js) precaches pages for offline use: what that downloads.
pre = {"files": 0, "bytes": 0, "gzip_bytes": 0}
sw = os.path.join(out, "sw.js")
if os.path.exists(sw):
    import re
    m = re.search(r"PRECACHE = (\[.*?\]);", open(sw, encoding="utf-8").read(), re.S)
    for u in (json.loads(m.group(1)) if m else []):
        p = os.path.join(out, u[2:] if u.startswith("./") else u)
        if p.endswith("/"):
            p += "index.html"
        if os.path.isfile(p):
            pre["files"] += 1; pre["bytes"] += os.path.getsize(p); pre["gzip_bytes"] += gz(p)
json.dump({
    "tsunagu": {"output": tree(out), "index": tree(idx), "sw_precache": pre,
                "wasm_bytes": os.path.getsize(os.path.join(out, "assets", "search.wasm")),
                # What nginx's gzip_static sends: tsunagu's own .gz copy (zopfli).
                "wasm_gzip_bytes": os.path.getsize(os.path.join(out, "assets", "search.wasm.gz")),
                "wasm_gzip9_bytes": gz(os.path.join(out, "assets", "search.wasm")),
                "hotcache_bytes": os.path.getsize(os.path.join(idx, man["hotcache"])),
                "without_range_gzip_estimate": sum(gz(p) for p in whole)},
    "pagefind": {"output": tree(pub), "index": tree(os.path.join(pub, "pagefind"))},
}, open(dest, "w"), indent=2)
EOF

  log "N=$n: native search latency (tsunagu search, one process per query)"
  cmds=()
  while IFS= read -r q; do cmds+=("$TSUNAGU search --index $OUT/search-index --limit 10 --json $q"); done < <(python3 -c 'import json,sys; print("\n".join(json.loads(sys.argv[1])))' "$QUERIES")
  hyperfine -N --runs 10 --warmup 2 --export-json "$R/native-search.json" "${cmds[@]}" >/dev/null
  "$TSUNAGU" search --index "$OUT/search-index" --limit 3 --json 相談 > "$R/native-sample.json" || true

  if [ "$BENCH_BROWSER" = 1 ]; then
    log "N=$n: browser (headless Chromium)"
    timeout 1800 node "$BENCH/browser.mjs" --tsunagu "$OUT" --hugo "$HUGO/public" --queries "$QUERIES" --need-queries "$NEED_QUERIES" > "$R/browser.json" \
      || echo '{"error": "browser.mjs failed or timed out"}' > "$R/browser.json"
  fi

  if [ "$n" = "$BENCH_SERVE_N" ]; then
    log "N=$n: tsunagu serve, incremental rebuild after editing one entry"
    python3 "$BENCH/serve_bench.py" --bin "$TSUNAGU" --root "$SITE" --edits "$BENCH_SERVE_EDITS" > "$RAW/serve.json" \
      || echo '{"error": "serve_bench.py failed"}' > "$RAW/serve.json"
  fi
done

if [ "$BENCH_SERVE_N" != 0 ] && [ ! -f "$RAW/serve.json" ]; then
  log "N=$BENCH_SERVE_N: tsunagu serve, incremental rebuild after editing one entry"
  W=$BENCH_WORK/n$BENCH_SERVE_N
  python3 "$BENCH/gen_site.py" --n "$BENCH_SERVE_N" --seed "$BENCH_SEED" --out "$W/site"
  python3 "$BENCH/serve_bench.py" --bin "$TSUNAGU" --root "$W/site" --edits "$BENCH_SERVE_EDITS" > "$RAW/serve.json" \
    || echo '{"error": "serve_bench.py failed"}' > "$RAW/serve.json"
fi

if [ "$BENCH_CRITERION" = 1 ]; then
  largest=$(for n in $BENCH_N; do echo "$n"; done | sort -n | tail -1)
  log "cargo bench (criterion), query latency also on the N=$largest index"
  TSUNAGU_BENCH_INDEX=$BENCH_WORK/n$largest/out/search-index cargo bench -p search-index --bench search -- --noplot 2>&1 | tee "$RAW/criterion.txt"
fi

# ---- 3. report -----------------------------------------------------------------------
log "report"
python3 "$BENCH/report.py" --raw "$RAW" --results "$BENCH/results/results.json" --markdown "$ROOT/BENCHMARKS.md" \
  --runs "$BENCH_RUNS" --runs-large "$BENCH_RUNS_LARGE" --note "$BENCH_NOTE" --queries "$QUERIES" --need-queries "$NEED_QUERIES"
python3 "$BENCH/plot.py" "$BENCH/results/results.json" "$BENCH/results/build-time.svg"
log "done: BENCHMARKS.md, bench/results/results.json, bench/results/build-time.svg"
