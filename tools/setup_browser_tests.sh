#!/usr/bin/env bash
# Prepare this machine for the browser tests (tests/test_browser.py) and for `hotline-sim viz`
# without internet access to a CDN:
#   1. Debian's chromium at /usr/bin/chromium (`playwright install` cannot download a browser here);
#   2. Solara's JS/CSS assets in a cache OUTSIDE the clone, filled from the npm registry.
# Idempotent: a second run only checks and returns within a second or two.
#
# Usage: tools/setup_browser_tests.sh [PYTHON]        (default: .venv/bin/python of this repo)
# Env:   HOTLINE_ASSET_CACHE   cache dir (default $HOME/.cache/hotline-sim/solara-cdn)
# Then:  export SOLARA_ASSETS_PROXY_CACHE_DIR="$HOTLINE_ASSET_CACHE"   (the tests and `viz` do it)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${1:-$ROOT/.venv/bin/python}
CACHE=${HOTLINE_ASSET_CACHE:-$HOME/.cache/hotline-sim/solara-cdn}

# ---- 1. chromium ------------------------------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  echo "setup_browser_tests: installing Debian chromium" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
/usr/bin/chromium --version >&2

# ---- 2. Solara asset cache -------------------------------------------------------------------
# The stamp records the solara version the cache was filled for: a solara upgrade refills it.
SOLARA_VERSION=$("$PY" -c 'import solara; print(solara.__version__)')
STAMP="$CACHE/.filled-for-solara-$SOLARA_VERSION"
if [ ! -f "$STAMP" ]; then
  echo "setup_browser_tests: filling Solara asset cache at $CACHE" >&2
  mkdir -p "$CACHE"
  bash "$ROOT/tools/fetch_solara_assets.sh" "$PY" "$CACHE"
  touch "$STAMP"
fi
echo "setup_browser_tests: ready (chromium: /usr/bin/chromium, assets: $CACHE)" >&2
echo "export SOLARA_ASSETS_PROXY_CACHE_DIR=$CACHE"
