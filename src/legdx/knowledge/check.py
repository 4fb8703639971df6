"""``python -m legdx.knowledge.check [SUBSTRING ...]``: print knowledge-base problems (filtered)."""

from __future__ import annotations

import sys

from legdx.knowledge.loader import KnowledgeBaseError, load


def main(argv: list[str]) -> int:
    try:
        kb = load()
    except KnowledgeBaseError as exc:
        shown = [p for p in exc.problems if not argv or any(a in p for a in argv)]
        for p in shown:
            print(p)
        print(f"-- {len(shown)} of {len(exc.problems)} problem(s) shown", file=sys.stderr)
        return 1
    print(
        f"knowledge base OK: {len(kb.conditions)} conditions, {len(kb.findings)} findings, "
        f"{len(kb.red_flags)} red flags, {len(kb.sources)} sources (version {kb.version})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
