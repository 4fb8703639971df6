"""Rebuild ``src/legdx/text/data/rules_cache.json`` and ``rules_derived.json`` from the reader's rule files.

    PYTHONPATH=src .venv/bin/python scripts/build_rules_cache.py [--check]

The cache holds each rule file as parsed, with the SHA-256 of its text, so that loading skips PyYAML. A
file edited since is read from its YAML (same result, slower) and ``tests/test_text_reader.py`` fails
until this script is run again. ``--check``: only say whether the cache is current (exit 1 if not).

Session 22: also ``rules_derived.json`` (``legdx.text.derived``), the phrases and regex needs the reader
works out while it is built, keyed by all they depend on; written after ``rules_cache.json``, by building
the default readers (some seconds).
"""

from __future__ import annotations

import argparse
import sys

from legdx.text.derived import DERIVED_FILE, build_derived
from legdx.text.rules import CACHE_FILE, build_cache, data_dir


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the cache is out of date; write nothing")
    args = ap.parse_args()
    stale = 0
    for name, build in ((CACHE_FILE, build_cache), (DERIVED_FILE, build_derived)):
        path = data_dir() / name
        text = build()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if args.check:
            print(f"{path}: {'current' if current == text else 'OUT OF DATE'}")
            stale += current != text
        elif current == text:
            print(f"{path}: already current")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path}: written ({len(text):,} characters)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
