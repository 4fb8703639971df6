"""Rebuild ``src/legdx/text/data/rules_cache.json`` from the reader's YAML rule files (session 5).

    PYTHONPATH=src .venv/bin/python scripts/build_rules_cache.py [--check]

The cache holds each rule file as parsed, with the SHA-256 of its text, so that loading skips PyYAML. A
file edited since is read from its YAML (same result, slower) and ``tests/test_text_reader.py`` fails
until this script is run again. ``--check``: only say whether the cache is current (exit 1 if not).
"""

from __future__ import annotations

import argparse
import sys

from legdx.text.rules import CACHE_FILE, build_cache, data_dir


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the cache is out of date; write nothing")
    args = ap.parse_args()
    path = data_dir() / CACHE_FILE
    text = build_cache()
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if args.check:
        print(f"{path}: {'current' if current == text else 'OUT OF DATE'}")
        return 0 if current == text else 1
    if current == text:
        print(f"{path}: already current")
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"{path}: written ({len(text):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
