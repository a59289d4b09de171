#!/usr/bin/env bash
# Installs what tsunagu needs, idempotently: Debian packages (IPADIC sources for the
# Japanese dictionary, binaryen's wasm-opt for the browser engine; Chromium, CJK fonts and
# nginx, the static host the browser tests serve the site with, with --with-browser),
# the wasm32 Rust target, and the end-to-end tests' npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=1 ;;
    *) echo "usage: scripts/setup.sh [--with-browser]" >&2; exit 2 ;;
  esac
done

packages=(mecab-ipadic binaryen)
if [ "$with_browser" = 1 ]; then
  packages+=(chromium fonts-noto-cjk nginx)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$with_browser" = 1 ] && [ -f tests/e2e/package.json ]; then
  if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
    echo "setup: installing the end-to-end tests' npm packages"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
