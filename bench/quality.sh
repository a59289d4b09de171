#!/usr/bin/env bash
# Search quality, tsunagu against Pagefind on the same sites and queries:
#   - tests/eval/queries.tsv (names, readings, keywords, phone numbers) on content/;
#   - tests/eval/needs.tsv (what residents type), needs-holdout.tsv (the same kind of
#     queries, written apart and never tuned on), needs-dev.tsv and needs-dev2.tsv
#     (written apart, then used to find failures) on content/, and on content/ plus 5,000 generated
#     distractor entries (bench/gen_site.py --add-to: activities of other cities), and
#     plus 5,000 of every kind (desks included: copies of relevant desks compete);
#   - the same need-phrased queries typed without kanji (needs-kana.tsv,
#     needs-holdout-kana.tsv, needs-dev-kana.tsv, needs-dev2-kana.tsv: each query as the hiragana of its
#     readings, written by `cargo run -p search-index --example kana_queries`).
# recall@10 and MRR as in tests/search_eval.rs. Pagefind indexes tsunagu's own entry pages
# (their <article>), so both search exactly the same text. Prints a Markdown table and
# writes bench/results/quality.json.
#
#   bench/quality.sh            # BENCH_TSUNAGU=path to skip building the release binary
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${BENCH_WORK:-/tmp/tsunagu-bench}/quality
export TSUNAGU_TODAY=${TSUNAGU_TODAY:-2026-11-01}

scripts/setup.sh --with-browser >&2
if [ ! -d bench/node_modules/pagefind ] || [ bench/package-lock.json -nt bench/node_modules ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ -n "${BENCH_TSUNAGU:-}" ]; then
  TSUNAGU=$(realpath "$BENCH_TSUNAGU")
else
  cargo build --release --locked >&2
  TSUNAGU=$ROOT/target/release/tsunagu
fi
rm -rf "$WORK"; mkdir -p "$WORK"
for f in needs needs-holdout needs-dev needs-dev2; do
  cargo run -q --release --locked -p search-index --example kana_queries \
    < "tests/eval/$f.tsv" > "$WORK/$f-kana.tsv"
done

# site name -> root
declare -A SITES=([plain]="$ROOT")
for kind in activities all; do
  mkdir -p "$WORK/$kind"
  cp -r content "$WORK/$kind/"
  python3 bench/gen_site.py --n 5000 --seed 11 --add-to "$WORK/$kind" --distractor-kinds "$kind" >&2
  SITES[$kind]="$WORK/$kind"
done

for name in plain activities all; do
  out="$WORK/out-$name"
  "$TSUNAGU" build --root "${SITES[$name]}" --out "$out" 2>&1 | tail -1 >&2
  # Pagefind: the same pages, its body marker on the entry article.
  pf="$WORK/pf-$name"
  rm -rf "$pf"; cp -r "$out" "$pf"
  find "$pf/entries" -name index.html -exec sed -i 's/<article class="entry"/<article class="entry" data-pagefind-body/' {} +
  (cd bench && npx --no-install pagefind --site "$pf" >/dev/null)
  node bench/quality.mjs --site "$pf" --queries tests/eval/queries.tsv --queries tests/eval/needs.tsv --queries tests/eval/needs-holdout.tsv \
    --queries tests/eval/needs-dev.tsv --queries tests/eval/needs-dev2.tsv --queries "$WORK/needs-kana.tsv" \
    --queries "$WORK/needs-holdout-kana.tsv" --queries "$WORK/needs-dev-kana.tsv" --queries "$WORK/needs-dev2-kana.tsv" \
    > "$WORK/pagefind-$name.json"
done

python3 - "$WORK" "$TSUNAGU" <<'PY'
import json, subprocess, sys, os
work, tsunagu = sys.argv[1], sys.argv[2]
def queries(f):
    out = []
    path = f"{work}/{f}" if f.endswith("-kana.tsv") else f"tests/eval/{f}"
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            q, rel, *_ = line.rstrip("\n").split("\t")
            out.append((q, rel.split()))
    return out
def metrics(qs, ranked):
    R = M = 0
    for q, rel in qs:
        ids = ranked(q)[:10]
        R += sum(1 for r in rel if r in ids) / min(len(rel), 10)
        M += next((1 / (i + 1) for i, x in enumerate(ids) if x in rel), 0)
    return round(R / len(qs), 3), round(M / len(qs), 3)
rows = []
for name, label in [("plain", "content/ (111 entries)"), ("activities", "+ 5,000 activities"), ("all", "+ 5,000 of every kind")]:
    pf = json.load(open(f"{work}/pagefind-{name}.json"))
    idx = f"{work}/out-{name}/search-index"
    def ts(q):
        o = subprocess.run([tsunagu, "search", "--index", idx, "--json", "--limit", "10", q], capture_output=True, text=True).stdout
        return [h["id"] for h in json.loads(o)]
    needs = ["needs.tsv", "needs-holdout.tsv", "needs-dev.tsv", "needs-dev2.tsv", "needs-kana.tsv", "needs-holdout-kana.tsv",
             "needs-dev-kana.tsv", "needs-dev2-kana.tsv"]
    for f in (["queries.tsv"] + needs if name == "plain" else needs):
        qs = queries(f)
        t = metrics(qs, ts)
        p = metrics(qs, lambda q: pf[f].get(q, []))
        rows.append({"site": label, "queries": f, "n": len(qs), "tsunagu": t, "pagefind": p})
json.dump(rows, open("bench/results/quality.json", "w"), indent=2, ensure_ascii=False)
print("| queries | site | tsunagu recall@10 | tsunagu MRR | Pagefind recall@10 | Pagefind MRR |")
print("|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['queries']} ({r['n']}) | {r['site']} | {r['tsunagu'][0]:.3f} | {r['tsunagu'][1]:.3f} | {r['pagefind'][0]:.3f} | {r['pagefind'][1]:.3f} |")
PY
