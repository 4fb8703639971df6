"""Free text -> findings with states and spans, demographics and measurements.

Pipeline (spaCy blank English, no trained model): normalise (abbreviations, typos, spelling; offsets
kept) -> sentences (spaCy's ``sentencizer`` plus a newline rule; PyRuSH optional) -> medspaCy
``TargetMatcher`` (phrases from the knowledge base's finding names and synonyms, plus
``target_rules.yaml``) -> medspaCy ``ConText`` (``context_rules.yaml``: negation, possibility, history,
family, hypothetical, laterality) -> states. Numbers are read from the original text by
``numbers.yaml``. Everything medical is in the data files; this module only applies them.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import eq, or_
from typing import Any, Literal, ParamSpec, TypeVar, cast, get_args

from pydantic import BaseModel, ConfigDict, Field

from legdx import model
from legdx.text import derived
from legdx.text.nlp_imports import import_nlp
from legdx.text.normalize import (
    Normalizer,
    OffsetMap,
    Words,
    literal_needs,
    need_ids,
    passes,
    plain_superscripts,
)
from legdx.text.numbers import (
    _SEPARATORS,
    LazyAnyOf,
    LazyAsciiLowered,
    LazyAsciiLoweredLead,
    NumberHit,
    NumberReader,
    Starts,
)
from legdx.text.records import Records
from legdx.text.rules import (
    COURSE_CATEGORIES,
    LATERALITY_CATEGORIES,
    RuleSet,
    TargetRuleSpec,
    default_rules,
    lemma_vocab,
    no_gc,
    regular_base,
)
from legdx.text.screen import Screen
from legdx.text.tokmatch import GroupAutomaton, Word, token_spec

#: ``Reader(mined=...)`` default: True reads ``data/mined.yaml``; False leaves it out (session 4)
MINED_DEFAULT = False

TextState = Literal["present", "absent", "historical", "family", "hypothetical", "possible"]
Laterality = Literal["left", "right", "bilateral", "unilateral"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextFinding(Out):
    """One mention of a finding in the text."""

    id: str
    state: TextState
    span: tuple[int, int]
    text: str
    rule: str = Field(
        description="the rule that matched: target_rules:<n>, kb:synonym, kb:name, kb:id, numbers:<id>, "
        "semantic:probe (a guess of the semantic mode), fastsem:probe (a guess of the fast semantic layer)"
    )
    laterality: Laterality | None = None
    cues: list[str] = Field(default_factory=list, description="ConText cue words that set the state")


#: session 22: a ``TextFinding`` without validation (``model.maker``: the fields stored as given, the same
#: object as the validated one), for the reader's own findings, whose fields are typed where they are made
#: (a state from ``_state`` or the validated rules, a span of two ints, the cue words as a list of strings);
#: half as costly as the compiled validator on the 30-50 findings of a 150-word narrative
_TextFinding: Callable[..., TextFinding] = model.maker(cast(Any, TextFinding))  # (any BaseModel)


_FindingInput: Callable[..., model.FindingInput] = model.maker(cast(Any, model.FindingInput))
_Case: Callable[..., model.Case] = model.maker(cast(Any, model.Case))
_CASE_STATES = frozenset(get_args(model.State))
_CASE_SEXES = frozenset(get_args(get_args(model.Case.model_fields["sex"].annotation)[0]))
_CASE_ORIGINS = frozenset(get_args(model.FindingInput.model_fields["origin"].annotation))


def _case(
    age: float | None,
    sex: str | None,
    findings: dict[str, dict[str, Any]],
    measurements: dict[str, float],
    text: str,
    notes: list[str],
) -> model.Case:
    """``model.Case(age=, sex=, findings=, measurements=, text=)`` with ``notes`` set after (a copy with
    them), without validation when every value is of the type validation would leave it as (session 25,
    spd: validating the 20-50 findings of a 150-word narrative, each through two Python before-validators,
    cost about one instruction in a hundred of reading it). The same object, fields set included (an int
    age becomes its float, as validation makes it); any other value (a list span, a measurement that is not
    a finite float, a state or sex outside the model's) goes through the validated model, which converts it
    or raises as it always did."""
    if type(age) is int and 18 <= age <= 120:
        age = float(age)  # as validation leaves it
    fast = (age is None or (type(age) is float and 18 <= age <= 120)) and (sex is None or sex in _CASE_SEXES)
    if fast:
        for x in measurements.values():
            if type(x) is not float or x != x or x in _INFINITE:
                fast = False
                break
    if fast:
        made: dict[str, model.FindingInput] = {}
        for fid, f in findings.items():
            state, span, said = f["state"], f["span"], f["text"]
            if (
                state not in _CASE_STATES
                or type(span) is not tuple
                or len(span) != 2
                or type(span[0]) is not int
                or type(span[1]) is not int
                or type(said) is not str
                or f["origin"] not in _CASE_ORIGINS
                or len(f) != 4
            ):
                fast = False
                break
            made[fid] = _FindingInput(state=state, span=span, text=said, origin=f["origin"])
    if not fast:
        case = model.Case(
            age=age,
            sex=sex,  # type: ignore[arg-type]
            findings=findings,  # type: ignore[arg-type]
            measurements=measurements,
            text=text,
        )
        return case.model_copy(update={"notes": notes})
    return _Case(age=age, sex=sex, findings=made, measurements=measurements, text=text, notes=notes)


_INFINITE = (float("inf"), float("-inf"))


class TextMeasurement(Out):
    id: str = Field(description="a measurement id (measurements.yaml) or a variable the KB derive rules read")
    value: float
    span: tuple[int, int]
    text: str
    rule: str
    assumptions: list[str] = Field(default_factory=list)


class Phrase(Out):
    text: str
    span: tuple[int, int]


class TextResult(Out):
    """What ``read_text`` returns."""

    case: model.Case
    findings: list[TextFinding]
    measurements: list[TextMeasurement]
    variables: dict[str, float] = Field(description="numbers read that are not case measurements (e.g. ABI)")
    not_understood: list[Phrase]
    warnings: list[model.Warning]
    text: str = Field(description="the text as read (after truncation)")
    truncated: bool = False


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _without_gc(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with cyclic garbage collection paused (``rules.no_gc``; session 5)."""

    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with no_gc():
            return fn(*args, **kwargs)

    return run


@dataclass
class _Target:
    name: str
    finding: str
    spec: TargetRuleSpec | None
    literal: str | None = None
    pattern: list[dict[str, Any]] | None = None
    historical_present: bool = False


def _map_back(res: TextResult, om: OffsetMap, text: str) -> TextResult:
    """Session 22 (fmt): ``res``, read from a text whose records were unfolded, with its spans (findings,
    measurements, phrases not understood, warnings' places) mapped back to ``text`` through ``om``."""

    def span(sp: tuple[int, int]) -> tuple[int, int]:
        if sp[1] <= sp[0]:
            return om.to_orig(sp[0], sp[0] + 1)[:1] * 2
        a, b = om.to_orig(sp[0], sp[1])
        return (a, b) if b > a else om.to_orig(sp[0], sp[0] + 1)

    def where(w: str | None) -> str | None:
        if not w:
            return w
        def sub(m: re.Match[str]) -> str:
            a, b = span((int(m.group(1)), int(m.group(2))))
            return f"text[{a}:{b}]"

        return _WHERE.sub(sub, w)

    def moved(x: Any) -> Any:
        sp = span(x.span)
        return x.model_copy(update={"span": sp, "text": text[sp[0] : sp[1]]})

    warnings = [w.model_copy(update={"where": where(w.where)}) for w in res.warnings]
    return res.model_copy(
        update={
            "findings": [moved(f) for f in res.findings],
            "measurements": [moved(m) for m in res.measurements],
            "not_understood": [moved(x) for x in res.not_understood],
            "warnings": warnings,
            "text": text,
            "case": res.case.model_copy(update={"text": text}),
        }
    )


_WHERE = re.compile(r"text\[(\d+):(\d+)\]")


@dataclass
class _Prepared:
    text: str
    warnings: list[model.Warning] = field(default_factory=list)
    truncated: bool = False
    readable: bool = True


class Reader:
    """The compiled pipeline. Build once per process (``get_reader``); ``read`` is thread-safe enough
    for one caller at a time (spaCy pipelines are not shared across threads here)."""

    @_without_gc
    def __init__(
        self,
        rules: RuleSet | None = None,
        kb: Any = None,
        *,
        sentences: str = "sentencizer",
        use_kb: bool = True,
        mined: Any = MINED_DEFAULT,
        semantic: bool = False,
        fast_semantic: bool = True,
    ):
        self.rules = rules or default_rules()
        # the semantic mode (semantic.py, the [embeddings] extra): model guesses for findings the rules miss
        self.semantic: Any = None
        if semantic:
            from legdx.text.semantic import get_proposer

            self.semantic = get_proposer()
        # the fast semantic layer (fastsem.py; numpy only): on by default since session 7 (docs/text.md)
        self.fastsem: Any = None
        if fast_semantic:
            from legdx.text.fastsem import get_probes

            self.fastsem = get_probes()
        self.problems: list[str] = []
        self.kb = kb
        if self.kb is None and use_kb:
            self.kb = _try_kb(self.problems)
        lex = self.rules.lexicon
        # session 22: the normalised phrases and regex needs worked out before (data/rules_derived.json, each
        # keyed by all it depends on: ``legdx.text.derived``), used while the reader is built
        phrase_tables = derived.install()
        self.normalizer = Normalizer(lex)
        self.normalizer.use_phrases(phrase_tables, derived.seen())
        #: session 22 (fmt): structured input (JSON, CSV, key=value, HL7-like, markdown tables) read as the
        #: 'field: value' lines the rules read (records.py); the spans are mapped back at the end of ``read``
        self.records = Records(lex.records)
        self.numbers = NumberReader(self.rules.numbers, self._ranges())
        if self.kb is not None:
            # session 9: a stated-limit rule for a finding the knowledge base does not have is reported and
            # left out once here, not checked on every reading
            unknown = sorted({sl.finding for sl, _t, _rx in self.numbers.limits} - set(self.kb.findings))
            if unknown:
                self.problems.append(
                    "numbers.yaml stated_limits: names finding ids the knowledge base does not have: "
                    + ", ".join(unknown)
                )
                self.numbers.limits = [x for x in self.numbers.limits if x[0].finding in self.kb.findings]
        self.measurement_ids = set(self.kb.measurements) if self.kb is not None else None
        self.targets = self._collect_targets()
        if mined:  # the mined phrase lexicon (mined.py, data/mined.yaml; session 4): extra literal targets
            from legdx.text.mined import mined_targets

            self.targets += mined_targets(self, mined)
        self._implications = self._collect_implications()
        # session 19: the combine rules and what each needs to be true (``_true_needs``), built on first use
        #: the combine rules, each one's ``_true_needs``, the rules filed under each finding of them (present,
        #: absent) and the rules without (session 23), for the rule list they were made from
        self._combine_gates: (
            tuple[
                Any,
                list[tuple[frozenset[str], frozenset[str]] | None],
                tuple[dict[str, list[int]], dict[str, list[int]]],
                list[int],
            ]
            | None
        ) = None
        # session 22: the combine rules with a condition on a variable (``_combine_value_spans``), built on
        # first use
        self._combine_var_rules: tuple[Any, list[tuple[Any, list[dict[str, Any]]]]] | None = None
        self._alias_filters = {
            fid: (
                re.compile(af.other, re.I),
                re.compile(af.own, re.I),
                re.compile(af.denied, re.I) if af.denied else None,
                re.compile(af.own_when_denied, re.I) if af.own_when_denied else None,
            )
            for fid, af in self.rules.targets.kb.alias_filters.items()
        }
        self._own_derives, self._kb_derives = self._collect_derives()
        self._normal_absent = frozenset(self.rules.numbers.normal_value_absent)
        vocab = [t.literal for t in self.targets if t.literal]
        vocab += [w for t in self.targets if t.pattern for w in _pattern_words(t.pattern)]
        vocab += [w for words in self.rules.targets.classes.values() for w in words]
        vocab += [r.literal for r in self.rules.context.rules]
        vocab += self.rules.reader.english_words
        screen_words = [
            w.strip("*") for items in self.rules.screen.concepts.values() for it in items for w in it.split()
        ]
        vocab += screen_words
        self.normalizer.add_vocabulary(vocab)
        irregular = {k.lower(): v.lower() for k, v in self.rules.lexicon.lemmas.items()}
        import_nlp()
        import spacy

        blank = spacy.blank("en")  # the pipeline (built on it below), and its tokenizer for the screen
        phrase_lowers = _PhraseLowers(blank.tokenizer)
        screen_lemma = Lemmatizer({w.lower() for w in screen_words} | set(irregular.values()), irregular)
        self.screen = Screen(
            self.rules.screen,
            self.normalizer.normalize_phrase,
            screen_lemma,
            phrase_lowers,
        )
        self.screen.add_inflected(_inflected_forms(screen_lemma))
        self.normalizer.protect_words(self.rules.reader.english_words)
        self._lat_words = self._laterality_words()
        self._part_denials = {
            whole: (pd.by, re.compile(pd.words, re.IGNORECASE))
            for whole, pd in self.rules.reader.part_denials.items()
        }
        self._lat_cache: dict[str, frozenset[str]] = {}
        if self.kb is not None:
            for sr in self.rules.screen.rules:
                self.problems += [
                    f"screen.yaml: rule {sr.id} emits {x!r}, which the knowledge base does not have"
                    for x in sr.emit
                    if x not in self.kb.findings
                ]
        self.nlp = self._build_nlp(sentences, blank)
        self._clinical = tuple(w.lower() for w in self.rules.reader.clinical_words)
        self._glue = frozenset(w.lower() for w in self.rules.reader.list_glue)
        self._conj = frozenset(w.lower() for w in self.rules.reader.list_conjunctions)
        # words that end a list rather than name an item of it
        self._stop_list_words = frozenset(_GAP_STOP) | {"but", "now", "then", "only", "which", "who"}
        self._english = {w.lower() for w in self.rules.reader.english_words} | self.normalizer.vocab
        self._gradual = dict(self.rules.reader.gradual_replace)
        # session 9: a gradual course said inside a stroke-type mention ("speech has gradually become
        # slurred"), where ConText's GRADUAL cue cannot reach it: the words of that cue's one-word rules
        gradual_words = [
            w
            for r in self.rules.context.rules
            if r.category == "GRADUAL" and isinstance(r.pattern, list) and len(r.pattern) == 1
            for w in (r.pattern[0].get("LOWER") or {}).get("IN", [])
        ]
        self._gradual_word = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, gradual_words)) + r")\b") if gradual_words else None
        )
        if self.kb is not None:
            self.problems += [
                f"reader.yaml: gradual_replace names {x!r}, which the knowledge base does not have"
                for pair in self._gradual.items()
                for x in pair
                if x not in self.kb.findings
            ]
        words = self.rules.reader.sudden_onset_words
        self._sudden_rx = re.compile(r"\b(?:" + "|".join(words) + r")\b") if words else None
        slow, short = self.rules.reader.slow_course_words, self.rules.reader.short_course_words
        self._slow_rx = re.compile(r"\b(?:" + "|".join(slow) + r")\b") if slow else None
        self._short_rx = re.compile(r"\b(?:" + "|".join(short) + r")\b") if short else None
        cfg_r = self.rules.reader

        def alternatives(ws: list[str]) -> str:
            return "|".join(map(re.escape, ws))

        # session 9: besides the listed speaker labels, any label of one or two words and a colon ("Physio:",
        # "Mr Osei:") opens a question or its answer
        any_label = r"[a-z][a-z'\u2019.]*(?: [a-z][a-z'\u2019.]*)?\s*:\s*"
        # session 18 (fxg, probe session18_sa:45): a quoted thread's question ("> Any bladder problems?") and
        # its answer on the next line after a quote mark or a dash ("-- no, all normal", "> no")
        quote = r"(?:(?:>|--?|\u2013|\u2014)[ \t]*)*"
        self._q_label = re.compile(
            rf"{quote}(?:(?:{alternatives(cfg_r.question_speakers)})\s*[:.\-]\s*|{any_label})?"
            rf"(?:(?:{alternatives(cfg_r.question_links)}),?\s+)?"
        )
        self._q_open = (
            re.compile(r"(?:" + "|".join(cfg_r.question_openers) + r")\b") if cfg_r.question_openers else None
        )
        a_label = rf"{quote}(?:(?:{alternatives(cfg_r.answer_speakers)})\s*[:\-]\s*|{any_label})?"
        self._q_no = (
            re.compile(
                # session 11: a line break also ends the answer ("Patient: No" on its own line, the next
                # question below: the bare "No" had not been read as the answer)
                rf"\s*{a_label}(?:" + "|".join(cfg_r.negative_answers) + r")\s*(?:[.,;:!)\-\u2013\u2014\n]|$)"
            )
            if cfg_r.negative_answers
            else None
        )
        self._q_stop = frozenset(w.lower() for w in cfg_r.question_fragment_stop)
        self._a_fix = re.compile("|".join(cfg_r.answer_corrections)) if cfg_r.answer_corrections else None
        # session 18: words given to someone else or taken back (reader.yaml: takebacks)
        self._takebacks = [
            (
                re.compile(tb.pattern, re.IGNORECASE),
                re.compile(tb.requires, re.IGNORECASE) if tb.requires else None,
                re.compile(tb.unless, re.IGNORECASE) if tb.unless else None,
                tb.state,
                frozenset(tb.ids) if tb.ids else None,
                tb.name,
            )
            for tb in cfg_r.takebacks
        ]
        #: session 25: a takeback's regex for the writer naming its items ('I have the second one'), by name
        self._takeback_named = {tb.name: re.compile(tb.named) for tb in cfg_r.takebacks if tb.named}
        #: session 23: a takeback's own reason for the words it leaves unread (``why``), by name
        self._takeback_why = {tb.name: tb.why for tb in cfg_r.takebacks if tb.why}
        # what an ASCII text must hold for a takeback (its pattern and its requires) to match at all,
        # read from the regexes as speed21's rewrites are (``literal_needs``): most texts hold none
        self._takeback_needs = [
            need_ids((*literal_needs(tb.pattern), *(literal_needs(tb.requires) if tb.requires else ())))
            for tb in cfg_r.takebacks
        ]
        # session 24 (spd): the takebacks' patterns for a lower-cased ASCII text (``LazyAsciiLowered``)
        self._takeback_low: list[
            tuple[LazyAsciiLowered, LazyAsciiLowered | None, LazyAsciiLowered | None]
        ] = [
            (
                # session 26 (spr): with a lookahead of its first characters where it opens with lookarounds
                LazyAsciiLoweredLead(rx),
                None if req is None else LazyAsciiLowered(req),
                None if unless is None else LazyAsciiLowered(unless),
            )
            for rx, req, unless, *_rest in self._takebacks
        ]
        # session 9: a short question answered with content ("Q: Weakness? A: Both legs, worse every hour")
        self._q_topic = re.compile(
            r"(?:(?:" + "|".join(cfg_r.question_openers) + r")\b\s*)?" if cfg_r.question_openers else ""
        )
        self._a_open = re.compile(
            rf"\s*{a_label}"
            + (r"(?:(?:" + "|".join(cfg_r.yes_answers) + r")\b[\s,.;:!\-]*)?" if cfg_r.yes_answers else "")
        )
        self._a_site = frozenset(w.lower() for w in cfg_r.answer_site_words)
        # session 17: a question answered "yes" (``_asked_absent``)
        yes = "|".join(cfg_r.yes_answers)
        self._q_yes = re.compile(rf"\s*{a_label}(?:{yes})\b") if yes else None
        # session 12: a form's empty and ticked boxes
        empty, ticked = cfg_r.checkbox_empty, cfg_r.checkbox_ticked
        self._box_rx = (
            re.compile(
                f"(?P<empty>{'|'.join(empty)})" + (f"|(?P<ticked>{'|'.join(ticked)})" if ticked else "")
            )
            if empty
            else None
        )
        # session 26 (spr): a text without a box found by the boxes' first characters (``numbers.Starts``:
        # in one alternation of groups every place of the text tries every box)
        self._box_starts = Starts(self._box_rx) if self._box_rx is not None else None
        self._label_no = (
            re.compile(
                # a label of one to four words, and a form's "Y/N", "(yes/no)", "Yes / No" after it
                r"(?m)^[ \t]*((?:[a-z][\w/&'\-]*[ \t]+){0,3}[a-z][\w/&'\-]*)"
                r"(?:[ \t]*\(?(?:y|yes)[ \t]*/[ \t]*(?:n|no)\)?)?[ \t]*:[ \t]*(?:"
                + "|".join(cfg_r.label_negatives)
                + r")\b"
            )
            if cfg_r.label_negatives
            else None
        )
        # session 14: a form's yes/no column with no colon ("Bladder problems no"), a line of one to six words
        # that ends with an answer word (group "no": the first, negative, answer)
        answers = cfg_r.column_answers
        self._column_rx = (
            re.compile(
                r"(?m)^[ \t]*((?:[a-z][\w/&'\-]*[ \t]+){1,6})(?:"
                + "|".join([f"(?P<no>{answers[0]})", *(f"(?:{a})" for a in answers[1:])])
                + r")[ \t]*[.!]?[ \t]*$"
            )
            if answers
            else None
        )
        # session 18 (fxg): a dated quoted line of an older message that says it settled (``_settled_quotes``)
        dates, settled = cfg_r.settled_quote_dates, cfg_r.settled_quote_words
        self._quote_date = (
            re.compile(r"(?m)^[ \t]*>[ \t>]*(?:" + "|".join(dates) + r")[ \t]*:")
            if dates and settled
            else None
        )
        # ("not settled", "never cleared up", "hasn't resolved" are no resolution)
        self._settled = (
            re.compile(r"(?<!not )(?<!never )(?<!n't )(?<!nt )(?<!yet )\b(?:" + "|".join(settled) + r")\b")
            if settled
            else None
        )
        self._lock = threading.Lock()
        self.normalizer.use_phrases(None)  # built: from now on every phrase is normalised as before

    def _settled_quotes(self, original: str) -> list[tuple[int, int]]:
        """Session 18 (fxg, probes session18_sa:37, sa:39, sa:42): ``(start, end)`` per quoted line of an
        older message that opens with a past date and says, on that line or on the answer line right after
        it ("-- that was sorted"), that it settled ("> Sept 2023: A&E for swollen calf, scan showed no
        clot."; reader.yaml: settled_quote_dates, settled_quote_words). The newest text is read as usual."""
        if self._quote_date is None or self._settled is None or ">" not in original:
            return []
        low = original.lower()
        if len(low) != len(original):
            return []
        out: list[tuple[int, int]] = []
        for m in self._quote_date.finditer(low):
            end = low.find("\n", m.end())
            end = len(low) if end < 0 else end
            line = low[m.end() : end]
            if self._settled.search(line) is None:
                nxt = low.find("\n", end + 1) if end < len(low) else -1
                answer = low[end + 1 : nxt if nxt >= 0 else len(low)] if end < len(low) else ""
                if not _ANSWER_MARK.match(answer) or self._settled.search(answer) is None:
                    continue
            out.append((m.start(), end))
        return out

    def _questions(self, original: str) -> list[tuple[str, int, int, str, re.Match[str] | None]]:
        """``(text lower-cased, start, end, question, its "no" answer or None)`` per question in ``original``
        that asks whether something is there (``_asks_whether``; from the end of the sentence before it to its
        question mark, the question lower-cased and stripped). Worked out once per text for both
        ``_answered_no`` and ``_content_answers`` (session 9); none when lower-casing would move offsets (a
        few characters lower-case to two, "İ")."""
        if "?" not in original:
            return []
        low = original.lower()
        if len(low) != len(original):
            return []
        out: list[tuple[str, int, int, str, re.Match[str] | None]] = []
        start = 0
        for m in _Q_END.finditer(low):
            end = m.end()
            if m.group() == "?":
                q = low[start:end]
                qs = start + len(q) - len(q.lstrip())
                q = q.strip()
                if self._asks_whether(q):
                    a0 = end
                    if self._a_fix is not None:
                        # session 12: an answer corrected on its line is read from its last correction
                        nl = low.find("\n", end + 1 if low.startswith("\n", end) else end)
                        for c in self._a_fix.finditer(low, end, nl if nl >= 0 else len(low)):
                            a0 = c.end()
                    ans = self._q_no.match(low, a0) if self._q_no is not None else None
                    out.append((low, qs, a0, q, ans))
            start = end
        return out

    def _answered_no(
        self,
        original: str,
        findings: list[TextFinding],
        questions: list[tuple[str, int, int, str, re.Match[str] | None]],
    ) -> list[TextFinding]:
        """Session 7: findings read inside a question that asks whether something is there and is answered
        "no" right after it ("Any bladder or bowel problems? None at all.") are absent, with the answer as
        their cue (reader.yaml: question_openers, question_fragment_words, negative_answers); ``questions``:
        ``_questions``."""
        if not findings:
            return findings
        spans = [
            (qs, end, original[end : ans.end()].strip(" .,;:!-"))
            for _low, qs, end, _q, ans in questions
            if ans is not None
        ]
        return _absent_within(findings, spans, ("present", "possible", "hypothetical"))

    def _asked_absent(
        self,
        findings: list[TextFinding],
        questions: list[tuple[str, int, int, str, re.Match[str] | None]],
    ) -> list[TextFinding]:
        """Session 17 (development30 aj007): a finding read absent by its own wording, with no ConText cue,
        inside a question ("Q: Is his speech normal? A: He sounds a bit drunk.") is no denial: the question
        asks it. Answered "no" it is present (the answer as its cue), answered "yes" it stays absent, and
        with any other answer it is dropped (the answer's own words are read as they stand)."""
        if not questions or not any(f.state == "absent" and not f.cues for f in findings):
            return findings
        out: list[TextFinding] = []
        for f in findings:
            if f.state == "absent" and not f.cues:
                q = next((q for q in questions if q[1] <= f.span[0] and f.span[1] <= q[2]), None)
                if q is not None:
                    low, _qs, a0, _q, no = q
                    if no is not None:
                        cue = low[a0 : no.end()].strip(" .,;:!-")
                        f = f.model_copy(update={"state": "present", "cues": [cue]})
                    elif self._q_yes is None or self._q_yes.match(low, a0) is None:
                        continue
            out.append(f)
        return out

    def _empty_boxes(self, original: str) -> list[tuple[int, int, str]]:
        """Session 12: ``(start, end, box)`` per run of form items whose box is empty ("Saddle numbness [ ]
        Bladder/bowel change [ ]"; reader.yaml: checkbox_empty, checkbox_ticked). An item is the text before
        its box, back to the line start, the previous box or the last full stop, colon or semicolon; on a line
        that opens with a box, the text after each box instead ("[ ] Fever [x] Back pain")."""
        rx, starts = self._box_rx, self._box_starts
        if rx is None or starts is None or starts.search(original) is None:
            return []
        items: list[tuple[int, int, str]] = []
        line_start = 0
        for line in original.split("\n"):
            marks = list(rx.finditer(line))
            if marks:
                box_first = not line[: marks[0].start()].strip()
                prev = 0
                for i, m in enumerate(marks):
                    if box_first:
                        a = m.end()
                        b = marks[i + 1].start() if i + 1 < len(marks) else len(line)
                    else:
                        a, b = prev, m.start()
                        item = line[a:b].rstrip(" \t:-=")
                        cuts = [k.end() for k in _ITEM_CUT.finditer(item) if item[k.end() :].strip()]
                        if cuts:
                            a += cuts[-1]
                    prev = m.end()
                    if m.group("empty"):
                        lo, hi = (min(a, m.start()), max(b, m.end()))
                        items.append((line_start + lo, line_start + hi, m.group()))
            line_start += len(line) + 1
        runs: list[tuple[int, int, str]] = []
        for a, b, box in items:
            if runs and not original[runs[-1][1] : a].strip():
                runs[-1] = (runs[-1][0], b, runs[-1][2])
            else:
                runs.append((a, b, box))
        return runs

    def _labels_no(self, original: str) -> list[tuple[int, int, str]]:
        """Session 12: ``(start, end, answer)`` per form label at a line start answered with a negative or
        normal word after its colon ("Breathing: no dyspnoea"; reader.yaml: label_negatives)."""
        if self._label_no is None or ":" not in original:
            return []
        low = original.lower()
        if len(low) != len(original):
            return []
        return [
            (m.start(1), m.end(1), original[m.end(1) : m.end()].strip(" \t:"))
            for m in self._label_no.finditer(low)
        ]

    def _column_nos(self, original: str) -> list[tuple[int, int, str]]:
        """Session 14: ``(start, end, answer)`` per line of a form's yes/no column answered with the negative
        word ("Bladder problems no"); only when at least three short lines end with an answer word
        (reader.yaml: column_answers), so that a sentence ending in "no" is not a column."""
        if self._column_rx is None:
            return []
        low = original.lower()
        if len(low) != len(original):
            return []
        lines = list(self._column_rx.finditer(low))
        if len(lines) < 3:
            return []
        return [
            (m.start(1), m.end(), low[m.end(1) : m.end()].strip()) for m in lines if m.group("no") is not None
        ]

    def _content_answers(
        self, original: str, questions: list[tuple[str, int, int, str, re.Match[str] | None]]
    ) -> list[tuple[int, int, str]]:
        """Session 9: ``(start, end, sentence)`` per short question answered with content rather than a plain
        "no" ("Q: Weakness? A: Both legs, getting worse every hour."): the question's topic joined to the
        answer ("weakness in both legs, getting worse every hour"), and the span from the question to the
        end of the answer (reader.yaml: yes_answers, answer_site_words); ``questions``: ``_questions``."""
        out: list[tuple[int, int, str]] = []
        for low, qs, end, q, ans in questions:
            if ans is not None:
                continue
            a0 = self._a_open.match(low, end).end()  # type: ignore[union-attr]  # all parts optional
            stop = _Q_END.search(low, a0)
            a1 = stop.start() if stop is not None else len(low)
            answer = original[a0:a1].strip(" ,;:-\t\r")
            q = q[self._q_label.match(q).end() :]  # type: ignore[union-attr]  # all parts optional
            tm = self._q_topic.match(q)
            topic = q[tm.end() if tm is not None else 0 : -1].strip(" ,;:-")
            first = answer.split(maxsplit=1)[0].lower().strip("\"'(") if answer else ""
            if topic and answer and (stop is None or stop.group() != "?"):
                glue = " " if first in ("in", "on", "at", "into", "down", "from", "around") else (
                    " in " if first in self._a_site else ", "
                )
                out.append((qs, a1, f"{topic}{glue}{answer}"))
        return out

    def _answer_findings(
        self,
        original: str,
        findings: list[TextFinding],
        relative_writes: bool,
        questions: list[tuple[str, int, int, str, re.Match[str] | None]],
    ) -> list[TextFinding]:
        """Session 9: what the questions answered with content say (``_content_answers``), read as one text
        of such sentences; a finding it reads that the text itself did not (same id and state) is added,
        with the question and its answer as the span."""
        pairs = self._content_answers(original, questions)
        # session 16 (fxd, probe session16_qs:48): a condition asked about as a title ("Spinal infection?
        # I read ...", target_rules.yaml: _condition_not_had) is no topic for the text after it to answer
        asked = [f.span for f in findings if f.id == "_condition_not_had"]
        pairs = [(a, b, t) for a, b, t in pairs if not any(a <= s < b for s, _e in asked)]
        if not pairs:
            return []
        synth_parts: list[str] = []
        where: list[tuple[int, int, int, int]] = []  # synthetic start, end; original start, end
        pos = 0
        for a, b, sentence in pairs:
            synth_parts.append(sentence)
            where.append((pos, pos + len(sentence), a, b))
            pos += len(sentence) + 2
        synth = ".\n".join(synth_parts)
        norm, om = self.normalizer.normalize(synth)
        with self._lock:
            doc = self.nlp.make_doc(norm)
            doc.user_data["legdx_text"] = norm  # as in read(): set before the pipeline runs
            doc = self.nlp(doc)
        have = {(f.id, f.state) for f in findings}
        out: list[TextFinding] = []
        for f in self._findings(doc, om, synth, relative_writes):
            if (f.id, f.state) in have:
                continue
            for s0, s1, a, b in where:
                if s0 <= f.span[0] < s1:
                    have.add((f.id, f.state))
                    upd = {"span": (a, b), "text": original[a:b], "rule": f"answer:{f.rule}"}
                    out.append(f.model_copy(update=upd))
                    break
        return out

    def _asks_whether(self, q: str) -> bool:
        """``q`` (lower case, ending with '?') asks whether something is there."""
        q = q[self._q_label.match(q).end() :]  # type: ignore[union-attr]  # every part is optional
        if self._q_open is not None and self._q_open.match(q):
            return True
        words = q[:-1].split()
        limit = self.rules.reader.question_fragment_words
        return 0 < len(words) <= limit and words[0].strip("\"'(") not in self._q_stop

    def _taken_back(
        self, original: str, words: Words | None = None
    ) -> list[tuple[int, int, str, frozenset[str] | None, str]]:
        """Session 18: the spans of ``reader.yaml: takebacks`` in the text, each with its state, its ids
        (None: all) and its name: words about someone else ("My partner's dark urine after the gym last
        month ... Me, I'm 52") or words the writer takes back ("I wrote X but meant Y"). ``words``: the
        text's ``Words`` (an ASCII text; session 19: one per reading, shared with the number rules)."""
        out: list[tuple[int, int, str, frozenset[str] | None, str]] = []
        if words is None and original.isascii():
            words = Words(original.lower())
        # session 24 (spd): an ASCII text's takebacks looked for in its lower case (the same places)
        low = words.low if words is not None else None
        plain = low is not None and _SEPARATORS.search(low) is None
        for (rx, req, unless, state, ids, name), needs, lows in zip(
            self._takebacks, self._takeback_needs, self._takeback_low, strict=True
        ):
            if words is not None and needs and not passes(needs, words):
                continue
            # each pattern with the text it is looked for in: its lowered form and the lower case, or itself
            # and the text
            rx_t = req_t = unless_t = original
            if low is not None:
                lz_rx, lz_req, lz_unless = lows
                if (got := lz_rx.get(plain)) is not None:
                    rx, rx_t = got, low
                if lz_req is not None and (got := lz_req.get(plain)) is not None:
                    req, req_t = got, low
                if lz_unless is not None and (got := lz_unless.get(plain)) is not None:
                    unless, unless_t = got, low
            if req is not None and req.search(req_t) is None:
                continue
            if unless is not None and unless.search(unless_t) is not None:
                continue
            spans = [m.span("x") for m in rx.finditer(rx_t)]
            spans = [(a, b) for a, b in spans if a < b]
            named = self._takeback_named.get(name)
            if named is not None and spans:
                out += _named_items(original, spans, named, state, ids, name)
                continue
            out += [(a, b, state, ids, name) for a, b in spans]
        return out

    def _slow_course(self, sentence: str) -> bool:
        """A course of months or years and none of days or weeks in ``sentence`` (lower case; round 6)."""
        if self._slow_rx is None or self._slow_rx.search(sentence) is None:
            return False
        return self._short_rx is None or self._short_rx.search(sentence) is None

    # --- construction -----------------------------------------------------------------------------

    def _ranges(self) -> dict[str, tuple[float, float]]:
        if self.kb is None:
            return {}
        return {m.id: (m.min, m.max) for m in self.kb.measurements.values()}

    def _collect_targets(self) -> list[_Target]:
        tf = self.rules.targets
        known = set(self.kb.findings) if self.kb is not None else None
        out: list[_Target] = []
        seen: dict[str, str] = {}
        unknown: set[str] = set()
        hist_kinds = set(tf.kb.historical_present_kinds)

        def kind_hist(fid: str) -> bool:
            return (
                self.kb is not None and fid in self.kb.findings and self.kb.findings[fid].kind in hist_kinds
            )

        raw_literals: list[str] = []
        for r in tf.rules:
            raw_literals += r.literals
        if self.kb is not None:
            for f in self.kb.findings.values():
                raw_literals += f.synonyms
        self.normalizer.add_vocabulary(raw_literals)

        for i, r in enumerate(tf.rules):
            ids = [r.finding, *r.also, *r.rules_out, *([r.bilateral] if r.bilateral else [])]
            bad = [x for x in ids if known is not None and x not in known and not x.startswith("_")]
            if bad:
                unknown.update(bad)
                continue
            hp = r.historical == "present" if r.historical else kind_hist(r.finding)
            name = f"target_rules:{i}"
            for lit in r.literals:
                norm = self.normalizer.normalize_phrase(lit).strip()
                if not norm or norm in seen or _shrunk(lit, norm):
                    continue
                seen[norm] = r.finding
                out.append(_Target(name, r.finding, r, literal=norm, historical_present=hp))
            for j, pat in enumerate(r.patterns):
                out.append(
                    _Target(
                        f"{name}.{j}",
                        r.finding,
                        r,
                        pattern=_expand(pat, tf.classes),
                        historical_present=hp,
                    )
                )
        if unknown:
            self.problems.append(
                "target_rules.yaml names finding ids the knowledge base does not have: "
                + ", ".join(sorted(unknown))
            )
        if self.kb is not None:
            skip = {self.normalizer.normalize_phrase(s).strip() for s in tf.kb.skip_literals}
            for f in self.kb.findings.values():
                if tf.kb.skip_derived and f.derive is not None:
                    continue
                cands: list[tuple[str, str]] = []
                if tf.kb.use_synonyms:
                    cands += [("kb:synonym", s) for s in f.synonyms]
                name_words = f.name.clinician.split()
                if 0 < len(name_words) <= tf.kb.use_clinician_name_max_words and "(" not in f.name.clinician:
                    cands.append(("kb:name", f.name.clinician))
                id_words = f.id.split("_")
                if 0 < len(id_words) <= tf.kb.use_id_words_max_words and not any(
                    w.isdigit() for w in id_words
                ):
                    cands.append(("kb:id", " ".join(id_words)))
                for rule, lit in cands:
                    norm = self.normalizer.normalize_phrase(lit).strip()
                    if not norm or norm in seen or norm in skip or len(norm) < 3 or _shrunk(lit, norm):
                        continue
                    seen[norm] = f.id
                    out.append(_Target(rule, f.id, None, literal=norm, historical_present=kind_hist(f.id)))
        return out

    def _collect_derives(
        self,
    ) -> tuple[list[tuple[str, Any]], list[tuple[str, Any, frozenset[str], frozenset[str]]]]:
        """numbers.yaml derives, and the KB's derives that read variables (with what each refers to)."""
        from legdx.knowledge import rules as kbrules

        # session 22 (f1): a derive with ``state: absent`` states the finding absent where its rule holds, one
        # with ``state: quiet`` only drops the fast layer's present guess there (both kept apart, in
        # ``_absent_derives``); the others make the finding present
        own: list[tuple[str, Any]] = [
            (d.finding, d.rule) for d in self.rules.numbers.derive if d.state == "present"
        ]
        self._absent_derives: list[tuple[str, Any, bool]] = [
            (d.finding, d.rule, d.state == "quiet") for d in self.rules.numbers.derive if d.state != "present"
        ]
        kb: list[tuple[str, Any, frozenset[str], frozenset[str]]] = []
        if self.kb is not None:
            own = [(f, r) for f, r in own if f in self.kb.findings]
            self._absent_derives = [d for d in self._absent_derives if d[0] in self.kb.findings]
            for f in self.kb.findings.values():
                if f.derive is None:
                    continue
                vrefs = frozenset(kbrules.referenced_variables(f.derive))
                if vrefs:
                    kb.append((f.id, f.derive, frozenset(kbrules.referenced_findings(f.derive)), vrefs))
        return own, kb

    def _collect_implications(self) -> list[tuple[str, tuple[str, ...], Any, frozenset[str], bool]]:
        """``(finding, sources, when, states, invert)`` per implication; the sources keep the data's order
        (which source names a mention that two of them imply must not depend on the hash seed)."""
        tf = self.rules.targets
        out: list[tuple[str, tuple[str, ...], Any, frozenset[str], bool]] = []
        every = frozenset(("present", "absent", "historical", "family", "hypothetical", "possible"))
        if self.kb is not None and tf.kb.use_derived_aliases:
            for f in self.kb.findings.values():
                if isinstance(f.derive, str) and f.derive in self.kb.findings:
                    out.append((f.id, (f.derive,), None, every, False))
        # session 14 (fx14l): the knowledge base's aliases alone, for _alias_extras
        self._kb_aliases: list[tuple[str, str]] = [(t, s[0]) for t, s, _w, _a, _i in out]
        known = set(self.kb.findings) if self.kb is not None else None
        bad: set[str] = set()
        for im in tf.implies:
            ids = [im.finding, *im.source]
            missing = [x for x in ids if known is not None and x not in known and not x.startswith("_")]
            if missing:
                bad.update(missing)
                continue
            sources = tuple(dict.fromkeys(im.source))
            out.append((im.finding, sources, im.when, frozenset(im.states), im.invert))
        if bad:
            self.problems.append(
                "target_rules.yaml implies: names finding ids the knowledge base does not have: "
                + ", ".join(sorted(bad))
            )
        return out

    def _laterality_words(self) -> dict[str, str]:
        words: dict[str, str] = {}
        self._lat_pseudo: list[str] = []
        for r in self.rules.context.rules:
            if r.category in LATERALITY_CATEGORIES and r.pattern is None:
                norm = self.normalizer.normalize_phrase(r.literal).strip()
                if r.direction == "PSEUDO":  # "right down the leg" is not a side
                    self._lat_pseudo.append(f" {norm} ")
                else:
                    words[norm] = r.category
        return words

    def _lemmatizer(self) -> Lemmatizer:
        """Lemmas for the words the rules name as lemmas (word classes, ``LEMMA`` in patterns and the
        lexicon's irregular lemmas): the same words the loader checks (``rules.lemma_vocab``)."""
        irregular = {k.lower(): v.lower() for k, v in self.rules.lexicon.lemmas.items()}
        return Lemmatizer(set(lemma_vocab(self.rules.targets, self.rules.lexicon)), irregular)

    def _build_nlp(self, sentences: str, blank: Any = None) -> Any:
        import_nlp()
        import spacy
        from loguru import logger

        logger.disable("PyRuSH")
        import medspacy  # noqa: F401  (registers the medspaCy factories)
        from medspacy.context import ConTextRule
        from medspacy.target_matcher import TargetRule

        _register_newline_component()
        nlp: Any = blank if blank is not None else spacy.blank("en")
        _flag_gap_stops(nlp.vocab)
        if sentences == "pyrush":
            nlp.add_pipe("medspacy_pyrush")
        elif sentences == "sentencizer":
            nlp.add_pipe("sentencizer")
        else:
            raise ValueError(f"sentences must be 'sentencizer' or 'pyrush', not {sentences!r}")
        if self.rules.reader.sentence_break_on_newline:
            nlp.add_pipe("legdx_newline_sentences")
        # medspaCy TargetRules, matched by _TargetMatcher (below) into the span group ConText reads;
        # overlapping matches are all kept and _findings drops the ones inside a longer match
        trules = []
        classes = self.rules.targets.classes
        for t in self.targets:
            sp = t.spec
            meta = {
                "name": t.name,
                "historical_present": t.historical_present,
                "keep_inner": bool(sp is not None and sp.keeps_inner),
                "keep_cues": bool(sp is not None and sp.keep_cues),
                "refuse_after": _class_words(sp.refuse_after, classes) if sp is not None else None,
                "refuse_window": sp.refuse_window if sp is not None else 0,
                "refuse_unless": _class_words(sp.refuse_unless, classes) if sp is not None else None,
                "refuse_unless_before": bool(sp is not None and sp.refuse_unless_before),
                "require_in_sentence": (
                    _class_words(sp.require_in_sentence, classes) if sp is not None else None
                ),
                "require_when": _class_words(sp.require_when, classes) if sp is not None else None,
                # rules that would read the same words the same way (one mention is enough)
                "sig": (
                    t.finding,
                    t.historical_present,
                    None if sp is None else (sp.state, tuple(sp.also), sp.bilateral),
                ),
            }
            if t.pattern is not None:
                trules.append(TargetRule(t.name, t.finding, pattern=t.pattern, metadata=meta))
            else:
                assert t.literal is not None
                trules.append(TargetRule(t.literal, t.finding, metadata=meta))
        lemmatizer = self._lemmatizer()
        _add_inflected_lemmas([t.pattern for t in self.targets if t.pattern is not None], lemmatizer)
        # the red-flag concept screen (screen.yaml): its matches are target spans too, so ConText reads them
        srules = [
            TargetRule(
                f"screen:{r.id}",
                r.emit[0],
                metadata={
                    "name": f"screen:{r.id}",
                    "screen": True,
                    "also": list(r.emit[1:]),
                    "historical_present": r.historical_present,
                    "sig": ("screen", r.id),
                },
            )
            for r in self.screen.rules
        ]
        self.target_matcher = _TargetMatcher(nlp, trules, lemmatizer, self.screen, srules)
        key = f"m{id(self.target_matcher)}"
        _MATCHERS[key] = self.target_matcher
        nlp.add_pipe("legdx_target_matcher", config={"key": key})
        self._specs = {t.name: t.spec for t in self.targets}
        ctx = nlp.add_pipe(
            "medspacy_context",
            config={
                "rules": None,
                "span_attrs": None,
                "prune_on_target_overlap": True,
                "input_span_type": "group",
            },
        )
        crules = []
        seen_ctx: dict[str, str] = {}
        for r in self.rules.context.rules:
            pattern = r.pattern
            if isinstance(pattern, str):
                pattern = self.normalizer.normalize_phrase(pattern)
            literal = self.normalizer.normalize_phrase(r.literal).strip() if pattern is None else r.literal
            if pattern is None:
                key = f"{literal}|{r.category if r.direction != 'TERMINATE' else 'TERMINATE'}"
                if key in seen_ctx:
                    self.problems.append(
                        f"context_rules.yaml: '{r.literal}' reads as '{literal}', the same as "
                        f"'{seen_ctx[key]}'; only one of them can match"
                    )
                    continue
                seen_ctx[key] = r.literal
            crules.append(
                ConTextRule(
                    literal,
                    r.category,
                    pattern=pattern,
                    direction=r.direction,
                    max_scope=r.max_scope,
                    max_targets=r.max_targets,
                    allowed_types=set(r.allowed_types) if r.allowed_types else None,
                    excluded_types=set(r.excluded_types) if r.excluded_types else None,
                    terminated_by=set(r.terminated_by) if r.terminated_by else None,
                )
            )
        with nlp.select_pipes(enable=[]):
            ctx.add(crules)
        _split_context_patterns(ctx)
        _flag_word_sets(nlp.vocab, ctx)
        # ConText runs through "legdx_context" (on a plain list of the targets, the same spans)
        nlp.remove_pipe("medspacy_context")
        ckey = f"c{id(ctx)}"
        _MATCHERS[ckey] = ctx
        cue_matcher = getattr(ctx, "_ConText__matcher", None)
        if _CueGate.usable(cue_matcher):  # session 14: rare cue rules run only where they can match
            _MATCHERS[f"{ckey}:gate"] = _CueGate(cue_matcher, nlp.vocab, nlp.Defaults.stop_words)
        nlp.add_pipe("legdx_context", config={"key": ckey})
        self.context = ctx
        self._fast_context = _context_fast_ok(ctx)
        return nlp

    # --- reading ----------------------------------------------------------------------------------

    def prepare(self, text: Any) -> _Prepared:
        cfg = self.rules.reader
        if isinstance(text, bytes | bytearray):
            try:
                text = bytes(text).decode("utf-8")
            except UnicodeDecodeError:
                return _Prepared(
                    "", [_warn("not_text", "the input is not UTF-8 text; nothing was read")], readable=False
                )
        if not isinstance(text, str):
            return _Prepared(
                "", [_warn("not_text", f"expected text, got {type(text).__name__}")], readable=False
            )
        p = _Prepared(text)
        if len(text) > cfg.max_chars:
            cut = text.rfind(" ", int(cfg.max_chars * 0.9), cfg.max_chars)
            cut = cut if cut > 0 else cfg.max_chars
            p.text = text[:cut]
            p.truncated = True
            p.warnings.append(
                _warn(
                    "truncated",
                    f"the text is {len(text):,} characters; only the first "
                    f"{cut:,} were read (limit {cfg.max_chars:,})",
                )
            )
        t = p.text
        if not t.strip():
            p.warnings.append(_warn("empty", "the text is empty: describe the leg symptoms in words"))
            p.readable = False
            return p
        sample = t[:5000]
        if (
            sample.replace("\n", " ").replace("\r", " ").replace("\t", " ").isprintable()
            and "\ufffd" not in sample
        ):
            junk = 0
        else:
            junk = sum(
                1
                for ch in sample
                if (unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t")
                or ch == "\ufffd"
            )
        if junk / len(sample) > cfg.max_junk_fraction:
            p.warnings.append(
                _warn("not_text", "the input looks like binary data, not text; nothing was read")
            )
            p.readable = False
            return p
        letters = sum(map(str.isalpha, sample))  # C-level count (a generator per character cost ~0.5 ms)
        if letters < cfg.min_letters:
            p.warnings.append(_warn("no_words", "the text has no words to read"))
            p.readable = False
            return p
        ascii_letters = (
            letters if sample.isascii() else sum(1 for ch in sample if ch.isascii() and ch.isalpha())
        )
        # the words as runs of letters ([^\W\d_]: on an ASCII text lower-cased, [a-z]; session 11: a class
        # the regex engine skips to directly)
        words = _ASCII_WORDS.findall(sample.lower()) if sample.isascii() else _WORDS.findall(sample.lower())
        if words:
            english = sum(map(self._english.__contains__, words)) / len(words)  # (C-level; session 26, sp3)
            if ascii_letters / max(letters, 1) < 0.6 or (
                len(words) >= 4 and english < cfg.min_english_fraction
            ):
                p.warnings.append(
                    _warn(
                        "not_english",
                        "the text does not look like English; legdx reads "
                        "English only, so findings may be missed",
                    )
                )
        return p

    @_without_gc
    def read(self, text: Any) -> TextResult:
        """Read one text. Cyclic garbage collection is paused while it runs (session 6): a reading makes
        thousands of short-lived objects, and the young-generation collections they set off cost about 5%
        of the time; what a reading leaves is collected afterwards as usual."""
        p = self.prepare(text)
        warnings = list(p.warnings)
        if self.problems:
            warnings += [_warn("reader_rules", pr) for pr in self.problems]
        if not p.readable:
            return TextResult(
                case=model.Case(text=p.text or None, notes=[f"{w.code}: {w.message}" for w in warnings]),
                findings=[],
                measurements=[],
                variables={},
                not_understood=[],
                warnings=warnings,
                text=p.text,
                truncated=p.truncated,
            )
        plain = plain_superscripts(p.text)
        if plain is not None:  # session 23: '2ⁿᵈ' read as '2nd' (one character for one: same offsets)
            same = OffsetMap()
            same.add(0, len(plain), 0, len(plain))
            return _map_back(self._read_records(plain, p, warnings), same, p.text)
        return self._read_records(p.text, p, warnings)

    def _read_records(self, text: str, p: _Prepared, warnings: list[model.Warning]) -> TextResult:
        """``_read`` of ``text``, or of its records unfolded (session 22: read as their 'field: value' lines,
        the spans mapped back)."""
        unfolded = self.records.unfold(text)
        if unfolded is not None:
            return _map_back(self._read(unfolded[0], p, warnings), unfolded[1], text)
        return self._read(text, p, warnings)

    def _read(self, original: str, p: _Prepared, warnings: list[model.Warning]) -> TextResult:
        """``read`` of ``original`` (the text, or its records unfolded, session 22)."""
        # session 19: the text's words once, for the takebacks and the number rules; session 24 (spd): and
        # for the normaliser's rewrites (its ``Words`` of the same text had been made apart)
        words = Words(original.lower()) if original.isascii() else None
        norm, om = self.normalizer.normalize(original, words)
        if _END_NO.search(norm):
            # session 12: a form's last answer ': No' (context_rules.yaml reads ': no' and a line break)
            norm += "\n"
        with self._lock:
            doc = self.nlp.make_doc(norm)
            # doc.text, which spaCy rebuilds from the tokens on each access; set before the pipeline runs so
            # that its components can read it too (session 9)
            doc.user_data["legdx_text"] = norm
            doc = self.nlp(doc)
        relative_writes = _relative_writes(original)
        findings = self._findings(doc, om, original, relative_writes)
        questions = self._questions(original)
        findings = self._answered_no(original, findings, questions)
        findings = self._asked_absent(findings, questions)
        # session 12: findings read wholly inside an item with an empty box, or a form label answered "no",
        # are absent
        boxes = self._empty_boxes(original) + self._labels_no(original) + self._column_nos(original)
        findings = _absent_within(findings, boxes, ("present", "possible", "hypothetical", "historical"))
        findings += self._answer_findings(original, findings, relative_writes, questions)
        taken = self._taken_back(original, words)
        # session 25: the items of a pasted list the writer names as theirs are no takeback
        affirmed = [t for t in taken if t[2] == "affirmed"]
        if affirmed:
            taken = [t for t in taken if t[2] != "affirmed"]
            findings = _apply_affirmed(findings, affirmed)
        settled = self._settled_quotes(original)
        if settled:
            findings = [
                f.model_copy(update={"state": "historical", "cues": [*f.cues, "settled_quote"]})
                if f.state == "present" and any(a <= f.span[0] and f.span[1] <= b for a, b in settled)
                else f
                for f in findings
            ]
        demo = self.numbers.demographics(original, words)
        hits, notes = self.numbers.measurements(original, words)
        dropped: dict[tuple[int, int], tuple[str, str]] = {}
        if taken:
            findings = _apply_takebacks(findings, taken, dropped)
            kept = []
            for h in hits:  # a number inside a takeback span is no measurement of the patient's: said below
                got = _taken_state(h.target, h.span, taken)
                if got is None:
                    kept.append(h)
                else:
                    dropped[got[2]] = got[0], got[1]
            hits = kept
        measurements, variables, num_findings, hushed = self._numbers(hits, findings)
        findings += num_findings
        findings += [
            TextFinding(id=fid, state=st, span=sp, text=original[sp[0] : sp[1]], rule="numbers:stated_limit")  # type: ignore[arg-type]
            for fid, st, sp in self.numbers.stated_limits(original)
        ]
        # session 26 (fxu): an age told is a reader concept for the combines ('_age_told'): a known
        # polymyalgia stands in for the GCA flag's age only where no age is told (target_rules.yaml)
        told = (
            [TextFinding(id="_age_told", state="present", span=demo.age_span,
                         text=original[demo.age_span[0] : demo.age_span[1]], rule="numbers:age")]
            if demo.age is not None and demo.age_span is not None
            else []
        )
        findings += self._combine(findings + told, variables, hits)
        findings += self._implied(findings, variables, measurements, original)
        not_understood = self._not_understood(doc, om, original, findings, hits)
        findings = [f for f in findings if not f.id.startswith("_")]
        if self.semantic is not None:
            warnings += self._semantic(
                original, findings, self.semantic, "semantic_proposals", "semantic model"
            )
        if self.fastsem is not None:  # after the semantic mode: it never proposes what that mode proposed
            # session 12: no guess from a question answered "no" or a form item with an empty box
            quiet = [(a, b) for a, b, _box in boxes] + settled + [
                (qs, ans.end()) for _low, qs, _end, _q, ans in questions if ans is not None
            ] + [(a, b) for a, b, _st, ids, _n in taken if ids is None]
            warnings += self._semantic(
                original, findings, self.fastsem, "fastsem_proposals", "fast semantic layer", quiet, hushed
            )
            if taken:  # its guesses inside a takeback span (and their aliases) are read as the span says
                findings = _apply_takebacks(findings, taken, dropped)
        # what a takeback left unread is said, not lost (the numbers it holds too)
        for (a, b), (state, name) in sorted(dropped.items()):
            said = original[a:b] if b - a <= 120 else original[a : a + 117] + "..."
            why = (
                f"not read, {self._takeback_why.get(name, 'the writer takes these words back')}"
                if state == "drop"
                else f"a number here is not the patient's own measurement, read as {state}"
            )
            warnings.append(_warn("taken_back", f"{why} ({name}): {said!r}", f"text[{a}:{b}]"))
        findings = _part_findings(findings, self.rules.reader.part_findings, self._part_denials)
        findings.sort(key=lambda f: (f.span[0], f.id))
        warnings += [_warn("assumption", n) for n in dict.fromkeys(notes)]
        if demo.age_approximate:
            warnings.append(_warn("approximate_age", demo.age_approximate))
        case_findings, conflicts = self._merge(findings)
        warnings += conflicts
        age = demo.age
        if age is not None and not 18 <= age <= 120:
            warnings.append(
                _warn(
                    "age_out_of_range",
                    f"age {age:g} is outside legdx's adult range (18-120); it was not used",
                )
            )
            age = None
        if not findings and not measurements and age is None:
            warnings.append(
                _warn("no_clinical_content", "no symptoms, signs or test results were recognised in the text")
            )
        case = _case(
            age, demo.sex, case_findings, {m.id: m.value for m in measurements}, original,
            [f"{w.code}: {w.message}" for w in warnings],
        )
        return TextResult(
            case=case,
            findings=findings,
            measurements=measurements,
            variables=variables,
            not_understood=not_understood,
            warnings=warnings,
            text=original,
            truncated=p.truncated,
        )

    def _findings(
        self, doc: Any, om: OffsetMap, original: str, relative_writes: bool = False
    ) -> list[TextFinding]:
        """Target matches with their ConText state. ``relative_writes``: the text is a relative writing
        about the patient ("my dad (82) ..."), so a bare relative word ("dad") does not make a finding
        a family history; "family history", "runs in the family" still do."""
        out: list[TextFinding] = []
        span_rules = doc.user_data.get("legdx_span_rules", [])
        # the target matcher's plain list: the same spans as the span group, in the same order (iterating a
        # span group re-creates every Span)
        ents = doc._.legdx_targets
        ents = list(doc.spans.get("medspacy_spans", [])) if ents is None else list(ents)
        all_cats: list[dict[str, list[str]]] = []
        forward_neg: list[bool] = []
        comma_ok: list[bool] = []
        text = doc.user_data.get("legdx_text")
        if text is None:
            text = doc.text  # spaCy rebuilds it on every access
        slow_mods = not self._fast_context
        cue_text: dict[tuple[int, int], str] = {}
        lowers = _doc_lowers(doc)
        for k, ent in enumerate(ents):
            cats: dict[str, list[str]] = {}
            fwd = False
            # session 10: no negation cue before the mention without a comma between (see _keeps_sense)
            comma_after_neg = True
            for mod in ent._.modifiers if slow_mods else _span_modifiers(doc, ent):
                a, b = mod.modifier_span
                cue = cue_text.get((a, b))
                if cue is None:
                    cue = cue_text[(a, b)] = text[doc[a].idx : doc[b - 1].idx + len(doc[b - 1])]
                cats.setdefault(mod.category, []).append(cue)
                if mod.category == "NEGATED_EXISTENCE" and a < ent.start:
                    fwd = True
                    if comma_after_neg and not any(w in (",", ";") for w in lowers[b : ent.start]):
                        comma_after_neg = False
            a = _negated_history(lowers, ent) if "NEGATED_EXISTENCE" not in cats else None
            if a is not None:
                # session 9: "No history of cancer", "no hx of DVT": the mention (or another one) holds
                # "history of", so the cue "no history of" overlaps a mention and ConText drops it; the "no"
                # still negates
                cats.setdefault("NEGATED_EXISTENCE", []).append(text[doc[a].idx : doc[a].idx + len(doc[a])])
                cats.pop("HISTORICAL", None)
                fwd = True
            if not fwd and lowers[ent.start] in _NEG_LEAD and k < len(span_rules):
                # a `state: absent` rule that holds its own negation ("no weakness, numbness or bladder
                # upset") starts a negated list like a cue before it (round 5)
                lead = self._specs.get((span_rules[k].metadata or {}).get("name", ""))
                fwd = lead is not None and lead.state == "absent"
            all_cats.append(cats)
            forward_neg.append(fwd)
            comma_ok.append(comma_after_neg)
        self._list_negation(doc, ents, all_cats, forward_neg)
        for ent, cats, ok in zip(ents, all_cats, comma_ok, strict=True):
            if ok and "NEGATED_EXISTENCE" in cats and _keeps_sense(lowers, ent):
                cats.pop("NEGATED_EXISTENCE", None)
        gradual_ok: bool | None = None
        for ent, rule, cats in zip(ents, span_rules, all_cats, strict=True):
            meta = rule.metadata or {}
            name = meta.get("name", "?")
            spec: TargetRuleSpec | None = self._specs.get(name)
            fam = cats.get("FAMILY")
            if relative_writes and fam and not any("family" in c.lower() for c in fam):
                del cats["FAMILY"]
            lat = self._laterality(ent, cats, text)
            fid = ent.label_
            if spec is not None and spec.bilateral and lat == "bilateral":
                fid = spec.bilateral
            affirmed = spec.state if spec is not None else "present"
            if affirmed == "absent":
                cats.pop("NEGATED_EXISTENCE", None)  # "bladder fine" in a list after "no ...": still fine
            state = _state(cats, affirmed, bool(meta.get("historical_present")))
            if state is None:
                continue
            if meta.get("screen") and state != "present":
                continue  # the screen only raises: a negated or hypothetical concept never fires
            s, e = om.to_orig(ent.start_char, ent.end_char)
            cues = list(
                dict.fromkeys(c for k, v in cats.items() if k not in _NOT_STATE for c in v)
            )
            ids = [fid, *(spec.also if spec is not None else meta.get("also", []))]
            if self._gradual and (
                "GRADUAL" in cats
                or (
                    fid in self._gradual
                    and self._gradual_word is not None
                    and self._gradual_word.search(ent.text.lower()) is not None
                )
            ):
                # round 6: slurred speech that came on over months is no stroke sign. It needs a course of
                # months or years in its sentence, no shorter course there, and no sudden onset anywhere in
                # the text: a bulbar deficit worsening over days keeps the stroke reading and its ambulance.
                if gradual_ok is None:
                    gradual_ok = self._sudden_rx is None or not self._sudden_rx.search(original.lower())
                if gradual_ok and self._slow_course(ent.sent.text.lower()):
                    ids = list(dict.fromkeys(self._gradual.get(x, x) for x in ids))
                    fid = ids[0]
            if spec is not None and spec.rules_out and state == "absent":
                # session 19: ruled out on these words, not stated (internal ids, dropped with other `_` ids)
                out += [
                    _TextFinding(
                        id=f"{_RULED_OUT}{x}", state="absent", span=(s, e), text=original[s:e], rule=name
                    )
                    for x in spec.rules_out
                ]
            for x in ids:
                out.append(
                    # session 9: validated, not model_construct: pydantic 2's construct (a Python loop over
                    # the fields) takes half as long again as its compiled validator; session 22: neither,
                    # ``model.maker`` (``_TextFinding``), the same finding
                    _TextFinding(
                        id=x,
                        state=state,
                        span=(s, e),
                        text=original[s:e],
                        rule=name if x == fid else f"{name}:also",
                        laterality=lat,
                        cues=cues,
                    )
                )
        return _drop_ruled_out(out)

    def _list_negation(
        self, doc: Any, ents: list[Any], all_cats: list[dict[str, list[str]]], forward_neg: list[bool]
    ) -> None:
        """Negation over a coordinated list (``reader.yaml: list_glue``): findings joined only by glue
        words form a chain; in a chain with a conjunction, the items after one negated by a cue before it
        are negated too, unless they carry a cue of their own. medspaCy's scope is a token count, so the
        tail of a long list ("denies A, B in the C area, D problems or E problems") would otherwise read as
        present."""
        glue = self._glue
        if not glue or len(ents) < 2:
            return
        order = sorted(range(len(ents)), key=lambda i: (ents[i].start, -ents[i].end))
        # slots: groups of overlapping targets (several findings on the same words)
        slots: list[list[int]] = []
        end = -1
        for i in order:
            if slots and ents[i].start < end:
                slots[-1].append(i)
                end = max(end, ents[i].end)
            else:
                slots.append([i])
                end = ents[i].end
        chain: list[tuple[list[int], bool]] = []  # (slot, joined to the previous slot by a conjunction)

        def flush() -> None:
            if len(chain) > 1 and any(conj for _, conj in chain[1:]):
                negated = False
                for slot, _ in chain:
                    if negated:
                        for i in slot:
                            c = all_cats[i]
                            if not any(k not in _NOT_STATE for k in c):
                                c["NEGATED_EXISTENCE"] = ["(list)"]
                    elif any(forward_neg[i] for i in slot):
                        negated = True
            chain.clear()

        prev_end = -1
        prev_sent = None
        # the start of each slot's sentence (``Span.sent`` walks back to it for every slot): the last
        # sentence start at or before it (the sentences run on from token 0); 0 without sentence boundaries,
        # as before (session 9: found by bisection, not marked on every token)
        starts = _sent_bounds(doc)[0] if doc.has_annotation("SENT_START") else [0]
        lowers = _doc_lowers(doc)
        for slot in slots:
            first = ents[slot[0]]
            sent = starts[bisect.bisect_right(starts, first.start) - 1]
            joined, conj = False, False
            if chain and sent == prev_sent:
                words = lowers[prev_end : first.start]
                if len(words) <= 4 and all(w in glue for w in words) and words:
                    joined = True
                    conj = any(w in self._conj for w in words)
                elif (
                    len(words) == 3
                    and words[0] in glue
                    and words[2] in glue
                    and words[1].isalpha()
                    and words[1] not in self._stop_list_words
                ):
                    # one list item the rules do not know ("No swelling, redness or tenderness"): the list
                    # goes on (round 5)
                    joined = True
                    conj = any(w in self._conj for w in words)
            if joined and not conj and len(slot) > 1:
                # session 19 (fxo, probe session19_sg:40): the list's conjunction can lie inside one slot,
                # where a longer reading (the red-flag screen's "retention or faecal incontinence") spans the
                # last two items: "denies fever, ..., urinary retention or faecal incontinence" is still a
                # coordinated list
                heads = sorted({ents[i].start for i in slot})
                conj = any(w in self._conj for w in lowers[heads[0] + 1 : heads[-1]])
            if not joined:
                flush()
            chain.append((slot, conj))
            prev_end = max(ents[i].end for i in slot)
            prev_sent = sent
        flush()

    def _laterality(self, ent: Any, cats: dict[str, list[str]], text: str | None = None) -> Laterality | None:
        """``text``: the doc's text, when the caller has it (a slice of it is ``ent.text``, which spaCy
        rebuilds token by token)."""
        found = set(c for c in cats if c in LATERALITY_CATEGORIES)
        words = ent.text if text is None else text[ent.start_char : ent.end_char]
        own = self._lat_cache.get(words)
        if own is None:  # the side words of the span's own text (the same words recur: cached)
            low = " " + " ".join(words.lower().split()) + " "
            for ps in self._lat_pseudo:
                low = low.replace(ps, " ")
            own = frozenset(c for w, c in self._lat_words.items() if f" {w} " in low)
            if len(self._lat_cache) > 20000:
                self._lat_cache.clear()
            self._lat_cache[words] = own
        found |= own
        if "BILATERAL" in found or {"LEFT", "RIGHT"} <= found:
            return "bilateral"
        if "LEFT" in found:
            return "left"
        if "RIGHT" in found:
            return "right"
        if "UNILATERAL" in found:
            return "unilateral"
        return None

    def _combine(
        self, findings: list[TextFinding], variables: dict[str, float], hits: list[NumberHit]
    ) -> list[TextFinding]:
        """Findings the text implies through ``combine`` rules (e.g. fever together with back pain)."""
        from legdx.knowledge import rules as kbrules

        rules = self.rules.targets.combine
        if not rules:
            return []
        states: dict[str, bool] = {}
        first: dict[str, TextFinding] = {}
        for f in findings:
            if f.state in ("present", "absent") and states.get(f.id) is not True:
                states[f.id] = f.state == "present"
                first.setdefault(f.id, f)
        allvars = dict(variables)
        allvars.update({h.target: h.value for h in hits if h.target not in allvars})
        ctx = kbrules.Context(findings=states, variables=allvars)
        out: list[TextFinding] = []
        done: set[str] = set()
        # session 19: a rule true only when one of some findings is present (or absent) is not evaluated
        # on a text where none is (``_true_needs``); most texts hold few of the findings the rules combine
        gates = self._combine_gates
        if gates is None or gates[0] is not rules or len(gates[1]) != len(rules):
            needs = [_true_needs(d.rule) for d in rules]
            filed: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
            for i, need in enumerate(needs):
                for side in (0, 1):
                    for x in need[side] if need is not None else ():
                        filed[side].setdefault(x, []).append(i)
            gates = self._combine_gates = (rules, needs, filed, [i for i, n in enumerate(needs) if n is None])
        yes = {k for k, v in states.items() if v}
        no = {k for k, v in states.items() if not v}
        # session 23: only the rules one of whose findings the text holds (``_true_needs``), found from the
        # findings, in file order; a finding combined on the way adds the later rules filed under it
        filed = gates[2]
        todo = list(gates[3])
        for side, have in ((0, yes), (1, no)):
            for x in have.intersection(filed[side]):
                todo += filed[side][x]
        heapq.heapify(todo)
        last = -1
        while todo:
            i = heapq.heappop(todo)
            if i == last:
                continue
            last = i
            d, need = rules[i], gates[1][i]
            if (
                d.finding in states
                or d.finding in done
                or (self.kb is not None and d.finding not in self.kb.findings)
            ):
                continue
            if need is not None and need[0].isdisjoint(yes) and need[1].isdisjoint(no):
                continue
            if kbrules.evaluate(d.rule, ctx) is not True:
                continue
            src = next((first[x] for x in _ordered_refs(d.rule) if x in first), None)
            if src is None:
                continue
            done.add(d.finding)
            made = _TextFinding(
                id=d.finding,
                state=d.state,
                span=src.span,
                text=src.text,
                rule="target_rules:combine",
                laterality=src.laterality,
            )
            out.append(made)
            # round 6: the combined finding is stated where each of its (present) parts is, not only at the
            # first: "gangrene ... now wet and foul-smelling" states wet gangrene in both places
            spans = {src.span}
            for x in _ordered_refs(d.rule):
                part = first.get(x)
                if part is None or part.span in spans or states.get(x) is not True:
                    continue
                spans.add(part.span)
                out.append(
                    _TextFinding(
                        id=d.finding,
                        state=d.state,
                        span=part.span,
                        text=part.text,
                        rule="target_rules:combine",
                        laterality=part.laterality,
                    )
                )
            # later combine rules see this one (rules run in file order)
            states[d.finding] = d.state == "present"
            (yes if d.state == "present" else no).add(d.finding)
            for j in filed[0 if d.state == "present" else 1].get(d.finding, ()):
                if j > i:
                    heapq.heappush(todo, j)
            first.setdefault(d.finding, made)
        out += self._combine_value_spans(rules, states, ctx, hits, findings + out)
        return out

    def _combine_value_spans(
        self,
        rules: list[Any],
        states: dict[str, bool],
        ctx: Any,
        hits: list[NumberHit],
        have: list[TextFinding],
    ) -> list[TextFinding]:
        """Session 22 (f1): a combined finding that is present (read by a rule, the screen or the combine
        itself) is also stated where a value that meets one of its rule's own conditions stands ('partner
        took his temperature tonight: 38.9' states the fever of fever_with_back_pain, not only 'shivery').
        Only when the whole rule holds; a mention is added, never a state."""
        from legdx.knowledge import rules as kbrules

        out: list[TextFinding] = []
        # the rules with a condition on a variable, and those conditions: worked out once per rule list
        # (most combine rules have none)
        got = self._combine_var_rules
        if got is None or got[0] is not rules:
            got = self._combine_var_rules = (
                rules,
                [(d, c) for d in rules if d.state == "present" for c in [_var_conditions(d.rule)] if c],
            )
        for d, conds in got[1]:
            if states.get(d.finding) is not True or kbrules.evaluate(d.rule, ctx) is not True:
                continue
            spans = {f.span for f in have if f.id == d.finding}
            for h in hits:
                if h.span in spans:
                    continue
                for c in conds:
                    if c.get("var") != h.target:
                        continue
                    one = kbrules.Context(findings={}, variables={h.target: h.value})
                    if kbrules.evaluate(c, one) is True:
                        spans.add(h.span)
                        out.append(
                            _TextFinding(
                                id=d.finding, state="present", span=h.span, text=h.text,
                                rule="target_rules:combine",
                            )
                        )
                        break
        return out

    def _alias_blocked(self, target: str, text: str, span: tuple[int, int]) -> bool:
        """Session 16 (f1d): the alias ``target`` is not read from a mention at ``span`` whose sentence names
        another kind of symptom and none of the alias's own (target_rules.yaml: kb.alias_filters)."""
        filt = self._alias_filters.get(target)
        if filt is None or not text:
            return False
        other, own, denied, own_denied = filt
        a = max(text.rfind(c, 0, span[0]) for c in ".!?;\n") + 1
        ends = [i for i in (text.find(c, span[1]) for c in ".!?;\n") if i >= 0]
        sent = text[a : min(ends) if ends else len(text)]
        # session 21 (f1v): a sentence that denies the alias's own kind ('tired, not painful') keeps it only
        # with a word of that kind outside the denial
        if own_denied is not None and denied is not None and denied.search(sent) is not None:
            return own_denied.search(denied.sub(" ", sent)) is None
        if other.search(sent) is None:
            return False
        if denied is not None:
            sent = denied.sub(" ", sent)
        return own.search(sent) is None

    def _implied(
        self,
        findings: list[TextFinding],
        variables: dict[str, float],
        measurements: list[TextMeasurement],
        text: str = "",
    ) -> list[TextFinding]:
        """Findings each mention of another finding also states (``implies``; KB one-finding derives)."""
        if not self._implications:
            return []
        from legdx.knowledge import rules as kbrules

        states: dict[str, bool] = {}
        for f in findings:
            if f.state in ("present", "absent") and states.get(f.id) is not True:
                states[f.id] = f.state == "present"
        values = {m.id: m.value for m in measurements}
        values.update(variables)
        ctx = kbrules.Context(findings=states, variables=values)
        out: list[TextFinding] = []
        have: set[tuple[str, str, tuple[int, int]]] = {(f.id, f.state, f.span) for f in findings}
        flip = {"present": "absent", "absent": "present"}
        by_id: dict[str, list[TextFinding]] = {}
        for f in findings:
            by_id.setdefault(f.id, []).append(f)
        for target, sources, when, allowed, invert in self._implications:
            cands = [f for src in sources for f in by_id.get(src, ())]
            if not cands or (when is not None and kbrules.evaluate(when, ctx) is not True):
                continue
            for f in cands:
                if f.state not in allowed:
                    continue
                state = flip.get(f.state, f.state) if invert else f.state
                if (target, state, f.span) in have:
                    continue
                # (session 20, f1s: an alias filter applies whether or not the implication has a ``when``:
                # the ECQ question 6 sites need exertion in the site's own sentence)
                if state != "absent" and self._alias_blocked(target, text, f.span):
                    continue
                have.add((target, state, f.span))
                made = _TextFinding(  # (session 22: not validated, ``_TextFinding``)
                    id=target,
                    state=state,
                    span=f.span,
                    text=f.text,
                    rule=f"implies:{f.id}",
                    laterality=f.laterality,
                    cues=f.cues,
                )
                out.append(made)
                by_id.setdefault(target, []).append(made)  # later implications see this one
        return out

    def _numbers(
        self, hits: list[NumberHit], text_findings: list[TextFinding]
    ) -> tuple[list[TextMeasurement], dict[str, float], list[TextFinding], list[tuple[str, tuple[int, int]]]]:
        """Measurements, variables, the findings the numbers state, and ``(finding, span)`` per value that a
        ``state: quiet`` derive says no fast-layer guess of the finding may stand on (session 22)."""
        measurements: list[TextMeasurement] = []
        variables: dict[str, float] = {}
        spans: dict[str, NumberHit] = {}
        mhits: dict[str, NumberHit] = {}
        seen: set[str] = set()
        pick = self.rules.numbers.pick
        others: list[NumberHit] = []
        if pick:
            best: dict[str, NumberHit] = {}
            for h in hits:
                how = pick.get(h.target)
                cur = best.get(h.target)
                if how is None or (cur is not None and how == "first"):
                    continue
                if cur is None or (h.value > cur.value if how == "max" else h.value < cur.value):
                    best[h.target] = h
            # the others stay mentions: each duration that meets a finding's cut-off is a span of it too
            # (round 6: the longest stated duration is the history's, but "3/52 of black toes ... rest pain
            # for 2 months" states symptoms longer than 2 weeks in both places)
            others = [h for h in hits if h.target in best and h is not best[h.target]]
            hits = [h for h in hits if h.target not in best or h is best[h.target]]
        for h in hits:
            is_measurement = self.measurement_ids is None or h.target in self.measurement_ids
            if is_measurement:
                if h.target in seen:
                    continue
                seen.add(h.target)
                mhits[h.target] = h
                measurements.append(
                    TextMeasurement(
                        id=h.target,
                        value=h.value,
                        span=h.span,
                        text=h.text,
                        rule=f"numbers:{h.rule}",
                        assumptions=h.assumptions,
                    )
                )
            elif h.target not in variables:
                variables[h.target] = h.value
                spans[h.target] = h
        for name, comb in self.rules.numbers.combine.items():
            # the parts may be variables or measurements ("toe pressure 22 mmHg" on the right is the
            # measurement toe_right; toe_pressure_lowest is a variable of the KB's derive rules)
            for parts, extreme in ((comb.min_of, min), (comb.max_of, max)):
                got = {
                    v: variables[v] if v in variables else mhits[v].value
                    for v in parts
                    if v in variables or v in mhits
                }
                if got and name not in variables:
                    variables[name] = extreme(got.values())
                    spans[name] = extreme((spans.get(v) or mhits[v] for v in got), key=lambda h: h.value)
        found: list[TextFinding] = []
        # the knowledge base's derive rules read measurements (a duration, a potassium) and variables
        values = {h.target: h.value for h in mhits.values()}
        values.update(variables)
        spans = {**mhits, **spans}
        hushed: list[tuple[str, tuple[int, int]]] = []
        if not values:
            return measurements, variables, found, hushed
        from legdx.knowledge import rules as kbrules

        stated = {f.id: f.state == "present" for f in text_findings if f.state in ("present", "absent")}
        ctx = kbrules.Context(findings=stated, variables=values)
        derives: list[tuple[str, Any]] = list(self._own_derives)
        have_vars = set(values)
        for fid, rule, frefs, vrefs in self._kb_derives:
            if vrefs <= have_vars and frefs <= stated.keys():
                derives.append((fid, rule))
        done: set[str] = set()
        normal: dict[str, NumberHit] = {}
        for fid, rule in derives:
            if fid in done:
                continue
            v = kbrules.evaluate(rule, ctx)
            if v is not True:
                # only what the numbers make present (the engine derives the rest itself), except a value the
                # text states that the finding's own rule reads as normal (session 9, numbers.yaml:
                # normal_value_absent: "TSH 2.1" states that the TSH is not abnormal)
                refs = kbrules.referenced_variables(rule)
                if len(refs) == 1 and others:
                    # session 9: another reading of the same value may meet the rule ("CK 640 today, 48,000 on
                    # admission": the first reading is the one used, the second still states a very high CK)
                    for h in others:
                        if h.target not in refs:
                            continue
                        alt = kbrules.Context(findings=stated, variables={**values, h.target: h.value})
                        if kbrules.evaluate(rule, alt) is True:
                            done.add(fid)
                            hit = TextFinding(
                                id=fid, state="present", span=h.span, text=h.text, rule=f"numbers:{h.rule}"
                            )
                            found.append(hit)
                if v is False and fid in self._normal_absent and fid not in done:
                    src = next((spans[r] for r in refs if r in spans), None)
                    if src is not None:
                        normal.setdefault(fid, src)
                continue
            done.add(fid)
            refs = kbrules.referenced_variables(rule)
            src = next((spans[r] for r in refs if r in spans), None)
            if src is None:
                continue
            found.append(
                TextFinding(id=fid, state="present", span=src.span, text=src.text, rule=f"numbers:{src.rule}")
            )
            if len(refs) == 1 and others:
                for h in others:
                    if h.target not in refs or h.span == src.span:
                        continue
                    alt = kbrules.Context(findings=stated, variables={**values, h.target: h.value})
                    if kbrules.evaluate(rule, alt) is True:
                        found.append(
                            TextFinding(
                                id=fid, state="present", span=h.span, text=h.text, rule=f"numbers:{h.rule}"
                            )
                        )
        for fid, rule, quiet in self._absent_derives:
            if fid in done or fid in normal or kbrules.evaluate(rule, ctx) is not True:
                continue
            src = next((spans[r] for r in kbrules.referenced_variables(rule) if r in spans), None)
            if src is not None and quiet:
                hushed.append((fid, src.span))
            elif src is not None:
                normal[fid] = src
        for fid, src in normal.items():
            if fid not in done:
                rid = f"numbers:{src.rule}"
                found.append(TextFinding(id=fid, state="absent", span=src.span, text=src.text, rule=rid))
        return measurements, variables, found, hushed

    def _semantic(
        self,
        original: str,
        findings: list[TextFinding],
        proposer: Any,
        code: str,
        label: str,
        quiet: list[tuple[int, int]] | None = None,
        hushed: list[tuple[str, tuple[int, int]]] | None = None,
    ) -> list[model.Warning]:
        """Add a model's proposals (ids not reported so far) to ``findings``; warn with ``code``. ``quiet``:
        spans where a proposal that is not absent is dropped (session 12). ``hushed``: ``(finding, span)``
        where a proposal of that finding present is dropped (session 22)."""
        known = set(self.kb.findings) if self.kb is not None else None
        # session 17 (f1h): an absent reading implied by a general denial (a reader concept such as
        # _sphincter_any: 'bladder and bowels normal') does not stop a present guess of that finding
        # elsewhere ('... but new urgency since the weakness began'); only a present guess gets through
        soft = {f.id for f in findings if f.state == "absent" and f.rule.startswith("implies:_")}
        soft -= {f.id for f in findings if not (f.state == "absent" and f.rule.startswith("implies:_"))}
        extra = [
            f for f in proposer.propose(original, {f.id for f in findings} - soft)
            if (known is None or f.id in known)
            and not (f.id in soft and f.state != "present")
            and not (
                quiet and f.state != "absent" and any(a <= f.span[0] and f.span[1] <= b for a, b in quiet)
            )
            # session 22 (f1): no guess present over a value that the finding's own cut-off says is not
            # (numbers.yaml: a derive with state: quiet)
            and not (
                hushed and f.state == "present"
                and any(f.id == h and f.span[0] < b and a < f.span[1] for h, (a, b) in hushed)
            )
        ]
        findings += extra
        if not extra:
            return []
        findings += self._alias_extras(extra, findings, original)
        listed = "; ".join(f"{f.id} ({f.state}) from '{f.text}'" for f in extra)
        return [
            _warn(
                code,
                f"{len(extra)} finding{'s' if len(extra) != 1 else ''} proposed by the {label} "
                f"(guesses from sentence meaning, not rule matches; check them): {listed}",
            )
        ]

    def _alias_extras(
        self, extra: list[TextFinding], findings: list[TextFinding], text: str = ""
    ) -> list[TextFinding]:
        """The knowledge base's one-finding aliases (a finding whose ``derive`` is another finding's id, such
        as ECQ question 1 and leg symptoms with walking) of a semantic layer's proposals: they run after the
        rule implications, so 'no pain walking at all' guessed as no leg symptoms with walking also answers
        ECQ question 1 no (session 14, fx14l). Only ids the reading has no mention of yet."""
        have = {f.id for f in findings}
        first: dict[str, TextFinding] = {}
        for f in extra:
            first.setdefault(f.id, f)
        out: list[TextFinding] = []
        for target, source in self._kb_aliases:
            src = first.get(source)
            if target in have or src is None:
                continue
            if src.state != "absent" and self._alias_blocked(target, text, src.span):
                continue
            have.add(target)
            out.append(src.model_copy(update={"id": target, "rule": f"implies:{src.id}"}))
        return out

    def _merge(self, findings: list[TextFinding]) -> tuple[dict[str, dict[str, Any]], list[model.Warning]]:
        order = {s: i for i, s in enumerate(self.rules.reader.state_precedence)}
        best: dict[str, TextFinding] = {}
        states: dict[str, set[str]] = {}
        for f in findings:
            states.setdefault(f.id, set()).add(f.state)
            cur = best.get(f.id)
            if cur is None or order.get(f.state, 99) < order.get(cur.state, 99):
                best[f.id] = f
        warnings = []
        for fid, ss in states.items():
            if {"present", "absent"} <= ss:
                warnings.append(
                    _warn(
                        "conflicting_mentions",
                        f"'{fid}' is stated both present and absent in the "
                        f"text; '{best[fid].state}' was used",
                        where=f"findings.{fid}",
                    )
                )
        case = {
            fid: {"state": f.state, "span": f.span, "text": f.text, "origin": "text"}
            for fid, f in best.items()
        }
        return case, warnings

    def _not_understood(
        self, doc: Any, om: OffsetMap, original: str, findings: list[TextFinding], hits: list[NumberHit]
    ) -> list[Phrase]:
        covered = [f.span for f in findings] + [h.span for h in hits]
        out: list[Phrase] = []
        clinical = self._clinical
        lowers = _doc_lowers(doc)
        for sent in _sents(doc):
            # a clinical word in the sentence (the prefix test on the target matcher's lower-case words
            # first, spaCy's is_alpha only for the words that pass it; session 7)
            if not any(
                lowers[i].startswith(clinical) and doc[i].is_alpha for i in range(sent.start, sent.end)
            ):
                continue
            s, e = om.to_orig(sent.start_char, sent.end_char)
            if any(a < e and s < b for a, b in covered):
                continue
            raw = original[s:e]
            stripped = raw.strip()
            if not stripped:
                continue
            s += len(raw) - len(raw.lstrip())
            out.append(Phrase(text=stripped[:300], span=(s, s + len(stripped))))
        return out


def _part_findings(
    findings: list[TextFinding], parts: dict[str, str], denials: dict[str, tuple[str, re.Pattern[str]]]
) -> list[TextFinding]:
    """Session 25 (f2): the absent mentions of a finding of a part of the limbs (reader.yaml: part_findings)
    are dropped when the text reads that finding present too: 'left popliteal and foot pulses absent, right
    foot pulses palpable' or 'hip flexors 4-/5, distal power normal' has the abnormality, and its normal part
    denies nothing. The case does not change (present wins, state_precedence). And (part_denials) a finding
    that says all the parts are normal ('pedal pulses normal', read from 'right foot pulses palpable') loses
    its present mentions when the rules (not a guess of the semantic layers) read a part of that set
    abnormal ('left DP/PT absent')."""
    have = {f.id for f in findings if f.state == "present" and f.id in parts}
    denied = {
        whole
        for whole, (by, words) in denials.items()
        if any(
            f.id == by and f.state == "present" and not f.rule.startswith(("fastsem:", "semantic:"))
            and words.search(f.text)
            for f in findings
        )
    }
    if not have and not denied:
        return findings
    return [
        f
        for f in findings
        if not (f.state == "absent" and f.id in have) and not (f.state == "present" and f.id in denied)
    ]


def _pattern_words(pattern: list[dict[str, Any]]) -> list[str]:
    """The words a token pattern names (``LOWER``/``LEMMA`` values), so that typo correction never turns a
    word a rule uses into another one ("blurring" is not "slurring")."""
    out: list[str] = []
    for tok in pattern:
        for attr in ("LOWER", "LEMMA"):
            val = tok.get(attr)
            if isinstance(val, str):
                out.append(val)
            elif isinstance(val, dict):
                for xs in val.values():
                    if isinstance(xs, list):
                        out += [str(x) for x in xs if isinstance(x, str) and x.isalpha()]
    return out


def _shrunk(literal: str, norm: str) -> bool:
    """A phrase that normalising cut down to one word ("always been" -> "always") is too loose to use."""
    return len(norm.split()) == 1 and len(literal.split()) > 1


def _true_needs(rule: Any) -> tuple[frozenset[str], frozenset[str]] | None:
    """Session 19: findings one of which a ``combine`` rule needs for ``rules.evaluate`` to give True: the
    ids that must be present, the ids that must be absent (one of all these is enough), or None when it is
    not known (a number, a probability, ``true``). Three-valued as ``rules._compile``: ``all`` is true only
    when each part is (one part's need does), ``any`` and ``at_least`` (one or more) only when some part is
    (every part's need joined), ``not X`` only when X is absent."""
    empty: frozenset[str] = frozenset()
    if rule is False:
        return empty, empty  # never true
    if isinstance(rule, str):
        return frozenset((rule,)), empty
    if not isinstance(rule, dict):
        return None
    # the forms in ``rules._compile``'s order (a rule has one)
    if "all" in rule:
        return next((n for n in map(_true_needs, rule["all"]) if n is not None), None)
    if "any" in rule:
        return _joined_needs(rule["any"])
    if "not" in rule:
        return (empty, frozenset((rule["not"],))) if isinstance(rule["not"], str) else None
    if "absent" in rule:
        return (empty, frozenset((rule["absent"],))) if isinstance(rule["absent"], str) else None
    if "known" in rule:
        return None
    if "at_least" in rule and int(rule["at_least"]) >= 1:
        return _joined_needs(rule["of"])
    return None


def _joined_needs(parts: Any) -> tuple[frozenset[str], frozenset[str]] | None:
    """``_true_needs`` of a rule true only when one of ``parts`` is: all their needs joined (None when a part
    has none)."""
    needs = [_true_needs(x) for x in parts]
    yes: set[str] = set()
    no: set[str] = set()
    for n in needs:
        if n is None:
            return None
        yes |= n[0]
        no |= n[1]
    return frozenset(yes), frozenset(no)


def _var_conditions(rule: Any) -> list[dict[str, Any]]:
    """The conditions on a variable (``{var: ..., ge: ...}``) a rule names, outside any ``not``."""
    out: list[dict[str, Any]] = []
    if isinstance(rule, list):
        for r in rule:
            out += _var_conditions(r)
    elif isinstance(rule, dict):
        if "var" in rule:
            out.append(rule)
        for k, v in rule.items():
            if k in ("all", "any", "of"):
                out += _var_conditions(v)
    return out


def _ordered_refs(rule: Any) -> list[str]:
    """Finding ids a rule names, in the order written (the first gives a combined finding its span)."""
    out: list[str] = []
    if isinstance(rule, str):
        out.append(rule)
    elif isinstance(rule, list):
        for r in rule:
            out += _ordered_refs(r)
    elif isinstance(rule, dict):
        for k, v in rule.items():
            if k in ("absent", "known") and isinstance(v, str):
                out.append(v)
            elif k in ("all", "any", "of", "not"):
                out += _ordered_refs(v)
    return out


def _expand(
    pattern: list[dict[str, Any]], classes: dict[str, list[str]] | None = None
) -> list[dict[str, Any]]:
    """``{GAP: n}`` in a token pattern stands for up to n tokens of anything but a clause break or a
    negation word; ``{CLASS: NAME}`` (or a list of names) for any word whose lemma is in the word class."""
    out: list[dict[str, Any]] = []
    for tok in pattern:
        if "GAP" in tok and set(tok) <= {"GAP", "NOT"}:
            # any words, but not across a clause break or a negation (_GAP_STOP), nor (with NOT) a word of
            # the classes named: "weakness that improves with walking" is no provocation by walking
            # one native check: the reader's vocabulary flags exactly these words as IS_STOP
            # (_flag_gap_stops); ``{"LOWER": {"NOT_IN": [...]}}`` was a Python predicate at every token
            gap: dict[str, Any] = {"IS_STOP": False}
            if "NOT" in tok:
                names = tok["NOT"] if isinstance(tok["NOT"], list) else [tok["NOT"]]
                banned: list[str] = []
                for n in names:
                    if classes is None or n not in classes:
                        raise ValueError(f"pattern names an unknown word class {n!r}")
                    banned += [w.lower() for w in classes[n]]
                gap["LEMMA"] = {"NOT_IN": sorted(set(banned))}
            out.extend({**gap, "OP": "?"} for _ in range(int(tok["GAP"])))
            continue
        if "CLASS" in tok:
            names = tok["CLASS"] if isinstance(tok["CLASS"], list) else [tok["CLASS"]]
            words: list[str] = []
            for n in names:
                if classes is None or n not in classes:
                    raise ValueError(f"pattern names an unknown word class {n!r}")
                words += [w.lower() for w in classes[n]]
            tok = {k: v for k, v in tok.items() if k != "CLASS"}
            tok["LEMMA"] = {"IN": sorted(set(words))}
        fixed: dict[str, Any] = {}
        for k, v in tok.items():
            if k in _STRING_ATTRS and isinstance(v, dict):
                v = {op: [str(x) for x in xs] if isinstance(xs, list) else xs for op, xs in v.items()}
            elif k in _STRING_ATTRS and isinstance(v, int | float):
                v = str(v)
            fixed[k] = v
        out.append(fixed)
    return out


_STRING_ATTRS = {"LOWER", "TEXT", "ORTH", "NORM", "LEMMA"}
#: ConText categories that are not a state: sides, and a course (round 6)
_NOT_STATE = frozenset(LATERALITY_CATEGORIES) | frozenset(COURSE_CATEGORIES)
_CLAUSE_PUNCT = (",", ";", ".", ":", "!", "?", "(", ")")
#: a {GAP} never crosses these: a negation, or a word that turns to another clause
_GAP_STOP = (
    "no",
    "not",
    "never",
    "without",
    "nothing",
    "none",
    "nor",
    "neither",
    "cannot",
    "n't",
    "nil",
    "but",
    "however",
    "although",
    "though",
    "except",
    "whereas",
)

#: the words a {GAP} never crosses, lower case
_GAP_STOP_WORDS = frozenset(w.lower() for w in _CLAUSE_PUNCT + _GAP_STOP)


def _is_gap_stop(string: str) -> bool:
    return string.lower() in _GAP_STOP_WORDS


def _bracket_open_before(doc: Any, start: int) -> bool:
    """Whether an opening bracket comes before token ``start`` in its sentence with no closing one after it
    (session 18, fxj: in '(mostly the thighs) get this crawly feeling' the match is inside the bracket, and
    the words after its closing bracket go on with the same clause for ``refuse_after``)."""
    i = start - 1
    while i >= 0:
        t = doc[i].text
        if t == ")":
            return False
        if t == "(":
            return True
        if doc[i].is_sent_start:
            return False
        i -= 1
    return False


def _flag_gap_stops(vocab: Any) -> None:
    """Use spaCy's IS_STOP lexeme flag for exactly the words a {GAP} may not cross (``_expand``): the
    matcher compares a flag natively. spaCy's own English stop words are not used by the reader."""
    from spacy.attrs import IS_STOP

    vocab.lex_attr_getters[IS_STOP] = _is_gap_stop
    for lex in vocab:
        lex.is_stop = _is_gap_stop(lex.orth_)


def _state(cats: dict[str, list[str]], affirmed: str, historical_present: bool) -> TextState | None:
    neg = "NEGATED_EXISTENCE" in cats
    if "FAMILY" in cats:
        return None if neg else "family"
    if "HYPOTHETICAL" in cats:
        return "hypothetical"
    flipped: TextState = "absent" if affirmed == "present" else "present"
    if "HISTORICAL" in cats and not neg:
        return "present" if historical_present else ("historical" if affirmed == "present" else "absent")
    if neg:
        return flipped
    if "POSSIBLE_EXISTENCE" in cats:
        return "possible" if affirmed == "present" else "absent"
    return "present" if affirmed == "present" else "absent"


_RULED_OUT = "_ruled_out:"  # a rule's `rules_out` finding: ruled out on its words, never reported


def _drop_ruled_out(found: list[TextFinding]) -> list[TextFinding]:
    """A phrase that rules a finding out ("no swelling", a rule with ``state: absent``) overrides an
    un-negated mention of the same finding on overlapping words ("No swelling in the calf": the absent
    rule holds the "no", so ConText does not negate "swelling in the calf"); so does a rule's ``rules_out``
    finding, which is never reported (session 19)."""
    ruled = [f for f in found if f.state == "absent" and not f.cues]
    if not ruled:
        return found
    return [
        f
        for f in found
        if not (
            f.state == "present"
            and not f.cues
            and any(
                r.id in (f.id, _RULED_OUT + f.id) and r.span[0] < f.span[1] and f.span[0] < r.span[1]
                for r in ruled
            )
        )
    ]


def _warn(code: str, message: str, where: str | None = None) -> model.Warning:
    return model.Warning(code=code, message=message, where=where)


def _try_kb(problems: list[str]) -> Any:
    try:
        from legdx.knowledge.loader import default_kb

        return default_kb()
    except Exception as exc:  # the knowledge base is broken or missing: read with our rules only
        first = str(exc).splitlines()[0]
        problems.append(
            f"knowledge base not loaded ({first}); only the reader's own rules were used and "
            "finding ids were not checked"
        )
        return None


class _TargetMatcher:
    """Finds medspaCy ``TargetRule`` matches and puts them in ``doc.spans["medspacy_spans"]``.

    Phrases go through a trie of their lower-case words (the matches of spaCy's ``PhraseMatcher`` on
    ``LOWER``; session 8). Token patterns are matched sentence by sentence, and
    only in sentences that contain at least one word of each required token of the pattern: spaCy's
    ``IN`` predicates are evaluated in Python for every token, so running every pattern over every
    token was most of the reading time (about 11 of 17 ms for a 150-word note). Session 19: each pattern
    group is matched by an automaton of ours (``tokmatch.GroupAutomaton``: the same matches as spaCy's
    ``Matcher``; ``tests/target_spacy.py`` compares the two on the rules).
    """

    def __init__(
        self,
        nlp: Any,
        rules: list[Any],
        lemmatizer: Lemmatizer | None = None,
        screen: Screen | None = None,
        screen_rules: list[Any] | None = None,
    ):
        self.screen = screen
        self.screen_rules = screen_rules or []
        self.lemmatizer = lemmatizer
        self.keep_inner: set[str] = set()
        self.rules: dict[str, Any] = {}
        self.phrase: dict[str | None, Any] = {}  # lower-case word -> the trie after it; None -> rule keys
        self.patterns: list[tuple[str, list[frozenset[str]], list[dict[str, Any]]]] = []
        self.unanchored: list[int] = []
        self.unanchored_tests: dict[int, tuple[Callable[[str, str], bool], dict[int, bool]]] = {}
        self.index: dict[str, list[int]] = {}
        literal_keys: list[str] = []
        literal_texts: list[str] = []
        for i, r in enumerate(rules):
            key = f"legdx_t{i}"
            self.rules[key] = r
            if (r.metadata or {}).get("keep_inner"):
                self.keep_inner.add(key)
            if r.pattern is None:
                literal_keys.append(key)
                literal_texts.append(r.literal.lower())
            else:
                self.patterns.append((key, _anchors(r.pattern), r.pattern))
        self.label = {k: r.category for k, r in self.rules.items()}
        # rules voided by a word that follows the match in the same clause (refuse_after, round 6)
        self.refuse: dict[str, tuple[frozenset[str], int, frozenset[str], bool]] = {
            k: (
                r.metadata["refuse_after"],
                r.metadata.get("refuse_window") or 5,
                r.metadata.get("refuse_unless") or frozenset(),
                bool(r.metadata.get("refuse_unless_before")),
            )
            for k, r in self.rules.items()
            if (r.metadata or {}).get("refuse_after")
        }
        # session 21 (f1v): rules void without a word of some classes in their sentence (require_in_sentence)
        self.require: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {
            k: (r.metadata["require_in_sentence"], r.metadata.get("require_when"))
            for k, r in self.rules.items()
            if (r.metadata or {}).get("require_in_sentence")
        }
        self.sig = {k: (r.metadata or {}).get("sig", (r.category, k)) for k, r in self.rules.items()}
        # the literal phrases as spaCy's tokenizer splits them, in a trie of their tokens' lower case: the
        # same matches as a PhraseMatcher on LOWER (session 8: that one made a lexeme of every rule key, about
        # a sixth of the loading time; the trie costs some 0.03 ms more per 150-word narrative)
        phrase_lowers = _PhraseLowers(nlp.tokenizer)
        for key, lows in zip(literal_keys, map(phrase_lowers, literal_texts), strict=True):
            if len(lows) == 0:
                continue
            node = self.phrase
            for low in lows:
                node = node.setdefault(low, {})
            node.setdefault(None, []).append(key)
        # patterns indexed under the same most selective required token are one group, matched by one
        # automaton (one call per sentence or window for the group instead of one per pattern)
        groups: dict[frozenset[str], list[int]] = {}
        for i, (_key, anchors, _pat) in enumerate(self.patterns):
            groups.setdefault(min(anchors, key=_anchor_cost) if anchors else frozenset(), []).append(i)
        # each group's patterns' required tokens (``_anchors``)
        self.groups: list[list[list[frozenset[str]]]] = []
        # each group's anchor words and longest pattern (None: a pattern of unbounded length): every match
        # of a group holds an anchor word, so the group runs only on windows that long around its anchor
        # words, not on the whole sentence (the same matches, fewer tokens to step through)
        self.group_key: list[frozenset[str]] = []
        self.group_len: list[int | None] = []
        self.group_before: list[int] = []
        self.group_after: list[int] = []
        for gi, (anchor, members) in enumerate(groups.items()):
            self.groups.append([self.patterns[i][1] for i in members])
            self.group_key.append(anchor)
            unbounded = any(tok.get("OP") in ("*", "+") for i in members for tok in self.patterns[i][2])
            longest = max(len(self.patterns[i][2]) for i in members)
            # session 7: how many tokens a match can have before and after its anchor word (the anchor is
            # one of the pattern's required tokens that accept exactly the group's words), so the window
            # runs from that many tokens before the first anchor word to that many after the last
            ext = [_anchor_reach(self.patterns[i][2], anchor) for i in members]
            before = max(b for b, _a in ext)
            after = max(a for _b, a in ext)
            self.group_before.append(before)
            self.group_after.append(after)
            # session 9: a group with a pattern of unbounded length ("*", "+") still runs on a window when
            # its matches are bounded on one side of the anchor word (the other side goes to the sentence's
            # end); 0: always a window
            if not anchor or (before >= _UNBOUNDED and after >= _UNBOUNDED):
                self.group_len.append(None)
            else:
                self.group_len.append(0 if unbounded else longest)
            if not anchor:
                self.unanchored.append(gi)
                # session 10: a test of a word that some token of every match of the group passes (None:
                # none found), so that the group runs only in sentences with such a word
                test = _required_word_test([self.patterns[i][2] for i in members])
                if test is not None:
                    self.unanchored_tests[gi] = (test, {})
            for w in anchor:
                self.index.setdefault(w, []).append(gi)
        # the pre-check as set operations (session 6): each distinct required token (a word set) gets a
        # number; a pattern is its set of numbers, and it can match in a sentence only if that set is a
        # subset of the numbers the sentence's words satisfy (one C-level ``<=`` per pattern instead of a
        # Python loop over its tokens). The same decisions as ``isdisjoint`` per token: a token is
        # satisfied exactly when one of its words is in the sentence
        anchor_ids: dict[frozenset[str], int] = {}
        word_anchors: dict[str, set[int]] = {}
        self.group_need: list[tuple[frozenset[int], ...]] = []
        for member_anchors in self.groups:
            needs: list[frozenset[int]] = []
            for anchors in member_anchors:
                ids = set()
                for a in anchors:
                    aid = anchor_ids.get(a)
                    if aid is None:
                        aid = anchor_ids[a] = len(anchor_ids)
                        for w in a:
                            word_anchors.setdefault(w, set()).add(aid)
                    ids.add(aid)
                need = frozenset(ids)
                if need not in needs:
                    needs.append(need)
            self.group_need.append(tuple(needs))
        # session 9: the same needs as bit masks of the required tokens' numbers (a word's are a mask too, and
        # a sentence's the OR of its words'): a need is met where its bits are all set, that is where it has
        # no bit in common with the complement of the words' mask
        self.group_masks: list[tuple[int, ...]] = [
            tuple(sum(1 << a for a in need) for need in needs) for needs in self.group_need
        ]
        #: the one need's mask of a group that has one need (0: it has several, or none)
        self.group_one: list[int] = [masks[0] if len(masks) == 1 else 0 for masks in self.group_masks]
        # word -> (the groups indexed under it, the required tokens it satisfies): one look-up per word
        self.word_info: dict[str, tuple[tuple[int, ...], frozenset[int]]] = {
            w: (tuple(self.index.get(w, ())), frozenset(word_anchors.get(w, ())))
            for w in set(self.index) | set(word_anchors)
        }
        self.vocab = nlp.vocab
        self._tok_cache: dict[str, tuple[str, bool, frozenset[int], int, Any]] = {}
        self._lower_cache: dict[int, str] = {}
        from spacy.attrs import ORTH, SENT_START
        from spacy.strings import get_string_id

        self._string_id = get_string_id
        self._orth = ORTH
        self._sent_start = SENT_START
        # session 19: each group's patterns (as the rules give them) as one automaton, built the first time
        # a sentence needs it (session 5: building every group's matcher was a fifth of the loading time,
        # and most groups are needed by few texts); the compiled token tests are shared between groups
        self._group_members = [[self.patterns[i][0:3:2] for i in members] for members in groups.values()]
        self._autos: list[GroupAutomaton | None] = [None] * len(self._group_members)
        self._spec_cache: dict[str, Any] = {}
        self._word_cache: dict[int, Word] = {}

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        # each token's lower case, through a cache by its word as written (a token's ``lower_`` is its
        # lexeme's, a function of the word; session 9: one array read instead of a Token object per word)
        lc = self._lower_cache
        orths = doc.to_array(self._orth).tolist()
        lowers = [lc.get(o) or self._lower(o) for o in orths]
        doc.user_data["legdx_lowers"] = lowers
        # per word (session 7: cached across texts): its lemma, whether to set it, and the pattern groups
        # indexed under the word or its lemma and the required tokens they satisfy (``word_info``)
        tc = self._tok_cache
        per = [tc.get(low) or self._tok(low) for low in lowers]
        lemmas = [p[0] for p in per]
        # (session 19: the tokens' lemmas are not set: our automata read a LEMMA test's lemma from ``_word``,
        # and nothing else reads them)
        tok_groups = [p[2] for p in per]
        tok_mask = [p[3] for p in per]
        found = self._phrases(lowers, per)
        if self.patterns:
            self._match_patterns(doc, orths, lowers, tok_groups, tok_mask, found)
        # drop matches inside a longer one (the longer phrase says more), and exact duplicates; a keep_inner
        # rule hides only its own label (session 21: so does every helper concept, '_' ids, unless its rule
        # says why it hides, ``hides:``, as a look-alike phrase does: a helper is no reading of the output,
        # and one that hid a real finding inside it lost that finding). Ties in
        # (start, -end) put keep_inner rules first, then go by rule key: when two rules read the same words
        # the same way, the one kept (and so whether shorter matches inside survive) no longer depends on
        # the hash order of a set (round 5)
        label, sig, keep_inner = self.label, self.sig, self.keep_inner
        if self.refuse and found:
            found = [f for f in found if f[0] not in self.refuse or not self._refused(doc, lemmas, f)]
        if self.require and found:
            found = [f for f in found if f[0] not in self.require or self._required(doc, lemmas, f)]
        found = sorted(set(found), key=lambda x: (x[1], -x[2], x[0] not in keep_inner, x[0]))
        kept: list[tuple[str, int, int]] = []
        seen_sig: set[tuple[Any, int, int]] = set()
        # every kept match starts at or before the current one (sorted), so it contains the current one and
        # is longer exactly when it ends after it, or ends with it and starts before it. Kept matches are
        # summarised by their furthest end and, per end, their earliest start: over all matches for rules
        # without keep_inner, and per finding label for keep_inner rules (they hide only their own label)
        far = -1
        first_at: dict[int, int] = {}
        far_lab: dict[str, int] = {}
        first_lab: dict[tuple[str, int], int] = {}
        for key, start, end in found:
            if far > end or first_at.get(end, start) < start:
                continue
            lab = label[key]
            if far_lab.get(lab, -1) > end or first_lab.get((lab, end), start) < start:
                continue
            if (sig[key], start, end) in seen_sig:  # another rule read the same words the same way
                continue
            seen_sig.add((sig[key], start, end))
            kept.append((key, start, end))
            if key in keep_inner:
                if end > far_lab.get(lab, -1):
                    far_lab[lab] = end
                if start < first_lab.get((lab, end), start + 1):
                    first_lab[(lab, end)] = start
            else:
                if end > far:
                    far = end
                if start < first_at.get(end, start + 1):
                    first_at[end] = start
        # a later, longer match can still contain an earlier kept one only if it starts at the same token:
        # sorting by (start, -length) puts it first, so one pass suffices
        spans = []
        rules: list[Any] = []
        seen: set[tuple[int, int, str]] = set()
        for key, start, end in kept:
            rule = self.rules[key]
            if (start, end, key) in seen:
                continue
            seen.add((start, end, key))
            spans.append(Span(doc, start, end, label=rule.category))
            rules.append(rule)
        if self.screen is not None and self.screen_rules:
            # screen matches are never dropped for overlapping a phrase match (and drop none): they say
            # something else (a red-flag concept), and the reader keeps only their present readings
            slem = self.screen.lemma
            scache = getattr(slem, "cache", None)
            if scache is not None:
                sl = [scache.get(low) or slem(low) for low in lowers]
            else:
                sl = [slem(low) for low in lowers]
            sents = [(st.start, st.end) for st in _sents(doc)]
            extra = [
                (start, end, self.screen_rules[ri]) for ri, start, end in self.screen.find(lowers, sl, sents)
            ]
            if extra:
                for start, end, rule in extra:
                    spans.append(Span(doc, start, end, label=rule.category))
                    rules.append(rule)
                order = sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end))
                spans = [spans[i] for i in order]
                rules = [rules[i] for i in order]
        doc.spans["medspacy_spans"] = spans
        doc._.legdx_targets = spans
        # spaCy 3.7 keys span extension values by character offsets only (two rules matching the same
        # words would share one `_.target_rule`), so the rule of each span is kept here, in order
        doc.user_data["legdx_span_rules"] = rules
        return doc

    def _match_patterns(
        self,
        doc: Any,
        orths: list[int],
        lowers: list[str],
        tok_groups: list[frozenset[int]],
        tok_mask: list[int],
        found: list[tuple[str, int, int]],
    ) -> None:
        """Appends to ``found`` the token patterns' matches ``(rule key, start, end)`` in ``doc`` (the same
        set as spaCy's ``Matcher`` would give for each group's patterns on the sentences and windows it runs
        on): ``orths``, ``lowers``: the tokens' ids and lower case; ``tok_groups``, ``tok_mask``: ``_tok``'s
        groups and required-token mask of each token."""
        strings = self.vocab.strings
        group_masks = self.group_masks
        group_one = self.group_one
        group_len = self.group_len
        group_before, group_after = self.group_before, self.group_after
        unanchored = self.unanchored
        # session 19: the groups' patterns are matched by our own automata (``tokmatch``), not spaCy's
        # Matcher
        autos = self._autos
        word = self._word
        starts_cache: list[list[bool]] = []

        def sent_starts() -> list[bool]:
            if not starts_cache:
                starts_cache.append([v == 1 for v in doc.to_array(self._sent_start).tolist()])
            return starts_cache[0]

        # session 10: the words (token numbers) that pass each unanchored group's word test; such a
        # group runs only in a sentence with one of them (it cannot match elsewhere). The one unanchored
        # group of the rules ("3/7", a token regex) ran on every sentence: a quarter of the matcher's time
        passing: dict[int, list[int]] = {}
        for gi, (test, cache) in self.unanchored_tests.items():
            where = []
            for i, o in enumerate(orths):
                ok = cache.get(o)
                if ok is None:
                    if len(cache) > 50000:
                        cache.clear()
                    ok = cache[o] = test(strings[o], lowers[i])
                if ok:
                    where.append(i)
            passing[gi] = where
        for sent in _sents(doc):
            s0, s1 = sent.start, sent.end
            if passing:
                unanchored = [
                    gi
                    for gi in self.unanchored
                    if gi not in passing or any(s0 <= i < s1 for i in passing[gi])
                ]
            # the groups indexed under a word of the sentence (as written or as lemma), each with the
            # first and last token that holds one of its anchor words (session 9: one walk over the
            # words' groups)
            at: dict[int, list[int]] = {}
            for i in range(s0, s1):
                for gi in tok_groups[i]:
                    pair = at.get(gi)
                    if pair is None:
                        at[gi] = [i, i]
                    else:
                        pair[1] = i
            if not at and not unanchored:
                continue
            # run a group only if one of its patterns has a word of each required token here (a need
            # with no bit outside the sentence's mask); the order they run in does not matter, as the
            # matches are sorted on every field below
            # (session 23, spa: a need is met where ``need & have == need``; the complement of the mask, a
            # negative int of some thousand bits, was copied at each test)
            # (session 24, spd: a group of one need, most of them, tested as it is, without the two maps)
            have = reduce(or_, filter(None, tok_mask[s0:s1]), 0)
            for gi in at.keys() | unanchored if unanchored else at:
                one = group_one[gi]
                if one:
                    if have & one != one:
                        continue
                elif not any(map(eq, map(have.__and__, group_masks[gi]), group_masks[gi])):
                    continue
                span_len = group_len[gi]
                if span_len is None or span_len >= s1 - s0:
                    auto = autos[gi] or self._automaton(gi)
                    auto.match(orths, s0, s1, word, sent_starts, found)
                    continue
                a0, a1 = at[gi]
                # one span from as many tokens before the first anchor word as a match can have before
                # its anchor, to as many after the last (one call per group: the per-call cost outweighs
                # a few tokens)
                a0 -= group_before[gi]
                a1 += group_after[gi] + 1
                if a0 < s0:
                    a0 = s0
                if a1 > s1:
                    a1 = s1
                if a1 - a0 < s1 - s0:
                    # every match lies inside the window: run the group only if one of its patterns has
                    # a word of each required token there too (session 7: a quarter fewer calls, the
                    # same matches)
                    near = reduce(or_, filter(None, tok_mask[a0:a1]), 0)
                    if one:
                        if near & one != one:
                            continue
                    elif not any(map(eq, map(near.__and__, group_masks[gi]), group_masks[gi])):
                        continue
                auto = autos[gi] or self._automaton(gi)
                auto.match(orths, a0, a1, word, sent_starts, found)


    def _phrases(self, lowers: list[str], per: list[tuple[Any, ...]]) -> list[tuple[str, int, int]]:
        """Every literal phrase at every start, as ``(rule key, start, end)``: the matches of spaCy's
        ``PhraseMatcher.find_matches`` (each run of words from a start that ends a phrase of the trie is a
        match of its rules). ``per``: ``_tok`` of each word (its last item: the trie after the word)."""
        found: list[tuple[str, int, int]] = []
        n = len(lowers)
        for i, node in [(i, p[4]) for i, p in enumerate(per) if p[4] is not None]:
            j = i + 1
            while node is not None:
                keys = node.get(None)
                if keys is not None:
                    found += [(k, i, j) for k in keys]
                if j >= n:
                    break
                node = node.get(lowers[j])
                j += 1
        return found

    def _lower(self, orth: int) -> str:
        """The lower case of the word with id ``orth`` (its lexeme's ``lower_``), cached."""
        low = self.vocab[orth].lower_
        if len(self._lower_cache) > 50000:
            self._lower_cache.clear()
        self._lower_cache[orth] = low
        return low

    def _tok(self, low: str) -> tuple[str, bool, frozenset[int], int, Any]:
        """``(lemma, set the lemma on the token, groups, required tokens satisfied, phrase trie)`` for a
        lower-case word: its lemma as the target matcher reads it (the word itself without a lemmatiser),
        the union of ``word_info`` for the word and for its lemma (the required tokens as a bit mask of their
        numbers, ``group_masks``; session 9), and the phrase trie's node after the word (None: no literal
        phrase starts with it)."""
        lm, set_it = low, False
        if self.lemmatizer is not None:
            lm = self.lemmatizer.cache.get(low) or self.lemmatizer(low)
            set_it = lm in self.lemmatizer.vocab
        groups: set[int] = set()
        sat: set[int] = set()
        for w in (low, lm):
            info = self.word_info.get(w)
            if info is not None:
                groups.update(info[0])
                sat.update(info[1])
        mask = 0
        for a in sat:
            mask |= 1 << a
        got = (lm, set_it, frozenset(groups), mask, self.phrase.get(low))
        if len(self._tok_cache) > 50000:
            self._tok_cache.clear()
        self._tok_cache[low] = got
        return got

    def _automaton(self, gi: int) -> GroupAutomaton:
        """The automaton of pattern group ``gi`` (``tokmatch``), built on first use."""
        auto = GroupAutomaton(self._group_members[gi], self._spec_cache)
        self._autos[gi] = auto
        return auto

    def _word(self, orth: int) -> Word:
        """The ``Word`` (``tokmatch``) of the word with id ``orth``: its lexeme's attributes and its lemma
        from ``_tok`` (none, id 0, when ``_tok`` says no rule names it), cached."""
        got = self._word_cache.get(orth)
        if got is not None:
            return got
        lex = self.vocab[orth]
        low = lex.lower_
        p = self._tok_cache.get(low) or self._tok(low)
        lm = p[0] if p[1] else ""
        got = (
            lex.orth, lex.lower, self._string_id(lm) if lm else 0, lex.orth_, low, lm,
            lex.is_stop, lex.like_num, lex.is_punct, lex.is_space, lex.is_alpha,
        )
        if len(self._word_cache) > 50000:
            self._word_cache.clear()
        self._word_cache[orth] = got
        return got

    def _required(self, doc: Any, lemmas: list[str], match: tuple[str, int, int]) -> bool:
        """Whether a word of the rule's ``require_in_sentence`` classes stands in the match's sentence (the
        match's own words included), or, with ``require_when``, no word of those classes does (session 21,
        f1v)."""
        words, when = self.require[match[0]]
        a = match[1]
        while a > 0 and not doc[a].is_sent_start:
            a -= 1
        b, n = max(match[2], a + 1), len(doc)
        while b < n and not doc[b].is_sent_start:
            b += 1
        sent = [(lemmas[i], doc[i].lower_) for i in range(a, b)]
        if when is not None and not any(lem in when or low in when for lem, low in sent):
            return True
        return any(lem in words or low in words for lem, low in sent)

    def _refused(self, doc: Any, lemmas: list[str], match: tuple[str, int, int]) -> bool:
        """A word of the rule's ``refuse_after`` classes within its window after the match, before the
        clause ends (a clause break, a negation or "but": the words a {GAP} never crosses), unless a word of
        its ``refuse_unless`` classes follows that word within the window (or, with ``refuse_unless_before``,
        comes between the match and that word)."""
        words, window, unless, before = self.refuse[match[0]]
        n = len(doc)
        for i in range(match[2], min(match[2] + window, n)):
            if i == match[2] and doc[i].text == ")" and _bracket_open_before(doc, match[1]):
                continue  # session 18 (fxj): the match's own bracket closes; its clause goes on after it
            if doc[i].is_sent_start or _is_gap_stop(doc[i].lower_):
                return False
            if before and (lemmas[i] in unless or doc[i].lower_ in unless):
                return False
            if lemmas[i] in words or doc[i].lower_ in words:
                for j in range(i + 1, min(i + 1 + window, n)):
                    if doc[j].is_sent_start or _is_gap_stop(doc[j].lower_):
                        break
                    if lemmas[j] in unless or doc[j].lower_ in unless:
                        return False
                return True
        return False


#: a phrase of lower-case ASCII words separated by single spaces
_PLAIN_PHRASE = re.compile(r"[a-z]+(?: [a-z]+)*")


class _PhraseLowers:
    """The lower case of a phrase's tokens as spaCy's tokenizer splits it (session 10: the reader splits
    thousands of rule phrases when it is built, a sixth of its building time).

    A phrase of lower-case ASCII words separated by single spaces, none of them a special case of the
    tokenizer ("cannot", "dont"), is its words: spaCy splits text on single spaces, and none of its English
    prefix, suffix or infix patterns splits such a word (each needs punctuation, a symbol or a digit; a URL
    match keeps the word whole too); ``tests/test_text_speed10_paths.py`` checks this on every such phrase of
    the rules. Each word is made a lexeme of the vocabulary as the tokenizer would (the flags the reader sets
    on the words already there then see the same words). Any other phrase goes through the tokenizer."""

    def __init__(self, tokenizer: Any):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.specials = frozenset(tokenizer.rules)

    def __call__(self, phrase: str) -> list[str]:
        if _PLAIN_PHRASE.fullmatch(phrase):
            words = phrase.split(" ")
            if self.specials.isdisjoint(words):
                vocab = self.vocab
                for w in words:
                    vocab[w]  # noqa: B018 - the lexeme the tokenizer would make
                return words
        return [t.lower_ for t in self.tokenizer(phrase)]


def _class_words(names: list[str], classes: dict[str, list[str]]) -> frozenset[str] | None:
    """The lemmas of the word classes named (``refuse_after``); None when no class is named."""
    if not names:
        return None
    words: set[str] = set()
    for n in names:
        if n not in classes:
            raise ValueError(f"target rule names an unknown word class {n!r}")
        words.update(w.lower() for w in classes[n])
    return frozenset(words)


#: a text that ends with a form's answer "no" ("Fever: No"; session 12)
_END_NO = re.compile(r"[:=\-]\s*(?:no|No|NO|denies|Denies|nope)\s*$")

#: where a form item's text may start after (session 12): a full stop (not a decimal point), colon, semicolon
#: a line that answers the quoted line above it (session 18: "-- that was sorted", "> no")
_ANSWER_MARK = re.compile(r"[ \t]*(?:--?|\u2013|\u2014|>)")
_ITEM_CUT = re.compile(r"[.;:!?](?!\d)")

#: where a sentence or question ends, for questions answered "no" (session 7); session 12: not a question
#: mark glued to the front of a word after a space, the clinicians' "query" that the normaliser reads
#: ("referred ?acute ischaemia, ... foot felt cold" had been a question "referred ?" answered "acute
#: ischaemia, ... foot felt cold")
_Q_END = re.compile(r"[.!\n]|(?<=[\w?])\?|\?(?![A-Za-z])")


def _absent_within(
    findings: list[TextFinding], spans: list[tuple[int, int, str]], states: tuple[str, ...]
) -> list[TextFinding]:
    """Findings in one of ``states`` read wholly inside a ``(start, end, cue)`` span become absent, with the
    span's cue (a question answered "no", an empty box, a form label answered "no")."""
    if not spans:
        return findings
    out = []
    for f in findings:
        if f.state in states:
            for a, b, cue in spans:
                if a <= f.span[0] and f.span[1] <= b:
                    f = f.model_copy(update={"state": "absent", "cues": [*f.cues, cue]})
                    break
        out.append(f)
    return out


def _taken_state(
    fid: str, span: tuple[int, int], taken: list[tuple[int, int, str, frozenset[str] | None, str]]
) -> tuple[str, str, tuple[int, int]] | None:
    """The state, name and span of the first takeback span (``Reader._taken_back``) holding ``span``
    wholly, for ``fid``; None when there is none."""
    for a, b, state, ids, name in taken:
        if a <= span[0] and span[1] <= b and (ids is None or fid in ids):
            return state, name, (a, b)
    return None


#: session 25: the start of a numbered or lettered item inside a pasted list ('1) ', '2. ', 'B) ')
_ITEM_MARK = re.compile(r"(?:^|(?<=[\s:;,\"\u201c]))(\d{1,2}|[A-Ea-e])[).]\s+")
#: session 25: the item names in a writer's 'I have the second one', 'I've got B and C'
_ITEM_NAME = re.compile(r"(?i:first|second|third|fourth|fifth|last|\d{1,2})|[A-E]")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def _named_items(
    original: str,
    spans: list[tuple[int, int]],
    named: re.Pattern[str],
    state: str,
    ids: frozenset[str] | None,
    name: str,
) -> list[tuple[int, int, str, frozenset[str] | None, str]]:
    """Session 25 (probes session25_xd:2, xd:56): the takeback spans of a pasted list (``spans``) when the
    writer names some of its items ('I have the second one', 'I've got B and C': ``named``, group 'n').
    Several spans are items in order; one span is split at its item marks ('1) ', 'B) '). The named
    items are no takeback: they come back with the state 'affirmed' (what was read in them as
    hypothetical is present); the other items (and any words before the first mark) keep ``state``. A
    name that fits no item (no marks, or a fourth of three) takes nothing back: the span is read as it
    stands (the safer error)."""
    picks: list[str] = []
    for m in named.finditer(original):
        picks += [t.lower() for t in _ITEM_NAME.findall(m.group("n"))]
    if not picks:
        return [(a, b, state, ids, name) for a, b in spans]
    if len(spans) > 1:
        items = spans
        head: list[tuple[int, int]] = []
        letters: list[str] = []
    else:
        a, b = spans[0]
        starts = [a + m.start() for m in _ITEM_MARK.finditer(original[a:b])]
        if len(starts) < 2:
            return []
        items = [(s, e) for s, e in zip(starts, [*starts[1:], b], strict=True)]
        head = [(a, starts[0])] if a < starts[0] else []
        marks = [_ITEM_MARK.match(original, s) for s in starts]
        letters = [m.group(1).lower() if m is not None else "" for m in marks]
    chosen: set[int] = set()
    for p in picks:
        if p == "last":
            chosen.add(len(items) - 1)
        elif p in _ORDINALS:
            chosen.add(_ORDINALS[p] - 1)
        elif p.isdigit():
            chosen.add(int(p) - 1)
        elif len(spans) == 1 and p in letters:
            chosen.add(letters.index(p))
        else:
            chosen.add("abcde".index(p))
    if any(not 0 <= k < len(items) for k in chosen):
        return []
    out = [(a, b, state, ids, name) for a, b in head]
    for k, (a, b) in enumerate(items):
        out.append((a, b, "affirmed", ids, name) if k in chosen else (a, b, state, ids, name))
    return out


def _apply_affirmed(
    findings: list[TextFinding], affirmed: list[tuple[int, int, str, frozenset[str] | None, str]]
) -> list[TextFinding]:
    """Session 25: a finding read as hypothetical wholly inside an item the writer names as theirs
    (``_named_items``) is present."""
    out = []
    for f in findings:
        if f.state == "hypothetical" and any(
            a <= f.span[0] and f.span[1] <= b and (ids is None or f.id in ids)
            for a, b, _s, ids, _n in affirmed
        ):
            f = f.model_copy(update={"state": "present", "cues": [*f.cues, "named_item"]})
        out.append(f)
    return out


def _apply_takebacks(
    findings: list[TextFinding],
    taken: list[tuple[int, int, str, frozenset[str] | None, str]],
    dropped: dict[tuple[int, int], tuple[str, str]],
) -> list[TextFinding]:
    """Session 18: a finding read (present, possible or historical) wholly inside a takeback span takes the
    span's state ('drop': it is not read, and ``dropped`` gets the span and the takeback's name for a
    warning); absent, hypothetical and family readings stay as they are."""
    out = []
    for f in findings:
        got = _taken_state(f.id, f.span, taken) if f.state in ("present", "possible", "historical") else None
        if got is not None:
            state, name, where = got
            if state == "drop":
                dropped[where] = state, name
                continue
            f = f.model_copy(update={"state": state, "cues": [*f.cues, f"takeback:{name}"]})
        out.append(f)
    return out


def _sents(doc: Any) -> list[Any]:
    """The doc's sentences, computed once (spaCy walks the tokens on every ``doc.sents``)."""
    cached = doc.user_data.get("legdx_sents")
    if cached is None:
        cached = list(doc.sents)
        doc.user_data["legdx_sents"] = cached
    return cached


#: the opening of a message a relative writes about the patient ("my dad (82) ...", "Dad just ...",
#: "my husband is 40 and ...")
_RELATIVE_WRITES = re.compile(
    r"^\W*(?:(?:hi|hello|help|please help|pls help|plz help|pls|plz|dear [^,.]{0,30}|sorry[^.]{0,40}|"
    r"urgent)\W+)?"
    # session 13 (fx13f, probe session13_pi:37): a forwarded message's header before the relative
    # ("txt from son: dad 82 rang me, says ... his R foot gone mottled")
    # session 17 (fxb, probe session17_rd:30): also a WhatsApp, SMS or voicemail ("whatsapp from carer: uncle
    # toes gone dark"), and an uncle or aunt as the relative
    r"(?:(?:txt|text|message|msg|email|e-mail|note|whatsapp|whatsap|sms|voicemail)\s+(?:message\s+)?from\s+"
    r"(?:my\s+|the\s+|his\s+|her\s+)?"
    r"(?:son|daughter|wife|husband|partner|neighbour|neighbor|carer|friend|brother|sister)\W+)?"
    # session 14 (fx14f, probe session14_pu:28): the writer names himself or herself first ("Son here. Dad
    # started with weak legs ...", "daughter here, mum is ...")
    r"(?:(?:son|daughter|wife|husband|partner|carer|grandson|granddaughter|niece|nephew)\s+here\W+)?"
    r"(?:(?:my|our)\s+(?:dad|daddy|father|mum|mummy|mom|mother|husband|wife|partner|son|daughter|gran|granny|"
    r"grandad|grandma|grandpa|nan|nana|brother|sister|uncle|aunt|auntie|aunty)|dad|daddy|mum|mummy|mom|uncle|auntie|aunty)\b"
    r"(?!\s+(?:had|has|have|died|with|was\s+diagnosed|also)\b)"
    r"|\b(?:my|our)\s+(?:dad|father|mum|mom|mother|husband|wife|partner|son|daughter|gran|grandad|grandma|"
    r"grandpa|nan|brother|sister)\s*(?:\(\s*\d{2,3}|,?\s*(?:is|who\s+is|aged)\s+\d{2,3})"
    # session 16 (fxb, probe session16_qn:5): a call or triage log that reports a relative's call about
    # another relative ("daughter reports mum 78 left foot gone white", "wife states husband collapsed"),
    # after a log header
    r"|\b(?:son|daughter|wife|husband|partner|carer|neighbour|neighbor|grandson|granddaughter|niece|nephew|caller)\s+"
    r"(?:reports|reported|reporting|states|stated|says|said|rang|rings|phoned|phones|calling|called)\s+(?:that\s+)?"
    r"(?:her\s+|his\s+|their\s+)?(?:dad|daddy|father|mum|mummy|mom|mother|husband|wife|partner|gran|granny|grandad|"
    r"grandma|grandpa|nan|nana)\b(?!\s+(?:had|died|was\s+diagnosed|passed)\b)"
    # session 17 (fxb, probe session17_rd:5): a message from the patient's relative or carer ("Photo sent by
    # patient's son: ... his father (74) now can't lift the foot"); not "patient's son has diabetes"
    r"|\b(?:patient|pt)'?s\s+(?:son|daughter|wife|husband|partner|carer|neighbour|neighbor|grandson|granddaughter|"
    r"niece|nephew)\b(?!\s+(?:had|has|have|died|was\s+diagnosed|passed|also)\b)"
    # session 19 (fxp, probe session19_si:18): a carer who opens by saying whom they look after ("I look after
    # my dad. Dad back operation 2 weeks ago ...", "I'm my mum's carer"); not the relative's past illness
    # ("I care for my mum, who had a stroke")
    r"|^\W*(?:(?:hi|hello)\W+)?i(?:'?m|\s+am)?\s+(?:look\s+after|looking\s+after|care\s+for|caring\s+for|"
    r"(?:the\s+|a\s+)?carer\s+(?:for|of|to))\s+(?:my|our)\s+(?:dad|daddy|father|mum|mummy|mom|mother|husband|wife|"
    r"partner|son|daughter|gran|granny|grandad|grandma|grandpa|nan|nana|brother|sister|uncle|aunt|auntie)\b"
    r"(?!\s*,?\s*(?:who\s+)?(?:had|has|have|died|with|was\s+diagnosed|also)\b)"
    r"|^\W*i(?:'?m|\s+am)\s+(?:my|our)\s+(?:dad|father|mum|mom|mother|husband|wife|partner|son|daughter|gran|grandad|"
    r"grandma|nan|brother|sister)(?:'s|s)\s+(?:main\s+|full[\s-]time\s+)?carer\b"
    # session 8: a note that opens with the relative and an age ("mother 81, confused, fever, back pain")
    r"|^\W*(?:father|mother|husband|wife|partner|son|daughter|grandad|grandma|grandpa|brother|sister)\s*,?\s*"
    r"(?:\(\s*)?(?:aged\s+)?\d{2,3}\b(?!\s*\)?\s*,?\s*(?:died|deceased|passed|alive|living|healthy|well|with|had|has)\b)"
    # session 12 (probe pi:3): a relative who answers a question in a transcript ("Receptionist: Is the
    # appointment for your father?\nSon: Yes, he is 58 ..."), about him or her; not a family history
    # ("FHx:\nMother: breast cancer", no question; "Any family history?\nMother: breast cancer")
    r"|(?:^|\n)(?![^\n]*\b(?:family|fhx|fh|relatives?|runs?\s+in)\b)[^\n]*\?[ \t]*\n\s*"
    r"(?:son|daughter|wife|husband|partner|mum|mom|mother|father|dad|brother|sister)\s*:"
    r"(?=[^\n]*\b(?:he|she|his|her|him)\b)",
    re.IGNORECASE,
)

#: the words of a text, and the same for an ASCII text lower-cased (``prepare``)
_WORDS = re.compile(r"[^\W\d_]+")
_ASCII_WORDS = re.compile(r"[a-z]+")

#: ``_RELATIVE_WRITES`` for an ASCII text lower-cased (session 11; ``numbers.lowered_regex``), its
#: alternatives looked for one by one (session 26, spr: ``numbers.LazyAnyOf``)
_RELATIVE_WRITES_ANY = LazyAnyOf(_RELATIVE_WRITES)


#: session 15 (fxe, probe session15_qk:31): a request that someone see or visit the relative, who is then the
#: patient ("Hospice nurse would like someone to see Dad tomorrow: prostate cancer, new back pain ...", "can a
#: doctor come and visit my mum today?", "please could you check on Dad"); not "I went to see my dad"
_SEE_RELATIVE = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|a\s+(?:doctor|gp|nurse|clinician|paramedic)|the\s+(?:doctor|gp|nurse)|"
    r"you|doctor|gp|please)\s+(?:to\s+|could\s+|can\s+|please\s+)?(?:come\s+(?:and\s+|to\s+|out\s+(?:and\s+|to\s+)?)?)?"
    r"(?:see|visit|check\s+on|look\s+at|review|assess)\s+(?:my\s+|our\s+)?"
    r"(?:dad|daddy|father|mum|mummy|mom|mother|husband|wife|partner|gran|granny|grandad|grandma|grandpa|nan|nana)\b",
    re.IGNORECASE,
)

#: ``_SEE_RELATIVE`` in its forms for a lower-cased ASCII text (session 26, spr)
_SEE_RELATIVE_ANY = LazyAnyOf(_SEE_RELATIVE)

#: session 12 (probe pr:9): a text that opens with a relative who has or had something ("Mum has lung cancer,
#: and her feet ..."); ``_RELATIVE_WRITES`` leaves it out, because it is as often a family history ("Mum had
#: breast cancer. I have back pain")
_RELATIVE_HAS = re.compile(
    r"^\W*(?:(?:hi|hello|help|please help|pls help|pls|urgent)\W+)?"
    # session 15 (fxb, probe session15_qa:10): a hedge before the relative ("Not sure if it's connected, but
    # Dad had prostate cancer and now his mid back aches at night")
    r"(?:(?:(?:i'?m\s+|i\s+am\s+)?not\s+sure|unsure|no\s+idea|(?:i\s+)?(?:don'?t|do\s+not)\s+know|dunno|"
    r"(?:this\s+)?(?:is\s+|may\s+be\s+|might\s+be\s+)?probably\s+nothing|(?:this\s+)?(?:may|might)\s+be\s+nothing|"
    r"sorry)\b[^.!?\n]{0,50}?(?:,|[.!?:;]|\s-)\s*(?:but\s+|and\s+|so\s+)?)?"
    # the writer's name first ("This is Nadia, my dad has myasthenia gravis and for 3 days he has ...")
    r"(?:(?:this\s+is|it'?s|my\s+name\s+is)\s+[a-z]+(?:\s+[a-z]+)?\s*[,.!:;-]\s*)?"
    r"(?:(?:my|our)\s+)?"
    r"(?:(?P<f>mum|mummy|mom|mother|wife|daughter|gran|granny|grandma|nan|nana|sister)|"
    r"(?P<m>dad|daddy|father|husband|son|grandad|grandpa|brother)|partner)\s+(?:has|had|have)\b",
    re.IGNORECASE,
)
#: the writer speaking of himself or herself (then the opening relative's illness is a family history)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|myself)\b|\bi\s", re.IGNORECASE)
#: the relative died (a family history: "Dad had prostate cancer; he died at 70")
_DIED = re.compile(r"\b(?:died|dies|deceased|passed\s+away|passed\s+on|funeral)\b", re.IGNORECASE)
#: the next sentence goes on with the same person's present ("... before. Now back pain 3 week")
_NOW_NEXT = re.compile(
    r"[^.!?\n]*[.!?\n]\s*(?:and\s+)?(?:now|but\s+now|since|today|this\s+week)\b", re.IGNORECASE
)
_SHE = re.compile(r"\b(?:she|she's|her|hers|herself)\b", re.IGNORECASE)
_HE = re.compile(r"\b(?:he|he's|his|him|himself)\b", re.IGNORECASE)


def _relative_writes(original: str) -> bool:
    """Whether the text opens as a relative writing about the patient (``_RELATIVE_WRITES`` in its first 300
    characters); session 12: or it opens with a relative who has or had something and then speaks of that
    relative ("her feet", "she can't": the relative's pronoun, or a next sentence that opens with "Now"),
    never of the writer ("I", "my"), and not of a death."""
    if _RELATIVE_WRITES_ANY.found(original[:300]):
        return True
    if _SEE_RELATIVE_ANY.found(original[:300]):
        return True
    m = _RELATIVE_HAS.match(original)
    if m is None:
        return False
    rest = original[m.end() :]
    if _DIED.search(rest) is not None:
        return False
    pron = _SHE if m.group("f") else _HE if m.group("m") else None
    firsts = {w.strip().lower() for w in _FIRST_PERSON.findall(rest)}
    if firsts:
        # session 15 (fxb, probe session11_ph:30): a lone "my" inside a garbled word ("my son has my ass
        # thenia gravy is ... his speech goes all slurry ... he cant swallow ... his legs") when the rest
        # speaks of the relative three times or more; "I", "me", or "my" with fewer of the relative's
        # pronouns, is the writer
        if firsts != {"my"} or pron is None or len(pron.findall(rest)) < 3:
            return False
    if _NOW_NEXT.match(rest) is not None:  # probe pm:13: "Mother had breast cancer before. Now back pain"
        return True
    if pron is not None:
        return pron.search(rest) is not None
    return _SHE.search(rest) is not None or _HE.search(rest) is not None


#: words so common that a pattern indexed under them would be tried in nearly every sentence
_COMMON_WORDS = frozenset(
    (
        "the a an my his her their our your its and or to in of on at with for is was be been it i he she "
        "they we you when after not no up down off away as by from but so that this then can could will "
        "have has had do get go feel very all one two left right now also too"
    ).split()
)


def _anchor_cost(words: frozenset[str]) -> int:
    """How often a required token is expected to occur: the number of words it accepts, with common
    function words counted as very frequent (choose the rarest token to index a pattern under)."""
    return len(words) + 100 * len(words & _COMMON_WORDS)


#: the longest word list of a first pattern token that is split into one pattern per word
_SPLIT_MAX = 12
_SPLIT_ATTRS = ("LOWER", "LEMMA", "TEXT", "ORTH", "NORM", "SHAPE")


def _word_test(attr: Any, val: Any) -> Callable[[str, str], bool] | None:
    """A pattern token's test of ``attr`` as a function of the word (as written, lower case) that is true
    exactly when spaCy's is: a plain value, ``IN`` a list of strings or ``REGEX`` (``re.search``, as spaCy's
    regex predicate) on ``TEXT``/``ORTH`` or ``LOWER``; None for any other test."""
    on_lower = {"TEXT": False, "ORTH": False, "LOWER": True}.get(attr) if isinstance(attr, str) else None
    if on_lower is None:
        return None
    if isinstance(val, str):
        return (lambda _o, low: low == val) if on_lower else (lambda orth, _l: orth == val)
    if not isinstance(val, dict) or len(val) != 1:
        return None
    ((op, xs),) = val.items()
    if op == "IN" and isinstance(xs, list) and all(isinstance(x, str) for x in xs):
        words = frozenset(xs)
        return (lambda _o, low: low in words) if on_lower else (lambda orth, _l: orth in words)
    if op == "REGEX" and isinstance(xs, str):
        search = re.compile(xs).search
        if on_lower:
            return lambda _o, low: search(low) is not None
        return lambda orth, _l: search(orth) is not None
    return None


def _required_word_test(patterns: list[list[dict[str, Any]]]) -> Callable[[str, str], bool] | None:
    """A test of a word (as written, lower case) that a token of every match of any of ``patterns`` passes:
    for each pattern, a test of its first token that every match holds (no ``OP``, or ``+``) and that
    ``_word_test`` can make; None when some pattern has none (session 10)."""
    tests: list[Callable[[str, str], bool]] = []
    for pat in patterns:
        test = None
        for tok in pat:
            if "OP" in tok and tok["OP"] != "+":
                continue
            for attr, val in tok.items():
                if attr != "OP":
                    test = _word_test(attr, val)
                    if test is not None:
                        break
            if test is not None:
                break
        if test is None:
            return None
        tests.append(test)
    return lambda orth, low: any(t(orth, low) for t in tests)


def _split_first_token(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The same pattern as several, one per word of its first token's ``IN`` list ("{LOWER: {IN: [if,
    should]}}, ..." -> "{LOWER: if}, ..." and "{LOWER: should}, ..."). spaCy tries the first token of every
    pattern at every token of the text; a plain value is compared natively, an ``IN`` list is a Python
    predicate called for each token. The matches are the same (speed, round 5)."""
    if not pattern:
        return [pattern]
    first = pattern[0]
    if len(first) != 1:
        return [pattern]
    (attr, val), = first.items()
    if attr not in _SPLIT_ATTRS or not isinstance(val, dict) or set(val) != {"IN"}:
        return [pattern]
    words = list(dict.fromkeys(str(w) for w in val["IN"]))
    if not words or len(words) > _SPLIT_MAX:
        return [pattern]
    return [[{attr: w}, *pattern[1:]] for w in words]


def _split_context_patterns(ctx: Any) -> None:
    """The ConText cue matcher's token patterns split by their first token (``_split_first_token``): the
    same cue matches, found faster. medspaCy keeps one spaCy ``Matcher`` for all cue patterns."""
    outer = getattr(ctx, "_ConText__matcher", None)
    inner = getattr(outer, "_MedspacyMatcher__matcher", None)
    if inner is None:  # another medspaCy version: leave its matcher as it is
        return
    validate = inner.validate  # the patterns were validated when ConText added them (session 8: not twice)
    inner.validate = False
    try:
        for key in list(inner._patterns):
            on_match, patterns = inner.get(key)
            split = [q for pat in patterns for q in _split_first_token(pat)]
            if len(split) != len(patterns):
                inner.remove(key)
                inner.add(key, split, on_match=on_match)
    finally:
        inner.validate = validate


#: the spaCy pattern operators a lexeme flag can stand for (session 7)
_FLAG_OPS = {"IN": True, "NOT_IN": False}
_FLAG_ATTRS = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH", "SHAPE": "SHAPE"}
#: first-token attributes whose split cue patterns are merged back under one flag
_MERGE_ATTRS = ("LOWER", "TEXT", "ORTH", "SHAPE")

_FlagKey = tuple[str, Any]


def _flag_key(attr: Any, val: Any) -> tuple[_FlagKey, bool] | None:
    """The word test a pattern token's ``{attr: {op: ...}}`` makes, as a flag key and the flag value that
    means a match; None when it is not one a flag can stand for (mixed operators, values that are not
    strings, other attributes)."""
    kind = _FLAG_ATTRS.get(attr) if isinstance(attr, str) else None
    if kind is None or not isinstance(val, dict) or len(val) != 1:
        return None
    ((op, xs),) = val.items()
    if op in _FLAG_OPS and isinstance(xs, list) and all(isinstance(x, str) for x in xs):
        return (kind, frozenset(xs)), _FLAG_OPS[op]
    if op == "REGEX" and isinstance(xs, str) and kind in ("LOWER", "ORTH"):
        return (kind + "_REGEX", xs), True
    return None


def _flag_weights(pattern: list[dict[str, Any]]) -> list[int]:
    """How often spaCy tests each token of a pattern, roughly: a token that can be the first of a match at
    every token of the text, one after a single required token far less often, the rest rarely."""
    out: list[int] = []
    required = 0
    for tok in pattern:
        out.append(1000 if required == 0 else 10 if required == 1 else 1)
        if tok.get("OP") not in ("?", "*"):
            required += 1
    return out


def _merge_plan(patterns: list[list[dict[str, Any]]]) -> list[tuple[str | None, list[str], list[Any]]]:
    """A rule's patterns with the ones that differ only in a plain first token (``{LOWER: "has"}`` ...,
    as ``_split_first_token`` leaves them) gathered: ``(attr, words, rest)`` in the order of their first
    pattern, or ``(None, [], [pattern])`` for a pattern on its own."""
    out: list[tuple[str | None, list[str], list[Any]]] = []
    at: dict[tuple[str, str], int] = {}
    for pat in patterns:
        first = pat[0] if pat else None
        if first is not None and len(first) == 1:
            ((attr, val),) = first.items()
            if attr in _MERGE_ATTRS and isinstance(val, str):
                sig = (attr, repr(pat[1:]))
                k = at.get(sig)
                if k is None:
                    at[sig] = len(out)
                    out.append((attr, [val], pat[1:]))
                elif val not in out[k][1]:
                    out[k][1].append(val)
                continue
        out.append((None, [], [pat]))
    return out


def _flag_word_sets(vocab: Any, ctx: Any) -> None:
    """Replace the word-set tests spaCy makes most often in the ConText cue patterns by lexeme flags
    (session 7).

    spaCy's ``Matcher`` evaluates a set or regex test (``{LOWER: {IN: [...]}}``, ``{TEXT: {REGEX: ...}}``) as
    a Python predicate, once per token and test (about 0.4 microseconds each, over a thousand per narrative),
    and starts one state per pattern at every token. A lexeme flag (the bits 1-63 spaCy's English leaves
    free) is compared natively. A flag is a function of the word as written, computed once per word:
    ``LOWER``/``SHAPE`` from its lower case or shape, ``TEXT``/``ORTH`` from the word. So each flag is true
    exactly when the test it replaces is, and the matches are the same. (Until session 20 the target rules'
    patterns competed for the bits too, and ``LEMMA`` tests had flags: since session 19 those patterns are
    matched by ``tokmatch``, not spaCy, and the cue patterns name no ``LEMMA``.)

    First, the ConText cue patterns that ``_split_context_patterns`` split by their first word are merged
    back into one pattern per rule and word list, its first token a flag (their cue matcher runs over every
    token of the text: about a quarter as many patterns); then the tests met most often (at the first token
    of a pattern, then the second) get the remaining bits, the rest stay predicates. The cue matcher is
    rebuilt with its rules in the same order (a merged pattern stands where its first part stood), so its
    matches come in the same order."""
    from spacy.attrs import LOWER, SHAPE

    getters = vocab.lex_attr_getters
    lower = getters.get(LOWER) or (lambda s: s.lower())
    shape = getters.get(SHAPE)
    free = [b for b in range(1, 64) if b not in getters]
    outer = getattr(ctx, "_ConText__matcher", None)
    inner = getattr(outer, "_MedspacyMatcher__matcher", None)
    cue_rules: list[tuple[Any, Any, list[tuple[str | None, list[str], list[Any]]]]] = []
    if inner is not None:
        for key in list(inner._patterns):
            on_match, patterns = inner.get(key)
            cue_rules.append((key, on_match, _merge_plan(patterns)))
    score: dict[_FlagKey, int] = {}
    for _key, _m, plan in cue_rules:
        for attr, words, _rest in plan:
            if attr is not None and len(words) > 1 and (attr != "SHAPE" or shape is not None):
                fk = (_FLAG_ATTRS[attr], frozenset(words))
                score[fk] = score.get(fk, 0) + 10**6 * len(words)
    for _k, _m, plan in cue_rules:
        for attr, words, rest in plan:
            for pat in rest if attr is None else [[{attr: w}, *rest] for w in words]:
                for tok, w in zip(pat, _flag_weights(pat), strict=True):
                    for attr2, val in tok.items():
                        got = _flag_key(attr2, val)
                        if got is not None and (got[0][0] != "SHAPE" or shape is not None):
                            score[got[0]] = score.get(got[0], 0) + w * 100
    chosen = sorted(
        score,
        key=lambda k: (-score[k], k[0], repr(sorted(k[1]) if isinstance(k[1], frozenset) else k[1])),
    )
    flag_of: dict[_FlagKey, int] = {}
    # the words already in the vocabulary get their flags here (new ones from the getters), found through
    # their lower case, form and shape (one pass over the vocabulary, not one per flag)
    by: dict[str, dict[str, list[Any]]] = {"LOWER": {}, "ORTH": {}, "SHAPE": {}}
    lexemes = list(vocab)
    # only the shapes a chosen flag tests are computed (session 8: every word's shape was a tenth of this)
    want_shape = shape is not None and any(fk[0] == "SHAPE" for fk in chosen[: len(free)])
    for lex in lexemes:
        orth = lex.orth_
        low = lower(orth)
        by["ORTH"].setdefault(orth, []).append(lex)
        by["LOWER"].setdefault(low, []).append(lex)
        if want_shape:
            by["SHAPE"].setdefault(shape(orth), []).append(lex)
    for fk, bit in zip(chosen, free, strict=False):
        kind, spec = fk
        test: Callable[[str], bool]
        if kind in by:
            words_in: frozenset[str] = spec
            if kind == "LOWER":
                test = functools.partial(_in_mapped, words_in, lower)
            elif kind == "SHAPE":
                test = functools.partial(_in_mapped, words_in, shape)
            else:
                test = words_in.__contains__
            for word in words_in:
                for lex in by[kind].get(word, ()):
                    lex.set_flag(bit, True)
        else:
            rx = re.compile(str(spec))
            test = functools.partial(_search_lower, rx, lower) if kind == "LOWER_REGEX" else (
                functools.partial(_search, rx)
            )
            for lex in lexemes:
                if test(lex.orth_):
                    lex.set_flag(bit, True)
        getters[bit] = test
        flag_of[fk] = bit
    if not flag_of:
        return

    def convert(pat: list[dict[str, Any]]) -> list[dict[Any, Any]]:
        out: list[dict[Any, Any]] = []
        for tok in pat:
            new: dict[Any, Any] = {}
            for attr, val in tok.items():
                got = _flag_key(attr, val)
                if got is not None and got[0] in flag_of:
                    new[flag_of[got[0]]] = got[1]
                else:
                    new[attr] = val
            out.append(new)
        return out

    if inner is None:
        return
    rebuilt: list[tuple[Any, Any, list[list[dict[Any, Any]]]]] = []
    for key, on_match, plan in cue_rules:
        pats: list[list[dict[Any, Any]]] = []
        for attr, words, rest in plan:
            if attr is None:
                pats += [convert(p) for p in rest]
                continue
            merged = flag_of.get((_FLAG_ATTRS[attr], frozenset(words))) if len(words) > 1 else None
            if merged is not None:
                pats.append([{merged: True}, *convert(rest)])
            else:
                pats += [convert([{attr: w}, *rest]) for w in words]
        rebuilt.append((key, on_match, pats))
    for key, _m, _p in cue_rules:
        inner.remove(key)
    validate = inner.validate  # spaCy's pattern schema knows no flag ids (the patterns were validated)
    inner.validate = False
    try:
        for key, on_match, pats in rebuilt:  # the same rules, in the same order
            inner.add(key, pats, on_match=on_match)
    finally:
        inner.validate = validate


def _in_mapped(words: frozenset[str], attr: Callable[[str], str], orth: str) -> bool:
    return attr(orth) in words


def _search(rx: re.Pattern[str], orth: str) -> bool:
    return rx.search(orth) is not None


def _search_lower(rx: re.Pattern[str], lower: Callable[[str], str], orth: str) -> bool:
    return rx.search(lower(orth)) is not None


def _accepts(val: Any) -> frozenset[str] | None:
    """The words a token's ``LOWER``/``LEMMA`` value accepts, as ``_anchors`` reads them (None: not named)."""
    if isinstance(val, str):
        return frozenset([val])
    if isinstance(val, dict) and isinstance(val.get("IN"), list):
        return frozenset(str(x) for x in val["IN"])
    return None


def _anchor_extent(pattern: list[dict[str, Any]], anchor: frozenset[str]) -> tuple[int, int]:
    """The most tokens a match of ``pattern`` (no ``*`` or ``+``) can have before and after the token that
    holds a word of ``anchor``: over the required tokens whose words (``LOWER``/``LEMMA``) are ``anchor``
    (``_anchors``), the furthest from the start and from the end."""
    at = [
        k
        for k, tok in enumerate(pattern)
        if tok.get("OP") not in ("?", "*")
        and any(_accepts(tok.get(attr)) == anchor for attr in ("LOWER", "LEMMA"))
    ]
    if not at:  # not indexed under a word of its own (unanchored): the whole pattern either side
        return len(pattern), len(pattern)
    return max(at), max(len(pattern) - 1 - k for k in at)


#: "as many tokens as the sentence has" (a side of a pattern that has a "*" or "+" token; session 9)
_UNBOUNDED = 1 << 30


def _anchor_reach(pattern: list[dict[str, Any]], anchor: frozenset[str]) -> tuple[int, int]:
    """``_anchor_extent``, for a pattern that may have ``*`` or ``+`` tokens too: a side of the anchor token
    with such a token (or the anchor token itself being one) can hold any number of tokens (``_UNBOUNDED``).
    A pattern without them gets ``_anchor_extent``'s numbers."""
    unbounded = [tok.get("OP") in ("*", "+") for tok in pattern]
    if not any(unbounded):
        return _anchor_extent(pattern, anchor)
    at = [
        k
        for k, tok in enumerate(pattern)
        if tok.get("OP") not in ("?", "*")
        and any(_accepts(tok.get(attr)) == anchor for attr in ("LOWER", "LEMMA"))
    ]
    if not at:
        return _UNBOUNDED, _UNBOUNDED
    before = max(_UNBOUNDED if any(unbounded[: k + 1]) else k for k in at)
    after = max(_UNBOUNDED if any(unbounded[k:]) else len(pattern) - 1 - k for k in at)
    return before, after


def _anchors(pattern: list[dict[str, Any]]) -> list[frozenset[str]]:
    """For each required token of a pattern, the lower-case words or lemmas it accepts (when it names
    them)."""
    out = []
    for tok in pattern:
        if tok.get("OP") in ("?", "*"):
            continue
        for attr in ("LOWER", "LEMMA"):
            val = tok.get(attr)
            if isinstance(val, str):
                out.append(frozenset([val]))
            elif isinstance(val, dict) and isinstance(val.get("IN"), list):
                out.append(frozenset(str(x) for x in val["IN"]))
    return out


def _inflected_forms(lem: Lemmatizer) -> dict[str, set[str]]:
    """Base lemma -> the inflected forms of it that the rules name ("walk" -> {"walks", "walked"})."""
    forms: dict[str, set[str]] = {}
    for w in lem.vocab:
        b = lem.base(w)
        if b != w and b in lem.vocab:
            forms.setdefault(b, set()).add(w)
    return forms


def _add_inflected_lemmas(patterns: list[list[dict[str, Any]]], lem: Lemmatizer) -> None:
    """A word the rules name is its own lemma ("tired" in a class keeps "tired" from reading as "tire"),
    so a pattern naming the base form ("tire") also gets the rules' inflected forms of it ("tired")."""
    forms = _inflected_forms(lem)
    if not forms:
        return
    for pat in patterns:
        for tok in pat:
            val = tok.get("LEMMA")
            if isinstance(val, dict) and isinstance(val.get("IN"), list):
                extra = {f for w in val["IN"] for f in forms.get(w, ())} - set(val["IN"])
                if extra:
                    val["IN"] = [*val["IN"], *sorted(extra)]
            elif isinstance(val, str) and forms.get(val):
                # session 10: a single lemma too ({LEMMA: bowel} missed "bowels", which another rule names)
                tok["LEMMA"] = {"IN": [val, *sorted(forms[val])]}


# first words of a `state: absent` phrase that hold its negation ("no weakness", "denies saddle numbness")
#: words that open a mention holding its own history cue ("history of cancer"; session 9)
_HISTORY_LEAD = frozenset({"history", "hx", "h/o", "past", "previous", "prior", "known"})


def _negated_history(lowers: list[str], ent: Any) -> int | None:
    """Session 9: the index of the negation word in "no history of <mention>" or "no <history of ...>" (the
    mention starting with the history word), else None; ``lowers``: ``_doc_lowers``."""
    j = ent.start if lowers[ent.start] in _HISTORY_LEAD else ent.start - 1
    if j < ent.start:  # the mention follows "no history of" / "no h/o"
        if j >= 0 and lowers[j] == "of":
            j -= 1
        if j < 0 or lowers[j] not in _HISTORY_LEAD:
            return None
    j -= 1
    return j if j >= 0 and lowers[j] in _NEG_LEAD else None


def _doc_lowers(doc: Any) -> list[str]:
    """The words' lower case as the target matcher read them (``Token.lower_``), kept on the doc by it."""
    lowers = doc.user_data.get("legdx_lowers")
    return [t.lower_ for t in doc] if lowers is None else lowers
#: last words of a mention that states something normal ("pulses palpable", "sensation intact"; session 10)
_NORMAL_LAST = frozenset(
    {"normal", "normally", "palpable", "intact", "present", "symmetrical", "symmetric", "preserved", "equal",
     "unremarkable", "2+", "felt", "easily"}
)
#: a power grade below normal ("4/5", "4-/5", "3+/5")
_GRADE = re.compile(r"^[0-4][+-]?/5$")


def _keeps_sense(lowers: list[str], ent: Any) -> bool:
    """Session 10: a statement of normality ("pulses normal", "foot pulses palpable", "sensation intact") or a
    finding with its power grade ("proximal weakness 4/5") that holds no negation word keeps its sense after a
    comma in a list that a negation opened ("no focal neurology, proximal weakness 4/5 at both hips"); a
    negation with no comma between ("No DP or PT pulses palpable") still negates it. Asked only of a negated
    mention, so the words are looked at only there."""
    if any(w in _NEG_LEAD for w in lowers[ent.start : ent.end]):
        return False
    return lowers[ent.end - 1] in _NORMAL_LAST or any(
        _GRADE.match(w) for w in lowers[ent.start : min(ent.end + 2, len(lowers))]
    )
_NEG_LEAD = frozenset(
    {"no", "nil", "denies", "denied", "deny", "without", "not", "never", "negative", "nor", "none"}
)


class Lemmatizer:
    """The lemma of a lower-case word, for the lemmas the rules use: irregular forms from
    ``lexicon.yaml: lemmas``, then the regular English endings (-s, -es, -ies, -ed, -ied, -ing, with a
    doubled final consonant or a dropped -e restored) tried against the rules' lemma vocabulary. A word
    that reduces to no known lemma is its own lemma."""

    def __init__(self, vocab: set[str], irregular: dict[str, str]):
        self.vocab = vocab
        self.irregular = irregular
        self.cache: dict[str, str] = {}

    def __call__(self, low: str) -> str:
        got = self.cache.get(low)
        if got is None:
            got = self._lemma(low)
            self.cache[low] = got
        return got

    def _lemma(self, w: str) -> str:
        if w in self.irregular:
            return self.irregular[w]
        if w in self.vocab:
            return w
        return self.base(w)

    def base(self, w: str) -> str:
        """The known lemma a regular ending reduces ``w`` to, else ``w`` (even when ``w`` itself is a known
        lemma: "tired" -> "tire")."""
        # the longest known stem: "toes" is toe, not to; "uses" is use, not us (session 23: shared with the
        # loader's check of the words that would shadow another lemma, rules.regular_base)
        return regular_base(w, self.vocab)


_NEWLINE_REGISTERED = False
#: a unit the tokenizer keeps together with a sentence's full stop ("200 m. No ..."; session 10)
_UNIT_DOTS = frozenset(
    {"m.", "km.", "yds.", "yd.", "min.", "mins.", "hr.", "hrs.", "wk.", "wks.", "yr.", "yrs.", "mo.", "mg.",
     "kg.", "cm.", "mm."}
)
_UNIT_STOP = re.compile(r"\d\s*(?:m|km|yds?|mins?|hrs?|wks?|yrs?|mo|mg|kg|cm|mm)\.\s+[A-Z]")
_MATCHERS: dict[str, Any] = {}

#: where spaCy keeps a span's ``_.modifiers`` (``Underscore._get_key``: by character offsets)
_MODS = ("._.", "modifiers")


def _context_fast_ok(ctx: Any) -> bool:
    """Whether ``_run_context`` can stand in for this ConText's ``__call__``: medspaCy 1.3's private
    matcher, and ``Span._.modifiers`` a plain stored value (no getter, setter or method)."""
    from spacy.tokens import Doc, Span

    try:
        default, method, getter, setter = Span.get_extension("modifiers")
        probe = Doc(ctx.nlp.vocab, words=["a", "b"])[1:2]
        key = probe._._get_key("modifiers")
        want = (*_MODS, probe.start_char, probe.end_char)
    except Exception:
        return False
    return (
        hasattr(ctx, "_ConText__matcher")
        and default == ()
        and method is None
        and getter is None
        and setter is None
        and key == want
        and not ctx.context_attributes_mapping
    )


def _span_modifiers(doc: Any, span: Any) -> tuple[Any, ...]:
    """``span._.modifiers`` without building spaCy's ``Underscore`` object (``_context_fast_ok``)."""
    return doc.user_data.get((*_MODS, span.start_char, span.end_char), ())


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    """medspaCy's ``tuple_overlaps((a0, a1), (b0, b1))`` (not symmetric: a start or end of b inside a)."""
    return a0 <= b0 < a1 or a0 < b1 <= a1


def _sent_bounds(doc: Any) -> tuple[list[int], list[int]]:
    """The first and end token of each of the doc's sentences (``_sents``), computed once."""
    got = doc.user_data.get("legdx_sent_bounds")
    if got is None:
        sents = _sents(doc)
        got = doc.user_data["legdx_sent_bounds"] = ([s.start for s in sents], [s.end for s in sents])
    return got


def _modifier_scope(rule: Any, start: int, end: int, sent_start: int, sent_end: int) -> tuple[int, int]:
    """The scope medspaCy 1.3's ``ConTextModifier.__set_scope`` gives a cue ``[start, end)`` of ``rule`` in
    the sentence ``[sent_start, sent_end)`` (ConText without ``max_scope``), step for step."""
    direction = rule.direction.lower()
    limit = rule.max_scope
    if direction == "forward":
        a, b = end, sent_end
        if limit is not None and (b - a) > limit:
            b = end + limit
    elif direction == "backward":
        a, b = sent_start, start
        if limit is not None and (b - a) > limit:
            a = start - limit
    else:  # bidirectional
        a, b = sent_start, sent_end
        if limit is not None and (start - a) > limit:
            a = start - limit
        if limit is not None and (b - end) > limit:
            b = end + limit
    return a, b


class _CueGate:
    """The ConText cue matcher's token patterns in two parts (session 14): the rules with a required token
    that names no common word (no stop word, no punctuation: "hay", "catheter", "abnormality") each in a
    spaCy ``Matcher`` of its own that runs only on a text holding a word of each of the rule's required
    tokens; the other rules in one matcher that runs on every text, as all of them did. The one matcher of
    all 105 cue rules stepped every pattern through every token (1.7 ms of a 150-word narrative, a sixth of
    the reading); most rare rules cannot match a given narrative (1.73 -> 1.43 ms on the benchmark).

    The same cue matches as medspaCy's ``MedspacyMatcher.__call__`` (``matches``): spaCy finds each rule's
    matches on its own (its states are per pattern, its de-duplication per rule key and span), so the rules
    that run find the same matches as in one matcher, and a rule that does not run could not match (a
    required token tests ``LOWER`` or ``TEXT``/``ORTH`` against a word list; the gate compares the same
    hashes spaCy compares, from the same token attributes). Only their order differs; medspaCy's pruning
    sorts the matches by (start, end), stably, and keeps the first of equal spans, so the order matters only
    when two rules match the same span: then the whole matcher runs instead, as before."""

    def __init__(self, outer: Any, vocab: Any, stop_words: set[str]) -> None:
        from spacy.matcher import Matcher

        self.inner = outer._MedspacyMatcher__matcher
        self.phrase = outer._MedspacyMatcher__phrase_matcher
        self.regex = outer._MedspacyMatcher__regex_matcher
        import string

        from spacy.strings import get_string_id

        strings = vocab.strings
        common = {get_string_id(w) for w in stop_words}
        common |= {get_string_id(c) for c in string.punctuation}
        #: the rules that run on every text (the patterns, with their lexeme flags, were validated)
        self.always = Matcher(vocab, validate=False)
        #: per gated rule, in the inner matcher's order: its own matcher and its required tokens' word
        #: hashes (``LOWER`` ones, then ``ORTH`` ones)
        self.rules: list[tuple[Any, tuple[frozenset[int], ...], tuple[frozenset[int], ...]]] = []
        #: per gated rule (as ``rules``): where its matches can lie, around the places of one of its anchor
        #: tokens (``_cue_anchors``; empty: anywhere)
        self.reach: list[list[_CueAnchor]] = []
        #: per regex of an anchor token: whether the word of a string hash passes it (words seen so far)
        self._regex_hits: dict[str, dict[int, bool]] = {}
        #: session 23: per regex as ``_regex_hits``, the string hashes of the words that pass it
        self._regex_pos: dict[str, set[int]] = {}
        #: session 22: each matcher's patterns as one ``tokmatch`` automaton (``_auto``; built on first use,
        #: False when a pattern has a test it does not handle: spaCy's matcher runs), by the matcher's id
        self._vocab = vocab
        self._autos: dict[int, GroupAutomaton | Literal[False]] = {}
        self._spec_cache: dict[str, Any] = {}
        self._word_cache: dict[int, Word] = {}
        self._tie_matchers: dict[frozenset[int], Any] = {}
        for key in list(self.inner._patterns):
            on_match, patterns = self.inner.get(key)
            rule = outer.rule_map[strings[key]]
            lower, orth = _required_words(rule.pattern)
            rare = not all(ws & common for ws in (*lower, *orth))
            anchors = _cue_anchors(rule.pattern)
            # session 16: a rule of common words whose first tokens spaCy tests through a Python predicate
            # at every word of the text (a word list that got no flag, a regex) runs only around its anchors
            if not rare and not (anchors and any(map(_starts_with_predicate, patterns))):
                self.always.add(key, patterns, on_match=on_match)
                continue
            m = Matcher(vocab, validate=False)
            m.add(key, patterns, on_match=on_match)
            self.rules.append((m, lower, orth))
            self.reach.append(anchors)
            for anchor in anchors:
                if anchor[2] is not None:
                    self._regex_hits.setdefault(anchor[2], {})
                    self._regex_pos.setdefault(anchor[2], set())
        # session 23: the gated rules a text can run, found from its words at once: each rule with a required
        # token is filed under the words of one of them (a rare one, the shortest list; a text without any
        # of them cannot run the rule), the rules without one run on every text (checked as before)
        self._by_word: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
        self._unfiled: list[int] = []
        for k, (_m, lower, orth) in enumerate(self.rules):
            lists = [(0, ws) for ws in lower] + [(1, ws) for ws in orth]
            if not lists:
                self._unfiled.append(k)
                continue
            column, ws = min(lists, key=lambda c_ws: (bool(c_ws[1] & common), len(c_ws[1])))
            for h in ws:
                self._by_word[column].setdefault(h, []).append(k)
        self._filed_words = (frozenset(self._by_word[0]), frozenset(self._by_word[1]))

    @staticmethod
    def usable(outer: Any) -> bool:
        """Whether the gate can stand in for this matcher: medspaCy 1.3's private parts, pruning on, and
        no callbacks or greedy filters (they would see matches per rule instead of all together)."""
        inner = getattr(outer, "_MedspacyMatcher__matcher", None)
        if inner is None or not getattr(outer, "_prune", False) or not hasattr(outer, "rule_map"):
            return False
        if any(v is not None for v in inner._filter.values()):
            return False
        return all(inner.get(key)[0] is None for key in inner._patterns)

    def matches(self, doc: Any) -> list[tuple[int, int, int]]:
        """``MedspacyMatcher.__call__(doc)``: the token, phrase and regex matches, pruned."""
        from medspacy.common.util import prune_overlapping_matches
        from spacy.attrs import LOWER, ORTH

        arr = doc.to_array([LOWER, ORTH])
        columns = (arr[:, 0].tolist(), arr[:, 1].tolist())
        lowers = set(columns[0])
        orths = set(columns[1])
        n = len(doc)
        # session 22: the token patterns run as ``tokmatch`` automata (the same matches as spaCy's matcher,
        # found in another order, maybe twice: each kept once, in the order first found)
        word = self._word
        doc_orths = columns[1]
        starts: list[list[bool]] = []

        def sent_starts() -> list[bool]:
            if not starts:
                from spacy.attrs import SENT_START

                starts.append([v == 1 for v in doc.to_array(SENT_START).tolist()])
            return starts[0]

        auto = self._auto(self.always)
        got: list[Any] = []
        if auto:
            auto.match(doc_orths, 0, n, word, sent_starts, got)
        else:
            got = self.always(doc)
        strings = doc.vocab.strings
        at: tuple[dict[int, list[int]], dict[int, list[int]]] | None = None
        runs = set(self._unfiled)
        for column, have in enumerate((lowers, orths)):
            by_word = self._by_word[column]
            for h in self._filed_words[column].intersection(have):
                runs.update(by_word[h])
        rules, reach = self.rules, self.reach
        for k in sorted(runs):
            (m, need_lower, need_orth), anchors = rules[k], reach[k]
            if any(map(lowers.isdisjoint, need_lower)) or any(map(orths.isdisjoint, need_orth)):
                continue
            auto = self._auto(m)
            if not anchors:
                if auto:
                    auto.match(doc_orths, 0, n, word, sent_starts, got)
                else:
                    got += m(doc)
                continue
            # session 15: only on the words where its matches can lie (``_cue_anchors``), the same matches;
            # session 16: around each place of the anchor found fewest times in this text
            if at is None:  # each word's places in the text, by its LOWER and ORTH hash
                at = ({}, {})
                for col, places in zip(columns, at, strict=True):
                    for i, h in enumerate(col):
                        places.setdefault(h, []).append(i)
            best: tuple[list[int], int, int] | None = None
            for column, words, regex, before, after in anchors:
                if regex is None:
                    places = at[column]
                    # session 26 (sp3): the fewer of the anchor's words and the text's words walked (the
                    # same places; their order does not count, ``where`` is sorted below)
                    if len(words) <= len(places):
                        where = [i for w in words for i in places.get(w, ())]
                    else:
                        where = [i for w in words.intersection(places) for i in places[w]]
                else:
                    # session 23: the words not seen before tested, the places of those that pass taken by
                    # a set intersection (the order of ``where`` does not count: it is sorted below)
                    hits, pos = self._regex_hits[regex], self._regex_pos[regex]
                    if len(hits) > 1 << 16:
                        hits.clear()
                        pos.clear()
                    places = at[column]
                    for h in [h for h in places if h not in hits]:
                        hit = hits[h] = re.search(regex, strings[h]) is not None
                        if hit:
                            pos.add(h)
                    where = [i for h in pos.intersection(places) for i in places[h]]
                if best is None or len(where) < len(best[0]):
                    best = (where, before, after)
            assert best is not None
            where, before, after = best
            if not where:  # an anchor found nowhere: no match
                continue
            where.sort()
            windows: list[list[int]] = []
            for i in where:
                a, b = max(0, i - before), min(n, i + after + 1)
                if windows and a <= windows[-1][1] + _CUE_WINDOW_GAP:
                    windows[-1][1] = max(windows[-1][1], b)
                else:
                    windows.append([a, b])
            if windows[0] == [0, n]:
                if auto:
                    auto.match(doc_orths, 0, n, word, sent_starts, got)
                else:
                    got += m(doc)
                continue
            for a, b in windows:
                if auto:
                    auto.match(doc_orths, a, b, word, sent_starts, got)
                else:
                    got += [(key, s + a, e + a) for key, s, e in m(doc[a:b])]
        found: list[tuple[int, int, int]] = list(dict.fromkeys(got))
        span_key: dict[tuple[int, int], int] = {}
        tied: set[tuple[int, int]] = set()
        for key, start, end in found:
            if span_key.setdefault((start, end), key) != key:  # two rules on one span: their order counts
                tied.add((start, end))
        if tied:
            found = self._order_ties(doc, found, tied)
        found += self.phrase(doc)
        found += self.regex(doc)
        return prune_overlapping_matches(found)

    def _auto(self, matcher: Any) -> GroupAutomaton | Literal[False]:
        """The patterns of a spaCy ``Matcher`` of the gate as one ``tokmatch`` automaton (session 22), built
        on first use; False when one of them has a test or operator the automaton does not take."""
        got = self._autos.get(id(matcher))
        if got is None:
            got = False
            try:
                members: list[tuple[Any, list[dict[str, Any]]]] = []
                for key in matcher._patterns:
                    on_match, patterns = matcher.get(key)
                    if on_match is not None:
                        raise ValueError("a callback")
                    members += [(key, pattern) for pattern in patterns]
                for _key, pattern in members:
                    for tok in pattern:
                        spec, sig = token_spec(tok)  # the key ``GroupAutomaton`` looks its tests up by
                        if sig not in self._spec_cache:
                            self._spec_cache[sig] = _cue_spec(spec, self._vocab)
                got = GroupAutomaton(members, self._spec_cache)
            except ValueError:
                got = False
            self._autos[id(matcher)] = got
        return got

    def _word(self, orth: int) -> Word:
        """The ``Word`` (``tokmatch``) of the word with id ``orth`` (no lemma: no cue pattern tests one;
        ``_cue_spec``), cached."""
        got = self._word_cache.get(orth)
        if got is None:
            lex = self._vocab[orth]
            got = (
                lex.orth, lex.lower, 0, lex.orth_, lex.lower_, "",
                lex.is_stop, lex.like_num, lex.is_punct, lex.is_space, lex.is_alpha,
            )
            if len(self._word_cache) > 50000:
                self._word_cache.clear()
            self._word_cache[orth] = got
        return got

    def _order_ties(
        self, doc: Any, found: list[tuple[int, int, int]], tied: set[tuple[int, int]]
    ) -> list[tuple[int, int, int]]:
        """``found`` (the same matches as the whole matcher's) with the matches of each span in ``tied`` in
        the order the whole matcher gives them, sorted by (start, end): the pruning sorts them so, stably, and
        the first of a span wins (session 15; session 14 ran the whole matcher on the whole text instead,
        1.7 ms, on a quarter of the benchmark's texts).

        The whole matcher's order of the matches that share a span (s, e) is found by running it on the words
        s to e (and one more, when there is one). In spaCy's ``find_matches`` the states of the matches that
        start at s are started at word s in the matcher's pattern order and keep their order among themselves
        from word to word (the states that survive keep their order, new ones are appended in order), whatever
        the states of other starts do; a match (s, e) is emitted while word e - 1 or word e is read (or at the
        end of the text when e is its end), and what a state does at a word depends only on that word. So the
        words s to e + 1 give the matches of (s, e) in the same order, and spaCy's de-duplication keeps the
        first of each, as it does on the whole text."""
        n = len(doc)
        rank: dict[tuple[int, int, int], int] = {}
        for s, e in tied:
            # session 23: only the rules that matched (s, e), as a matcher of their own in the whole matcher's
            # order: spaCy moves each state by its own pattern and the word alone, keeping survivors in order
            # and appending new ones, so the states (and the matches) of these rules come in the same order
            # without the others' (the whole matcher tested every rule's first tokens at every word)
            sub = self._tie_matcher(frozenset(key for key, a, b in found if a == s and b == e))
            here = [m for m in sub(doc[s : min(e + 1, n)]) if m[1] == 0 and m[2] == e - s]
            for k, (key, _a, _b) in enumerate(here):
                rank[(key, s, e)] = k
        if any((m[1], m[2]) in tied and m not in rank for m in found):  # not expected: as session 14 did
            return list(self.inner(doc))
        return sorted(found, key=lambda m: (m[1], m[2], rank.get(m, 0)))

    def _tie_matcher(self, keys: frozenset[int]) -> Any:
        """A spaCy ``Matcher`` of the inner matcher's rules named by ``keys``, in its order (session 23;
        built on first use, kept per set of rules: they come from the rules only)."""
        got = self._tie_matchers.get(keys)
        if got is None:
            from spacy.matcher import Matcher

            got = Matcher(self._vocab, validate=False)
            for key in self.inner._patterns:
                if key in keys:
                    on_match, patterns = self.inner.get(key)
                    got.add(key, patterns, on_match=on_match)
            if len(self._tie_matchers) > 256:
                self._tie_matchers.clear()
            self._tie_matchers[keys] = got
        return got


_CUE_ATTRS = frozenset(
    {"ORTH", "TEXT", "LOWER", "IS_STOP", "LIKE_NUM", "IS_PUNCT", "IS_SPACE", "IS_ALPHA", "IS_SENT_START"}
)


def _cue_spec(spec: dict[Any, Any], vocab: Any) -> tuple[Callable[[Word], bool], bool | None]:
    """A cue pattern token's tests as ``tokmatch.compile_spec`` makes them (session 22), with the two kinds
    of test the cue patterns have besides: a lexeme flag by its number (``_flag_word_sets``, session 7), as
    spaCy tests it (``Lexeme.check_flag``, compared as 0/1), and ``SHAPE`` against a word (the lexeme's
    shape id). Raises ``ValueError`` for any other attribute (``LEMMA``: the gate's words have none)."""
    from spacy.strings import get_string_id

    from legdx.text.tokmatch import compile_spec

    plain = {}
    extra: list[Callable[[Word], bool]] = []
    for key, val in spec.items():
        if isinstance(key, int) and not isinstance(key, bool) and 0 < key < 64 and isinstance(val, bool):
            extra.append(functools.partial(_flag_test, vocab, key, val))
        elif key == "SHAPE" and isinstance(val, str):
            extra.append(functools.partial(_shape_test, vocab, get_string_id(val)))
        elif isinstance(key, str) and key.upper() in _CUE_ATTRS:
            plain[key] = val
        else:
            raise ValueError(f"cue pattern attribute {key!r}")
    test, sent_start = compile_spec(plain)
    if not extra:
        return test, sent_start
    tests = [test, *extra] if plain else extra
    return functools.partial(_all_tests, tests), sent_start


def _flag_test(vocab: Any, flag: int, value: bool, w: Word) -> bool:
    return vocab[w[0]].check_flag(flag) == value


def _shape_test(vocab: Any, shape: int, w: Word) -> bool:
    return bool(vocab[w[0]].shape == shape)


def _all_tests(tests: list[Callable[[Word], bool]], w: Word) -> bool:
    return all(t(w) for t in tests)


#: an anchor token of a cue pattern (one there exactly once): whether it tests ``LOWER`` (0) or
#: ``TEXT``/``ORTH`` (1), the string hashes of its words (none for a regex), its regex (None: its words), and
#: the most tokens a match can have before and after it (``_UNBOUNDED``: any number)
_CueAnchor = tuple[int, frozenset[int], str | None, int, int]

#: windows around a cue rule's anchors closer than this are run as one (a matcher call costs as much as
#: about ten tokens)
_CUE_WINDOW_GAP = 8


def _cue_anchors(pattern: Any) -> list[_CueAnchor]:
    """Where a gated cue rule's matches lie (session 15, each token session 16): every match holds a word
    of each anchor token of its pattern (one with no ``OP``, there exactly once, that tests ``LOWER`` or
    ``TEXT``/``ORTH`` against a word, an ``IN`` list or a ``REGEX``), so a match lies within as many
    tokens before that word as the pattern has before the token, and as many after it as it has after it.
    None for a token with a ``*``/``+`` token on both sides, or a pattern with other operators (``{n}``).

    spaCy's ``Matcher`` on some words of the text (a ``Span``) finds the matches of the whole text that lie
    in them, each the same (token tests are per token; the regex one, ``re.search`` on the word, too), and
    no other."""
    if not isinstance(pattern, list) or not all(isinstance(t, dict) for t in pattern):
        return []
    ops = [t.get("OP") for t in pattern]
    if any(o not in (None, "?", "*", "+", "!") for o in ops):
        return []
    out: list[_CueAnchor] = []
    for k, tok in enumerate(pattern):
        if ops[k] is not None:
            continue
        before = _UNBOUNDED if any(o in ("*", "+") for o in ops[:k]) else k
        after = _UNBOUNDED if any(o in ("*", "+") for o in ops[k + 1 :]) else len(pattern) - 1 - k
        if before >= _UNBOUNDED and after >= _UNBOUNDED:
            continue
        for attr, column in (("LOWER", 0), ("TEXT", 1), ("ORTH", 1)):
            val = tok.get(attr)
            if isinstance(val, dict) and set(val) == {"REGEX"} and isinstance(val["REGEX"], str):
                out.append((column, frozenset(), val["REGEX"], before, after))
        # the word and word-list tests, read as the gate's required words read them
        out += [(column, hashes, None, before, after) for column, hashes in _token_words(tok)]
    return out


def _starts_with_predicate(pattern: Any) -> bool:
    """Whether spaCy tests a token that can start a match of this (matcher) pattern through a Python
    predicate: a dict test (a word list with no flag, a regex) on a token up to its first required one."""
    for tok in pattern:
        if any(isinstance(v, dict) for a, v in tok.items() if a != "OP"):
            return True
        if tok.get("OP") not in ("?", "*"):
            return False
    return False


def _token_words(tok: Any) -> Iterator[tuple[int, frozenset[int]]]:
    """The words a required token of a spaCy token pattern accepts, as string hashes, per column: ``LOWER``
    (0) or ``TEXT``/``ORTH`` (1). A required token is there once or more (no ``OP`` or ``+``) and tests the
    attribute against a word or an ``IN`` list; other tokens and tests give none. Shared by the cue gate's
    word lists (``_required_words``) and its anchors (``_cue_anchors``)."""
    from spacy.strings import get_string_id

    if not isinstance(tok, dict) or tok.get("OP", "+") != "+":
        return
    for attr, column in (("LOWER", 0), ("TEXT", 1), ("ORTH", 1)):
        val = tok.get(attr)
        words = [val] if isinstance(val, str) else val.get("IN") if isinstance(val, dict) else None
        if isinstance(val, dict) and set(val) != {"IN"}:
            words = None
        if isinstance(words, list) and words and all(isinstance(w, str) for w in words):
            yield column, frozenset(get_string_id(w) for w in words)


def _required_words(pattern: Any) -> tuple[tuple[frozenset[int], ...], tuple[frozenset[int], ...]]:
    """The word lists a match of a spaCy token pattern must hold a word of, as string hashes: one per token
    that must be there once or more (no ``OP`` or ``+``) and tests ``LOWER``, or ``TEXT``/``ORTH``, against a
    word or an ``IN`` list (``LOWER`` lists, then ``ORTH`` lists). Other tests give none (no gate)."""
    lists: tuple[list[frozenset[int]], list[frozenset[int]]] = ([], [])
    if not isinstance(pattern, list):
        return (), ()
    for tok in pattern:
        for column, hashes in _token_words(tok):
            lists[column].append(hashes)
    return tuple(lists[0]), tuple(lists[1])


def _run_context(ctx: Any, gate: _CueGate | None, doc: Any) -> Any:
    """medspaCy 1.3's ``ConText.__call__(doc, targets="legdx_targets")``, step for step, with its inner
    loops made cheaper (session 7): the cue matches become modifiers in the same order; in
    ``update_scopes`` a pair whose scopes do not overlap is skipped (``limit_scope`` returns at once for
    it); ``apply_modifiers`` makes the same tests as ``ConTextModifier.modifies`` in the same order, with each
    modifier's rule read once; targets get their modifiers in the same order, stored where ``Span._`` keeps
    them. The graph is the same object medspaCy builds (``doc._.context_graph``). ``gate``: the cue matcher
    split by how common its rules' words are (``_CueGate``, session 14; None: medspaCy's matcher)."""
    from medspacy.context import ConTextModifier
    from medspacy.context.context_graph import ConTextGraph

    targets = doc._.legdx_targets
    graph = ConTextGraph(prune_on_modifier_overlap=ctx.prune_on_target_overlap)
    graph.targets = targets
    matcher = ctx._ConText__matcher
    rule_map = matcher.rule_map
    strings = doc.vocab.strings
    max_scope = ctx.max_scope
    cues = gate.matches(doc) if gate is not None else matcher(doc)
    if not max_scope and cues and doc.has_annotation("SENT_START"):
        # session 9: each modifier's scope worked out here as ``ConTextModifier.__set_scope`` does (from the
        # sentence of its first token), with the sentences the reader found once (``Token.sent`` walks the
        # tokens to both ends of its sentence for every modifier); given its scope, the constructor sets
        # nothing else
        starts, ends = _sent_bounds(doc)
        mods = []
        for match_id, start, end in cues:
            rule = rule_map[strings[match_id]]
            k = bisect.bisect_right(starts, start) - 1
            a, b = _modifier_scope(rule, start, end, starts[k], ends[k])
            mods.append(
                ConTextModifier(rule, start, end, doc, scope_start=a, scope_end=b, max_scope=max_scope)
            )
    else:
        mods = [
            ConTextModifier(rule_map[strings[match_id]], start, end, doc, max_scope=max_scope)
            for match_id, start, end in cues
        ]
    graph.modifiers = mods
    # update_scopes (``_overlaps`` written out: the scopes change as it goes)
    n = len(mods)
    for i in range(n - 1):
        m1 = mods[i]
        for j in range(i + 1, n):
            m2 = mods[j]
            a0, a1, b0, b1 = m1._scope_start, m1._scope_end, m2._scope_start, m2._scope_end
            if a0 <= b0 < a1 or a0 < b1 <= a1:
                m1.limit_scope(m2)
                a0, a1 = m1._scope_start, m1._scope_end
            if b0 <= a0 < b1 or b0 < a1 <= b1:
                m2.limit_scope(m1)
    # apply_modifiers (session 13: a target of a ``keep_cues`` rule drops no cue)
    span_rules = doc.user_data.get("legdx_span_rules", [])
    spans = [(t.start, t.end) for t in targets]
    if graph.prune_on_modifier_overlap:
        pruning = [
            sp
            for i, sp in enumerate(spans)
            if not (i < len(span_rules) and (span_rules[i].metadata or {}).get("keep_cues"))
        ]
        for i in range(len(mods) - 1, -1, -1):
            ms, me = mods[i]._start, mods[i]._end
            for ts, te in pruning:
                if ts <= ms < te or ts < me <= te:
                    mods.pop(i)
                    break
    info = []
    for m in mods:
        rule = m.rule
        info.append(
            (
                m,
                m._start,
                m._end,
                rule.direction in ("TERMINATE", "PSEUDO"),
                rule.allowed_types,
                rule.excluded_types,
                m._scope_start,
                m._scope_end,
                rule.on_modifies is None,
            )
        )
    # session 23: a modifier reaches a target only when its scope holds the target's first or last token
    # (``ss <= ts < se or ss < te <= se``, the last test of the pair below): each target is tried with the
    # modifiers whose scope holds one of them, in the modifiers' order (the same calls in the same order;
    # every target was tried with every modifier); when the scopes are longer all told than there are pairs
    # (a long text with no sentence end), as before
    cover: dict[int, list[int]] = {}
    reach = [(k, x[6], x[7]) for k, x in enumerate(info) if not x[3]]
    if sum(se - ss for _k, ss, se in reach) > len(targets) * len(info):
        cover = dict.fromkeys(range(len(doc) + 1), list(range(len(info))))
        reach = []
    for k, ss, se in reach:
        for t in range(ss, se):
            got = cover.get(t)
            if got is None:
                cover[t] = [k]
            else:
                got.append(k)
    for target, (ts, te) in zip(targets, spans, strict=True):
        first, last = cover.get(ts), cover.get(te - 1)
        if first is None:
            if last is None:
                continue
            near = last
        elif last is None or last is first:
            near = first
        else:
            near = sorted({*first, *last})
        label: str | None = None
        for k in near:
            m, ms, me, inert, allowed, excluded, ss, se, plain = info[k]
            if inert or ms <= ts < me or ms < te <= me:
                continue
            if label is None:
                label = target.label_.upper()
            if allowed is not None:
                if label not in allowed:
                    continue
            elif excluded is not None and label in excluded:
                continue
            if (ss <= ts < se or ss < te <= se) and (plain or m.on_modifies(target)):
                m.modify(target)
    edges = []
    for m in mods:
        m.reduce_targets()
        for target in m._targets:
            edges.append((target, m))
    graph.edges = edges
    ud = doc.user_data
    for target, m in edges:
        key = (*_MODS, target.start_char, target.end_char)
        ud[key] = ud.get(key, ()) + (m,)
    doc._.context_graph = graph
    return doc


def _run_plain_context(ctx: Any, doc: Any) -> Any:
    """medspaCy's own ``ConText.__call__(doc, targets="legdx_targets")`` (another medspaCy than 1.3, or a
    reader built without ``_run_context``), with the reader's one change to it: a target of a ``keep_cues``
    rule drops no cue (session 13). With such a target, ConText runs without its pruning, and the cues it
    would have pruned for the other targets go afterwards: medspaCy prunes after ``update_scopes`` (a pruned
    cue still limited the others' scopes) and a cue's edges depend on no other cue, so the result is the same
    graph and modifiers as ``_run_context`` (session 20: the plain path had let a ``keep_cues`` target such
    as "since then" prune the cue "ago; since then" over it)."""
    span_rules = doc.user_data.get("legdx_span_rules", [])
    keep = [i < len(span_rules) and bool((span_rules[i].metadata or {}).get("keep_cues"))
            for i in range(len(doc._.legdx_targets or ()))]
    if not ctx.prune_on_target_overlap or not any(keep):
        return ctx(doc, targets="legdx_targets")
    ctx.prune_on_target_overlap = False
    try:
        doc = ctx(doc, targets="legdx_targets")
    finally:
        ctx.prune_on_target_overlap = True
    graph = doc._.context_graph
    # medspaCy builds the graph with prune_on_modifier_overlap=ctx.prune_on_target_overlap (context.py); the
    # graph keeps the value an ordinary run would have given it
    graph.prune_on_modifier_overlap = True
    pruning = [(t.start, t.end) for t, k in zip(graph.targets, keep, strict=True) if not k]
    gone = {
        id(m)
        for m in graph.modifiers
        if any(ts <= m._start < te or ts < m._end <= te for ts, te in pruning)
    }
    if gone:
        graph.modifiers = [m for m in graph.modifiers if id(m) not in gone]
        graph.edges = [(t, m) for t, m in graph.edges if id(m) not in gone]
        for t in graph.targets:
            mods = t._.modifiers
            if any(id(m) in gone for m in mods):
                t._.modifiers = tuple(m for m in mods if id(m) not in gone)
    return doc


def _register_newline_component() -> None:
    global _NEWLINE_REGISTERED
    if _NEWLINE_REGISTERED:
        return
    from spacy.language import Language

    @Language.factory("legdx_target_matcher", default_config={"key": ""})
    def target_matcher(nlp: Any, name: str, key: str) -> Any:
        """The reader's own target matcher (built by Reader._build_nlp, handed over by key)."""
        return _MATCHERS[key]

    @Language.factory("legdx_context", default_config={"key": ""})
    def context(nlp: Any, name: str, key: str) -> Any:
        """medspaCy's ConText (built by Reader._build_nlp, handed over by key), run on the target list the
        target matcher leaves in ``doc._.legdx_targets``: the same spans as the span group, but a plain list.
        ConText walks its targets once per cue and per target; iterating a span group re-creates every
        Span each time (about a tenth of the reading time, round 5)."""
        ctx = _MATCHERS[key]
        if not _context_fast_ok(ctx):  # another medspaCy: its own ConText.__call__
            return functools.partial(_run_plain_context, ctx)
        gate = _MATCHERS.get(f"{key}:gate")
        return functools.partial(_run_context, ctx, gate)

    from spacy.tokens import Doc

    if not Doc.has_extension("legdx_targets"):
        Doc.set_extension("legdx_targets", default=None)

    @Language.component("legdx_newline_sentences")
    def newline_sentences(doc: Any) -> Any:
        """A line break starts a new sentence (clinical notes use lines, not full stops); so does a capital
        after a number's unit with its full stop ("walks 200 m. No numbness": the tokenizer keeps "m." as one
        token, so the sentencizer saw no full stop; session 10)."""
        text = doc.user_data.get("legdx_text")
        if text is None or _UNIT_STOP.search(text) is not None:
            for i in range(1, len(doc) - 1):
                tok = doc[i]
                if tok.lower_ in _UNIT_DOTS and doc[i - 1].like_num and doc[i + 1].is_title:
                    doc[i + 1].is_sent_start = True
        if "\n" not in doc.user_data.get("legdx_text", "\n"):
            # no line break anywhere in the text (the reader puts it here before the pipeline runs), so
            # none in any token's text or trailing whitespace, which are pieces of it (session 9)
            return doc
        for i, tok in enumerate(doc[:-1]):
            if "\n" in tok.text or (tok.is_space and "\n" in tok.whitespace_) or "\n" in tok.whitespace_:
                doc[i + 1].is_sent_start = True
        return doc

    _NEWLINE_REGISTERED = True


_READERS: dict[tuple[bool, bool], Reader] = {}
_READER_LOCK = threading.Lock()


def get_reader(semantic: bool = False, fast_semantic: bool = True) -> Reader:
    """The process-wide reader (one per setting), built on first use. ``semantic``: also the semantic
    model's proposals (the [embeddings] extra; ``legdx.text.semantic``); ``fast_semantic``: also the fast
    semantic layer's (``legdx.text.fastsem``, numpy only)."""
    key = (bool(semantic), bool(fast_semantic))
    with _READER_LOCK:
        if key not in _READERS:
            _READERS[key] = Reader(semantic=key[0], fast_semantic=key[1])
        return _READERS[key]


def reset_reader() -> None:
    """Forget the process-wide readers (after the knowledge base or the rules change)."""
    with _READER_LOCK:
        _READERS.clear()


def read_text(text: str, *, semantic: bool = False, fast_semantic: bool = True) -> TextResult:
    """Read a clinical narrative or a patient's message: findings with states and spans, age, sex,
    measurements, phrases not understood, and warnings. Never raises on bad text: it warns.
    ``semantic``: add the semantic model's proposals for findings the rules miss (marked as such);
    ``fast_semantic``: the same from the fast semantic layer (on by default; False: the rules alone)."""
    return get_reader(semantic, fast_semantic).read(text)
