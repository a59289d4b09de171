#!/usr/bin/env bash
# Sets up and runs every test: unit, integration (the real binary on fixture sites),
# the search evaluation, and the browser end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
cargo test --workspace --locked
if [ -f tests/e2e/package.json ]; then
  cargo build --release --locked
  (cd tests/e2e && TSUNAGU_BIN="$PWD/../../target/release/tsunagu" node --test)
fi
