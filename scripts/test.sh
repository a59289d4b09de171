#!/usr/bin/env bash
# Sets up and runs every test: unit, integration (the real binary on fixture sites),
# the search evaluation, property tests, a bounded fuzzing run, and the browser
# end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
cargo test --workspace --locked
# Fuzzing for a bounded time (FUZZ_SECONDS per target; FUZZ_SECONDS=0 skips it).
if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
  scripts/fuzz.sh
fi
# The browser tests use the binary `cargo test` just built (dependencies are optimised in
# the dev profile), on the default site built once here.
root="$PWD"
site="$root/target/e2e-site"
rm -rf "$site"
target/debug/tsunagu build --root . --out "$site"
(cd tests/e2e && TSUNAGU_BIN="$root/target/debug/tsunagu" TSUNAGU_SITE="$site" node --test)
