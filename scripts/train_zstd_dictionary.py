"""Train a zstd dictionary for stored assessment outputs (``legdx.store.codec``).

    .venv/bin/python scripts/train_zstd_dictionary.py NEW_ID [--cases 3000] [--size 131072]

Assesses varied cases (the examples, plus random answers to the knowledge base's questions, at varied
ages, both sexes and both audiences), trains a dictionary on their JSON with the id ``NEW_ID``, writes
``src/legdx/store/zstd/assessments-NEW_ID.zdict`` and prints the line to add to ``codec.DICTIONARIES``
(and set ``CURRENT_DICTIONARY`` to it). Never overwrite or remove a shipped dictionary: stored rows
need the one they were written with. Retrain when the knowledge base's wording has changed enough that
outputs compress noticeably worse (``tests/test_store.py`` sets a bound).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample_outputs(n: int, seed: int) -> list[bytes]:
    import legdx
    from legdx.knowledge.loader import default_kb

    kb = default_kb()
    askable = sorted(f.id for f in kb.findings.values() if f.question is not None and f.derive is None)
    rng = random.Random(seed)
    cases: list[dict[str, object]] = [
        json.loads(p.read_text())
        for p in sorted((ROOT / "examples").glob("*.json"))
        if "Bundle" not in p.read_text()
    ]
    for _ in range(n):
        picks = rng.sample(askable, k=rng.randint(2, 14))
        cases.append(
            {
                "age": rng.randint(18, 95),
                "sex": rng.choice(["male", "female"]),
                "findings": {f: rng.choice(["present", "absent"]) for f in picks},
            }
        )
    outs = []
    for i, case in enumerate(cases):
        audience = "patient" if i % 4 == 3 else "clinician"
        outs.append(legdx.assess(case, audience=audience).model_dump_json().encode())
    return outs


def main() -> None:
    import zstandard

    from legdx.store import codec

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dict_id", type=int, help="the new dictionary's id (a number not in codec.DICTIONARIES)")
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--size", type=int, default=131072, help="dictionary size in bytes")
    ap.add_argument("--seed", type=int, default=20261126)
    args = ap.parse_args()
    if args.dict_id <= 0 or args.dict_id in codec.DICTIONARIES:
        sys.exit(f"dictionary id {args.dict_id} is taken or invalid; shipped: {sorted(codec.DICTIONARIES)}")
    outs = sample_outputs(args.cases, args.seed)
    train, test = outs[: len(outs) * 4 // 5], outs[len(outs) * 4 // 5 :]
    d = zstandard.train_dictionary(args.size, train, dict_id=args.dict_id, level=codec.LEVEL, threads=1)
    path = ROOT / "src" / "legdx" / "store" / "zstd" / f"assessments-{args.dict_id}.zdict"
    if path.exists():
        sys.exit(f"{path} exists; a shipped dictionary is never overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = d.as_bytes()
    path.write_bytes(data)
    with_dict = zstandard.ZstdCompressor(level=codec.LEVEL, dict_data=d)
    plain = zstandard.ZstdCompressor(level=codec.LEVEL)
    raw = sum(map(len, test))
    print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes) from {len(train)} outputs")
    print(
        f"held-out outputs: {raw / len(test) / 1000:.0f} KB each; with the dictionary "
        f"{sum(len(with_dict.compress(o)) for o in test) / raw:.3f} of that, without "
        f"{sum(len(plain.compress(o)) for o in test) / raw:.3f}"
    )
    print(f'add to codec.DICTIONARIES:  {args.dict_id}: "{hashlib.sha256(data).hexdigest()}",')


if __name__ == "__main__":
    main()
