#!/usr/bin/env bash
# Set mimamori up on a fresh Debian machine, then run the demo or the tests.
#
#   ./bootstrap.sh demo [mimamori demo options]   set up, then crawl the demo world and serve the review app
#   ./bootstrap.sh test [pytest options]          set up (with test tools and PostgreSQL), then run the checks
#
# Setup is idempotent: a virtual environment in .venv, the package installed into it,
# and the Debian packages mimamori drives (Chromium; PostgreSQL for the tests).
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-}"
case "$mode" in
  demo|test) shift ;;
  *) echo "usage: ./bootstrap.sh demo|test [options]" >&2; exit 2 ;;
esac

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# -- Debian packages ---------------------------------------------------------------------
debian_packages=(chromium fonts-noto-cjk fonts-noto-color-emoji libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "$mode" = test ]; then
  debian_packages+=(postgresql redis-server poppler-utils)
fi
missing=()
for pkg in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "mimamori needs these Debian packages: ${missing[*]}" >&2
    echo "install them as root:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# -- Python environment ------------------------------------------------------------------
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "mimamori needs Python 3.11 or newer (found: $("$python" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment in .venv"
  "$python" -m venv .venv
fi
extras=""
stamp=".venv/.mimamori-installed"
if [ "$mode" = test ]; then
  extras="[test]"
  stamp=".venv/.mimamori-installed-test"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  say "installing mimamori${extras} into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extras}"
  touch "$stamp"
fi

# -- tests only: pywb, the replay tool tests/export/test_replay.py imports bundles with ------
# It pins redis 2.10, which scrapy-redis (the distributed frontier) cannot use: its own venv.
if [ "$mode" = test ] && [ ! -x .venv-pywb/bin/wayback ]; then
  say "installing pywb into .venv-pywb"
  "$python" -m venv .venv-pywb
  .venv-pywb/bin/python -m pip install --quiet "pywb>=2.8"
fi

# -- tests only: wabac.js, the WACZ checker ReplayWeb.page runs, from the npm registry -----
# tests/export/test_wacz_signature.py checks our signatures with it (installed into a cache
# dir, $MIMAMORI_NPM_CACHE or ~/.cache/mimamori/wabac; the test skips, saying why, without it).
if [ "$mode" = test ] && command -v npm >/dev/null && command -v node >/dev/null; then
  .venv/bin/python tests/export/wabac_verifier.py >&2 \
    || echo "wabac.js could not be installed; tests/export/test_wacz_signature.py will skip" >&2
fi

# -- run -----------------------------------------------------------------------------------
if [ "$mode" = demo ]; then
  say "running: mimamori demo $*"
  exec .venv/bin/mimamori demo "$@"
fi
say "lint: ruff check"
.venv/bin/ruff check .
say "tests: pytest"
# One worker per core (at most four: each runs its own PostgreSQL and Chromium); tests that
# share a live fixture stay on one worker (tests/conftest.py). `-n 0` runs them serially.
exec .venv/bin/pytest -q -n auto --maxprocesses 4 --dist loadfile "$@"
