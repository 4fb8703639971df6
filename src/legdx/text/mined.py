"""A phrase lexicon mined from the annotated development corpus (session 4 experiment).

Every gold span of the development parts is a candidate phrase for its finding (normalised as the reader
normalises text; a negated span also without its leading negation, a span also without a leading
determiner or side word). A reader with all candidates as extra targets reads the mining parts; each
candidate is kept when, where it matches, it is right often enough (``min_precision``), in enough
narratives (``min_support``), and adds pairs the reader without it misses (``min_gain``). The kept
phrases become literal targets of the reader (``Reader(mined=...)``), read by ConText like any other.

Not enabled by default: the cross-validation found no useful gain (at most +0.003 F1 on text the rules had
not seen) and wrong readings from phrases that are precise only in this corpus (docs/text.md).

``scripts/mine_lexicon.py`` regenerates ``data/mined.yaml`` from the development parts and runs the
cross-validation (docs/text.md, "Mined phrase lexicon (session 4)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

#: the parts the lexicon may be mined from (never heldout, never the blind parts, never the second
#: annotator's copy of development5)
MINING_PARTS = ("development", "development2", "development3", "development4", "development5")

_NEG_LEAD = ("no", "not", "nil", "denies", "denied", "deny", "without", "never", "negative for", "non")
_DET_LEAD = ("my", "his", "her", "their", "the", "a", "an", "some", "both", "any", "your")
_SIDE_LEAD = ("left", "right", "bilateral", "bilaterally", "l", "r", "lt", "rt", "both")
#: a sub-phrase (``Thresholds.ngrams``) neither starts nor ends with one of these
_FUNCTION = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been it its this that "
    "i he she they we you my his her their our your me him them us when if so then than also very "
    # auxiliaries and light verbs: "legs have", "toe has", "looks like" say nothing on their own
    "have has had do does did can could will would not no get gets got go goes gone going feel feels felt "
    "like look looks keep keeps along about become becomes became".split()
)
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Thresholds(_Strict):
    min_support: int = Field(default=2, ge=1, description="narratives where the phrase is right (gold)")
    min_precision: float = Field(
        default=0.8, ge=0.0, le=1.0, description="right / all narratives where it matches"
    )
    min_gain: int = Field(default=1, ge=0, description="narratives where it adds a pair the reader missed")
    min_words: int = Field(default=2, ge=1, description="fewer words is too generic ('calf')")
    max_words: int = Field(default=8, ge=1)
    ngrams: bool = Field(
        default=False,
        description="also sub-phrases (2+ words) of a gold span, no function word at either end",
    )


class MinedPhrase(_Strict):
    phrase: str = Field(min_length=1)
    finding: str = Field(min_length=1)
    support: int = 0
    matched: int = 0
    gain: int = 0


class MinedFile(_Strict):
    note: str = ""
    sources: list[str]
    thresholds: Thresholds
    phrases: list[MinedPhrase]


def mined_path() -> Path:
    return Path(str(resources.files("legdx.text") / "data" / "mined.yaml"))


def load_mined(path: Path | None = None) -> MinedFile:
    # session 22: libyaml's safe loader when present (the same objects as yaml.safe_load, which took ~28 ms
    # of the reader's load for this 8 kB file; libyaml ~3 ms)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load((path or mined_path()).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    return MinedFile.model_validate(raw)


def mined_targets(reader: Any, mined: bool | Sequence[MinedPhrase] | MinedFile) -> list[Any]:
    """The reader's extra targets (``Reader(mined=...)``): ``True`` -> ``data/mined.yaml``.

    A phrase the reader already has for the same finding is skipped; matches of a mined phrase hide only
    shorter matches of its own finding (``keep_inner``), never another finding's."""
    from legdx.text.reader import _Target
    from legdx.text.rules import TargetRuleSpec

    if mined is True:
        phrases = load_mined().phrases
    elif isinstance(mined, MinedFile):
        phrases = mined.phrases
    elif not mined:
        return []
    else:
        phrases = list(mined)
    kb = reader.kb
    hist_kinds = set(reader.rules.targets.kb.historical_present_kinds)
    have = {(t.literal, t.finding) for t in reader.targets if t.literal}
    out: list[Any] = []
    for i, m in enumerate(phrases):
        if kb is not None and m.finding not in kb.findings:
            reader.problems.append(f"mined.yaml: {m.phrase!r} names {m.finding!r}, not in the knowledge base")
            continue
        norm = reader.normalizer.normalize_phrase(m.phrase).strip()
        if not norm or (norm, m.finding) in have:
            continue
        have.add((norm, m.finding))
        hp = kb is not None and kb.findings[m.finding].kind in hist_kinds
        spec = TargetRuleSpec(finding=m.finding, literals=[norm], keep_inner=True)
        out.append(_Target(f"mined:{i}", m.finding, spec, literal=norm, historical_present=hp))
    return out


# --------------------------------------------------------------------------------------------------
# mining


def _strip_lead(words: list[str], lead: Iterable[str]) -> list[str]:
    for w in sorted(lead, key=lambda x: -len(x.split())):
        ws = w.split()
        if words[: len(ws)] == ws and len(words) > len(ws):
            return words[len(ws) :]
    return words


def variants(norm: str, state: str) -> list[str]:
    """Candidate phrases from one normalised gold span: the span, without a leading negation (absent
    gold), without leading determiners and side words."""
    words = _EDGE.sub("", norm).split()
    if not words:
        return []
    out = [words]
    if state == "absent":
        stripped = _strip_lead(words, _NEG_LEAD)
        if stripped is not words:
            out = [stripped]  # "no calf swelling": the phrase is "calf swelling"; ConText reads the "no"
    more: list[list[str]] = []
    for w in out:
        cur = w
        for _ in range(3):
            nxt = _strip_lead(_strip_lead(cur, _DET_LEAD), _SIDE_LEAD)
            if nxt is cur or nxt == cur:
                break
            more.append(nxt)
            cur = nxt
    res = [" ".join(_EDGE.sub("", " ".join(w)).split()) for w in out + more]
    return list(dict.fromkeys(r for r in res if r))


def sub_phrases(phrase: str, max_words: int = 6) -> list[str]:
    """Contiguous sub-phrases of 2 to ``max_words`` words (shorter than ``phrase``), not starting or ending
    with a function word."""
    words = phrase.split()
    out: list[str] = []
    for n in range(2, min(len(words) - 1, max_words) + 1):
        for i in range(len(words) - n + 1):
            w = words[i : i + n]
            if w[0] in _FUNCTION or w[-1] in _FUNCTION:
                continue
            out.append(" ".join(_EDGE.sub("", " ".join(w)).split()))
    return list(dict.fromkeys(x for x in out if x))


@dataclass
class CandidateStats:
    phrase: str
    finding: str
    gold_cases: set[str] = field(default_factory=set)  # narratives whose gold holds the phrase
    whole: bool = False  # the phrase is a whole gold span (a variant of one), not only a sub-phrase of one
    good: set[str] = field(default_factory=set)  # narratives where a match is a right pair
    bad: set[str] = field(default_factory=set)  # narratives where a match is a wrong pair
    gain: set[str] = field(default_factory=set)  # right pairs the reader without the lexicon missed
    cost: set[str] = field(default_factory=set)  # wrong pairs the reader without the lexicon did not give

    def as_phrase(self) -> MinedPhrase:
        return MinedPhrase(
            phrase=self.phrase,
            finding=self.finding,
            support=len(self.good),
            matched=len(self.good | self.bad),
            gain=len(self.gain),
        )


def candidates(
    cases: Sequence[Any], reader: Any, ignore: dict[str, set[str]], ngrams: bool = False
) -> dict[tuple[str, str], CandidateStats]:
    """(phrase, finding) -> stats, from the gold spans of ``cases`` (``ignore``: per part, ids not scored).

    Findings derived by the knowledge base (numbers, aliases) and spans with digits are left out: the
    number reader and the implications make those."""
    kb = reader.kb
    out: dict[tuple[str, str], CandidateStats] = {}
    for c in cases:
        for g in c.gold:
            if g.id in ignore.get(c.part, ()) or any(ch.isdigit() for ch in g.text):
                continue
            if kb is not None and (g.id not in kb.findings or kb.findings[g.id].derive is not None):
                continue
            norm = reader.normalizer.normalize_phrase(g.text)
            vs = variants(norm, g.state)
            for v in vs:
                st = out.setdefault((v, g.id), CandidateStats(v, g.id))
                st.gold_cases.add(c.id)
                st.whole = True
            if ngrams and vs:
                for v in sub_phrases(vs[0]):
                    st = out.setdefault((v, g.id), CandidateStats(v, g.id))
                    st.gold_cases.add(c.id)
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def measure(
    stats: dict[tuple[str, str], CandidateStats],
    cases: Sequence[Any],
    base_reader: Any,
    rules: Any,
    kb: Any,
    ignore: dict[str, set[str]],
    thresholds: Thresholds,
) -> None:
    """Fill ``good``/``bad``/``gain``/``cost`` by reading ``cases`` with every candidate as a target."""
    from legdx.text.reader import Reader

    keys = sorted(k for k in stats if len(k[0].split()) <= thresholds.max_words)
    phrases = [MinedPhrase(phrase=p, finding=f) for p, f in keys]
    cand_reader = Reader(rules, kb, mined=phrases)
    # each candidate is measured on its own: a mined match hides shorter ones of its own finding in the
    # reader (keep_inner), which would hide a candidate inside a longer candidate here
    tm = cand_reader.target_matcher
    for key, rule in tm.rules.items():
        if str((rule.metadata or {}).get("name", "")).startswith("mined:"):
            tm.label[key] = key
    for c in cases:
        ign = ignore.get(c.part, set())
        gold: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for g in c.gold:
            gold.setdefault((g.id, g.state), []).append(g.span)
        base_pred: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for f in base_reader.read(c.text).findings:
            base_pred.setdefault((f.id, f.state), []).append(tuple(f.span))
        base_tp = {
            k for k, sp in base_pred.items() if any(_overlaps(a, b) for a in sp for b in gold.get(k, ()))
        }
        for f in cand_reader.read(c.text).findings:
            if not f.rule.startswith("mined:") or f.id in ign:
                continue
            st = stats[keys[int(f.rule.split(":")[1])]]
            k = (f.id, f.state)
            if any(_overlaps(f.span, b) for b in gold.get(k, ())):
                st.good.add(c.id)
                if k not in base_tp:
                    st.gain.add(c.id)
            else:
                st.bad.add(c.id)
                if k not in base_pred:
                    st.cost.add(c.id)


def select(stats: dict[tuple[str, str], CandidateStats], thresholds: Thresholds) -> list[MinedPhrase]:
    """The candidates that pass ``thresholds``, sorted by finding and phrase (deterministic)."""
    out = []
    for (phrase, _fid), st in sorted(stats.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        n = len(phrase.split())
        if not thresholds.min_words <= n <= thresholds.max_words or not (st.whole or thresholds.ngrams):
            continue
        matched = len(st.good | st.bad)
        if len(st.good) < thresholds.min_support or not matched:
            continue
        if len(st.good) / matched < thresholds.min_precision or len(st.gain) < thresholds.min_gain:
            continue
        if len(st.gain) < len(st.cost) or (thresholds.min_gain and len(st.gain) == len(st.cost)):
            continue  # adds no more right pairs than wrong ones
        out.append(st.as_phrase())
    return out


def mine_stats(
    parts: Sequence[str],
    rules: Any = None,
    kb: Any = None,
    thresholds: Thresholds | None = None,
    ngrams: bool = False,
) -> dict[tuple[str, str], CandidateStats]:
    """Candidate statistics over the development ``parts`` (a subset of ``MINING_PARTS``)."""
    from legdx.text.evaluate import ignored_ids, load_corpus
    from legdx.text.reader import Reader
    from legdx.text.rules import default_rules

    bad = [p for p in parts if p not in MINING_PARTS]
    if bad:
        raise ValueError(f"not a mining part: {', '.join(bad)} (only {', '.join(MINING_PARTS)})")
    thresholds = thresholds or Thresholds()
    rules = rules or default_rules()
    if kb is None:
        from legdx.knowledge.loader import default_kb

        kb = default_kb()
    cases = [c for p in parts for c in load_corpus(p)]  # type: ignore[arg-type]
    ignore = {p: ignored_ids(p) for p in parts}  # type: ignore[arg-type]
    base = Reader(rules, kb, mined=False)
    stats = candidates(cases, base, ignore, ngrams=ngrams)
    measure(stats, cases, base, rules, kb, ignore, thresholds)
    return stats


def dump(phrases: list[MinedPhrase], parts: Sequence[str], thresholds: Thresholds, note: str = "") -> str:
    """YAML text of a lexicon (stable order and formatting)."""
    doc = MinedFile(note=note, sources=list(parts), thresholds=thresholds, phrases=phrases)
    return yaml.safe_dump(doc.model_dump(), sort_keys=False, allow_unicode=True, width=110)
