#!/usr/bin/env bash
# Run the whole test suite from a fresh checkout: installs what the tests need, then lint, types, tests.
# Used by the README and by .ci/run. Safe to run again (it reuses .venv).
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages the tests use: Debian's Chromium (browser tests) and PostgreSQL (storage tests).
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing system packages: ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
log=$(mktemp)
if ! .venv/bin/python -m pip install -q -e ".[all,spark,dev,embeddings]" >"$log" 2>&1; then
  cat "$log"; echo "pip install failed" >&2; exit 1
fi
rm -f "$log"

.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy
.venv/bin/legdx kb check >/dev/null
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
