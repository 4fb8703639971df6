"""Mine the phrase lexicon (``src/legdx/text/data/mined.yaml``) and cross-validate it.

    PYTHONPATH=src .venv/bin/python scripts/mine_lexicon.py write [--out PATH]
    PYTHONPATH=src .venv/bin/python scripts/mine_lexicon.py cv [--json PATH] [--only NAME ...]
    PYTHONPATH=src .venv/bin/python scripts/mine_lexicon.py transfer

``write`` mines from every development part (``legdx.text.mined.MINING_PARTS``) with the thresholds chosen
by the cross-validation (``CHOSEN``) and writes the lexicon; the output depends only on the corpus, the
rules and the knowledge base (sorted, no timestamps). ``cv``: for each development part P, mines from the
other parts only, and scores P with the reader without and with the mined phrases (``legdx.text.evaluate``),
for each threshold setting in ``GRID``. ``transfer``: how often a part's gold phrases occur as gold phrases
in the other parts. heldout and the blind parts are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from legdx.text.mined import MINING_PARTS, Thresholds, dump, mine_stats, mined_path, select

#: the thresholds the cross-validation picked (docs/text.md, "Mined phrase lexicon (session 4)")
CHOSEN = Thresholds(min_support=3, min_precision=0.8, min_gain=0, min_words=2, ngrams=True)

GRID = {
    # whole gold spans (and their variants without a leading negation, determiner or side word)
    "span_s1_p1.0_w2": Thresholds(min_support=1, min_precision=1.0, min_words=2),
    "span_s1_p1.0_w3": Thresholds(min_support=1, min_precision=1.0, min_words=3),
    "span_s1_p0.5_w1": Thresholds(min_support=1, min_precision=0.5, min_words=1),
    "span_s2_p0.8_w2": Thresholds(min_support=2, min_precision=0.8, min_words=2),
    # also sub-phrases of gold spans (2-6 words, no function word at either end)
    "ngram_s1_p1.0": Thresholds(min_support=1, min_precision=1.0, min_words=2, ngrams=True),
    "ngram_s2_p1.0": Thresholds(min_support=2, min_precision=1.0, min_words=2, ngrams=True),
    "ngram_s2_p0.8": Thresholds(min_support=2, min_precision=0.8, min_words=2, ngrams=True),
    "ngram_s2_p0.6": Thresholds(min_support=2, min_precision=0.6, min_words=2, ngrams=True),
    "ngram_s3_p0.8": Thresholds(min_support=3, min_precision=0.8, min_words=2, ngrams=True),
    # phrases the reader already reads on the mining parts too (min_gain 0: no wrong pair added there)
    "span_s2_p0.9_g0": Thresholds(min_support=2, min_precision=0.9, min_gain=0, min_words=2),
    "ngram_s2_p0.9_g0": Thresholds(min_support=2, min_precision=0.9, min_gain=0, min_words=2, ngrams=True),
    "ngram_s3_p0.8_g0": Thresholds(min_support=3, min_precision=0.8, min_gain=0, min_words=2, ngrams=True),
}

NOTE = (
    "Mined by scripts/mine_lexicon.py from the gold spans of the development parts (never heldout or the "
    "blind parts). Do not edit by hand: regenerate. support: narratives where the phrase gives a gold "
    "pair; matched: narratives where it matches; gain: narratives where it adds a pair the reader "
    "without the lexicon missed."
)


def _summary(rep: Any) -> dict[str, Any]:
    return {
        "f1": round(rep.overall.f1, 4),
        "p": round(rep.overall.precision, 4),
        "r": round(rep.overall.recall, 4),
        "tp": rep.overall.tp,
        "fp": rep.overall.fp,
        "fn": rep.overall.fn,
        "top1": rep.top1,
        "top3": rep.top3,
        "cases": rep.cases,
        "red_flags": f"{rep.red_flags_found}/{rep.red_flags_gold}",
        "under": rep.under_triage,
        "emergency_under": rep.emergency_under_triage,
        "over": rep.over_triage,
        "triage": [o.triage_pred for o in rep.outcomes],
    }


def cross_validate(grid: dict[str, Thresholds]) -> dict[str, Any]:
    from legdx.knowledge.loader import default_kb
    from legdx.text.evaluate import evaluate
    from legdx.text.reader import Reader
    from legdx.text.rules import default_rules

    rules, kb = default_rules(), default_kb()
    base = Reader(rules, kb, mined=False)
    out: dict[str, Any] = {}
    for part in MINING_PARTS:
        others = [p for p in MINING_PARTS if p != part]
        stats = mine_stats(others, rules, kb, ngrams=True)
        row: dict[str, Any] = {"without": _summary(evaluate(part, reader=base))}  # type: ignore[arg-type]
        for name, th in grid.items():
            phrases = select(stats, th)
            rep = evaluate(part, reader=Reader(rules, kb, mined=phrases))  # type: ignore[arg-type]
            row[name] = {"phrases": len(phrases), **_summary(rep)}
            print(f"{part:13s} {name:16s} n={len(phrases):4d} F1 {row['without']['f1']:.4f} -> "
                  f"{row[name]['f1']:.4f}  P {row[name]['p']:.3f} R {row[name]['r']:.3f} "
                  f"top3 {row['without']['top3']}->{row[name]['top3']} "
                  f"rf {row['without']['red_flags']}->{row[name]['red_flags']} "
                  f"emU {row['without']['emergency_under']}->{row[name]['emergency_under']}",
                  file=sys.stderr, flush=True)
        out[part] = row
    return out


def transfer() -> None:
    """How far literal phrases carry between parts: for each part P, the share of its gold spans whose
    phrase (or a variant) is a gold phrase of the same finding in the other parts, and the same for the
    spans the reader misses on P (an upper bound on what a lexicon mined elsewhere can recover there)."""
    from legdx.knowledge.loader import default_kb
    from legdx.text.evaluate import ignored_ids, load_corpus, score_case
    from legdx.text.mined import candidates, variants
    from legdx.text.reader import Reader
    from legdx.text.rules import default_rules

    base = Reader(default_rules(), default_kb(), mined=False)
    cases = {p: load_corpus(p) for p in MINING_PARTS}  # type: ignore[arg-type]
    ign = {p: ignored_ids(p) for p in MINING_PARTS}  # type: ignore[arg-type]
    for p in MINING_PARTS:
        elsewhere = candidates([c for q in MINING_PARTS if q != p for c in cases[q]], base, ign, ngrams=True)
        whole = {k for k, st in elsewhere.items() if st.whole}
        n = lit = sub = miss = miss_lit = miss_sub = 0
        for c in cases[p]:
            missed = set(score_case(c, base.read(c.text), ign[p])[2].missed)
            for g in c.gold:
                if g.id in ign[p]:
                    continue
                vs = variants(base.normalizer.normalize_phrase(g.text), g.state)
                is_lit = any((v, g.id) in whole for v in vs)
                is_sub = is_lit or any((v, g.id) in elsewhere for v in vs)
                n, lit, sub = n + 1, lit + is_lit, sub + is_sub
                if f"{g.id}:{g.state}" in missed:
                    miss, miss_lit, miss_sub = miss + 1, miss_lit + is_lit, miss_sub + is_sub
        print(f"{p}: gold spans {n}; a gold phrase of the same finding elsewhere {lit} ({lit / n:.1%}), "
              f"or inside one {sub} ({sub / n:.1%}); spans the reader misses {miss}, of which "
              f"elsewhere {miss_lit}, or inside one {miss_sub}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write", help="mine from every development part and write the lexicon")
    w.add_argument("--out", type=Path, default=None, help=f"default: {mined_path()}")
    c = sub.add_parser("cv", help="leave-one-part-out cross-validation over GRID")
    c.add_argument("--json", type=Path, default=None, help="write the results as JSON here")
    c.add_argument("--only", nargs="*", default=None, help="grid settings to run (default: all)")
    sub.add_parser("transfer", help="how far literal gold phrases carry from part to part")
    args = ap.parse_args()
    if args.cmd == "transfer":
        transfer()
        return
    if args.cmd == "write":
        stats = mine_stats(MINING_PARTS, ngrams=CHOSEN.ngrams)
        phrases = select(stats, CHOSEN)
        text = dump(phrases, MINING_PARTS, CHOSEN, NOTE)
        (args.out or mined_path()).write_text(text, encoding="utf-8")
        print(f"{len(phrases)} phrases -> {args.out or mined_path()}")
        return
    grid = {k: v for k, v in GRID.items() if not args.only or k in args.only}
    res = cross_validate(grid)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
