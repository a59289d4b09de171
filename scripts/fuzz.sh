#!/usr/bin/env bash
# Fuzzes the content loader (front matter, YAML, Markdown, the v2 fields, rendering) and
# the query path (request parsing, normaliser, analyser, ranking, highlighting) for a
# bounded time: FUZZ_SECONDS per target (default 60). cargo-fuzz runs on the stable
# toolchain with `--sanitizer none` (the code is safe Rust: libFuzzer's coverage finds
# panics, property failures, hangs and memory blow-ups without AddressSanitizer).
#
# The properties are those of tests/properties/, which `cargo test` also checks. An input
# that breaks one is copied to fuzz/regressions/<target>/ (commit it: `cargo test` replays
# it from then on) and the script fails. New corpus inputs go to a scratch folder; with
# FUZZ_KEEP=1 the useful ones are merged into fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# Fuzzing needs no browser runtime; the targets' site copies go to the scratch folder.
export TSUNAGU_NO_WASM=1 TMPDIR="$scratch"

status=0
for target in content query; do
  case "$target" in
    content) max_len=8192 ;;
    query) max_len=512 ;;
  esac
  mkdir -p "$scratch/new-$target" "$scratch/crashes-$target" "fuzz/regressions/$target"
  echo "fuzz: $target for ${seconds} s"
  # libFuzzer prints a line per new input: keep its log, print the summary (or the failure).
  set +e
  cargo fuzz run --sanitizer none "$target" "$scratch/new-$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=3072 -timeout=30 \
    -artifact_prefix="$scratch/crashes-$target/" -print_final_stats=1 >"$scratch/log-$target" 2>&1
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    grep -E '^(Done|stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb))' "$scratch/log-$target" || true
  else
    status=1
    tail -n 60 "$scratch/log-$target" >&2
    for f in "$scratch/crashes-$target"/*; do
      [ -f "$f" ] || continue
      cp "$f" "fuzz/regressions/$target/"
      echo "fuzz: $target: kept the failing input as fuzz/regressions/$target/$(basename "$f")" >&2
    done
  fi
  if [ "${FUZZ_KEEP:-0}" = 1 ]; then
    cargo fuzz run --sanitizer none "$target" "fuzz/corpus/$target" "$scratch/new-$target" -- \
      -merge=1 -max_len="$max_len" -timeout=30 >/dev/null 2>&1 || true
  fi
done
exit "$status"
