#!/usr/bin/env bash
# Sets up and builds the default site in content/ into public/.
# Then `target/release/tsunagu serve` previews it, or open public/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --locked
target/release/tsunagu build --root . --out public
