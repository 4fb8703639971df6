"""The reader's rules as data: ``legdx/text/data/*.yaml``, validated on load.

Each file has a class that lists its allowed keys; an unknown key is an error that names it and the
file (the way medspaCy's ``ConTextRule.from_json`` refuses keys it does not know). Nothing medical is
decided in code: which words negate, which phrases map to which finding, which number is which
measurement and how units convert all live in these files.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

#: ConText categories that carry a meaning for the finding's state (the rest mark laterality).
STATE_CATEGORIES = ("NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY")
LATERALITY_CATEGORIES = ("LEFT", "RIGHT", "BILATERAL", "UNILATERAL")
#: ConText categories that mark a course, not a state (round 6: GRADUAL, a slow onset over weeks to months)
#: and CURRENT (session 7): ", now" / "and now", which ends a HISTORICAL scope that lists it in terminated_by;
#: CLAUSE (session 17): a comma and a new subject, which ends a POSSIBLE scope that lists it
#: ("suspected GBS, legs weak"); SUBJECT (session 19, fxn): a comma, a possessive and a verb, which ends
#: the scope of the plain negations that list it ("I couldn't wee at all, my lower back aches");
#: MAINCLAUSE (session 19, fxr): a comma or 'then' after an opening 'If ...' clause, which ends the scope of
#: the sentence-initial 'If' that lists it
COURSE_CATEGORIES = ("GRADUAL", "CURRENT", "CLAUSE", "SUBJECT", "MAINCLAUSE")
Category = Literal[
    "NEGATED_EXISTENCE",
    "POSSIBLE_EXISTENCE",
    "HISTORICAL",
    "HYPOTHETICAL",
    "FAMILY",
    "LEFT",
    "RIGHT",
    "BILATERAL",
    "UNILATERAL",
    "GRADUAL",
    "CURRENT",
    "CLAUSE",
    "SUBJECT",
    "MAINCLAUSE",
]
Direction = Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
TokenPattern = list[dict[str, Any]]


class RuleFileError(ValueError):
    """A rule file failed validation; ``problems`` lists every fault, each naming file and key."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("text rules have problems:\n  " + "\n  ".join(problems))


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------------------
# context_rules.yaml


class ContextRuleSpec(Spec):
    """One ConText modifier (the keys of medspaCy's ``ConTextRule``, plus a note)."""

    literal: str
    category: Category
    direction: Direction = "BIDIRECTIONAL"
    pattern: TokenPattern | str | None = None
    max_scope: int | None = Field(default=None, ge=1, le=50)
    max_targets: int | None = Field(default=None, ge=1)
    allowed_types: list[str] | None = None
    excluded_types: list[str] | None = None
    terminated_by: list[Category] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _no_lemma(self) -> ContextRuleSpec:
        # session 12: ConText matches some texts (form items, answers) on docs without a lemmatizer, where a
        # LEMMA pattern raises spaCy's E155 at reading time; refuse it when the rules load instead
        if isinstance(self.pattern, list) and any("LEMMA" in tok for tok in self.pattern):
            raise ValueError(
                f"{self.literal!r}: a ConText pattern cannot use LEMMA (use LOWER with the word forms)"
            )
        return self


class ContextFile(Spec):
    version: int
    rules: list[ContextRuleSpec]


# --------------------------------------------------------------------------------------------------
# target_rules.yaml

StateName = Literal["present", "absent"]
TextStateName = Literal["present", "absent", "historical", "family", "hypothetical", "possible"]
_ALL_STATES: tuple[TextStateName, ...] = (
    "present",
    "absent",
    "historical",
    "family",
    "hypothetical",
    "possible",
)


class TargetRuleSpec(Spec):
    """Phrases and token patterns that name one finding.

    ``state``: what an affirmed mention means ("absent pedal pulses" names the abnormality as present;
    "pulses palpable" names the normal finding). ``historical``: what a historical mention means
    (``present`` for findings that are themselves history, such as a previous DVT). ``bilateral``: the
    finding to use instead when the mention is bilateral. ``also``: findings the same words imply.
    """

    finding: str
    literals: list[str] = Field(default_factory=list)
    patterns: list[TokenPattern] = Field(default_factory=list)
    state: StateName = "present"
    historical: Literal["present", "historical"] | None = None
    bilateral: str | None = None
    also: list[str] = Field(default_factory=list)
    keep_cues: bool = Field(
        default=False,
        description="a match of this rule does not drop the ConText cues it overlaps (session 13: a dated "
        "operation, 'disc operation in 2012', inside the cue 'since her L5 disc operation in 2012' that "
        "makes the foot drop before it an old one)",
    )
    rules_out: list[str] = Field(
        default_factory=list,
        description="findings that an absent reading of this rule rules out on its own words without "
        "stating them (session 19: 'no bladder or bowel change' states no new bladder symptom, yet the "
        "red-flag screen's 'bladder or bowel change' inside it must not read a retention or a faecal "
        "incontinence as present)",
    )
    keep_inner: bool = Field(
        default=False,
        description="a match of this rule does not hide shorter matches of other findings inside it "
        "(for broad patterns such as 'bilateral thigh and calf ache' that name several findings). A helper "
        "concept (an id starting with '_') keeps them without it, unless its rule says ``hides``",
    )
    hides: str | None = Field(
        default=None,
        description="for a helper concept (an id starting with '_'): why its match hides the shorter "
        "readings inside it (session 21: a helper keeps what it spans by default; one that stands for a "
        "look-alike phrase, such as 'paralysed with cramp' or 'fluid retention', is there to hide them)",
    )
    refuse_after: list[str] = Field(
        default_factory=list,
        description="word classes (classes:) that void a match when one follows it within refuse_window "
        "words of the same clause ('my legs ache when I walk, it eases' is no provocation by walking)",
    )
    refuse_window: int = Field(default=5, ge=1, le=15)
    refuse_unless_before: bool = Field(
        default=False,
        description="a word of the refuse_unless classes between the match and the refusing word keeps the "
        "match too (session 16: 'cramps in both calves on walking and at night' is an exertional calf pain)",
    )
    refuse_unless: list[str] = Field(
        default_factory=list,
        description="word classes that keep the match after all when one follows the refusing word within "
        "the window ('pain when I walk that settles when I stop': relief by stopping, not by walking)",
    )
    require_in_sentence: list[str] = Field(
        default_factory=list,
        description="word classes (classes:) one of whose words must stand in the match's sentence, in the "
        "match or around it, or the match is void (session 21: 'when he walks more than 2 miles' is a "
        "walking-brought symptom only with a symptom, a leg or a word that stands for one in its sentence)",
    )
    require_when: list[str] = Field(
        default_factory=list,
        description="word classes that make ``require_in_sentence`` apply: without a word of these in the "
        "sentence the match stands as it is (session 21: 'back pain, worse at night' names no leg; 'Worse at "
        "night in bed', after a sentence about the feet, is read as before)",
    )
    note: str | None = None

    @model_validator(mode="after")
    def _something(self) -> TargetRuleSpec:
        if not self.literals and not self.patterns:
            raise ValueError("give literals, patterns or both")
        if self.hides is not None and (self.keep_inner or not self.finding.startswith("_")):
            raise ValueError("hides: only for a helper concept ('_' id) without keep_inner")
        return self

    @property
    def keeps_inner(self) -> bool:
        """Whether a match of this rule leaves the shorter matches of other findings inside it:
        ``keep_inner``, or a helper concept whose rule does not say why it ``hides`` them (session 21)."""
        return self.keep_inner or (self.finding.startswith("_") and self.hides is None)


class AliasFilter(Spec):
    """Session 16 (f1d): a knowledge-base alias (``derive: <finding id>``) narrower than its source. The
    alias is not read from a present mention whose sentence names another kind of symptom (``other``) and
    none of the alias's own (``own``, after removing the ``denied`` wordings): ECQ question 1 asks about
    pain or discomfort on walking, so 'her legs get weaker the further she walks' is leg symptoms with
    walking but no ECQ Q1 answer. A sentence that names neither keeps the alias. Regular expressions,
    case-insensitive, on the original text."""

    other: str
    own: str
    denied: str = ""
    own_when_denied: str = Field(
        default="",
        description="session 21 (f1v): when ``denied`` matches the sentence, the alias is kept only if "
        "one of these words is there outside the denial, whatever ``other`` finds ('legs get tired, not "
        "painful', 'heaviness, no pain': ECQ question 1 asks about pain, and the writer says it is not pain)",
    )
    note: str = ""


class KbTargets(Spec):
    """How findings' own words in the knowledge base become target phrases."""

    use_synonyms: bool = True
    use_clinician_name_max_words: int = Field(default=5, ge=0, le=20)
    use_id_words_max_words: int = Field(default=4, ge=0, le=20)
    skip_derived: bool = True
    use_derived_aliases: bool = Field(
        default=True,
        description="a finding the knowledge base derives from one other finding alone is read wherever "
        "that finding is (same state and span)",
    )
    alias_filters: dict[str, AliasFilter] = Field(
        default_factory=dict,
        description="per alias finding id: the sentence words that keep it from a mention of its source",
    )
    historical_present_kinds: list[str] = Field(default_factory=lambda: ["history", "risk_factor"])
    skip_literals: list[str] = Field(default_factory=list, description="KB words too ambiguous to use")


class DeriveSpec(Spec):
    """A finding set from variables read in text, by a rule in the knowledge base's rule language.

    Findings that the knowledge base itself derives from variables (``derive:`` in findings/*.yaml)
    are used automatically; these are for variables the knowledge base does not know.
    """

    finding: str
    rule: Any
    state: Literal["present", "absent"] = "present"
    note: str | None = None


class NumbersDeriveSpec(Spec):
    """A finding set from variables read in text (numbers.yaml: derive), as ``DeriveSpec``; session 22 (f1):
    its state may also be 'quiet' (nothing read, but a fast-layer guess of the finding present over the
    value's words is dropped) or 'absent' (the finding stated absent where the rule holds)."""

    finding: str
    rule: Any
    state: Literal["present", "absent", "quiet"] = "present"
    note: str | None = None


class ImplySpec(Spec):
    """A finding that every mention of another finding also states (general and specific findings).

    Each mention of a ``source`` finding gives a mention of ``finding`` with the same state, span and
    laterality, when ``when`` (a rule in the knowledge base's rule language over the text's present and
    absent findings and numbers) is true or not given. Findings the knowledge base derives from one other
    finding alone (``derive: <finding id>``, e.g. ECQ Q1 from leg_symptoms_with_walking) are implied
    automatically (``kb.use_derived_aliases``); these are for pairs the knowledge base does not state.
    """

    finding: str
    source: list[str] = Field(min_length=1)
    when: Any = None
    states: list[TextStateName] = Field(
        default_factory=lambda: list(_ALL_STATES)
    )
    invert: bool = Field(
        default=False,
        description="the source is a normal finding that rules the target out: present gives absent "
        "(and absent present)",
    )
    note: str | None = None


class TargetFile(Spec):
    version: int
    kb: KbTargets = KbTargets()
    classes: dict[str, list[str]] = Field(
        default_factory=dict,
        description="word classes (lemmas) that patterns name as {CLASS: NAME}: one list of general words "
        "(e.g. the verbs of relief) shared by every pattern that needs it",
    )
    rules: list[TargetRuleSpec]
    combine: list[DeriveSpec] = Field(
        default_factory=list,
        description="findings set from other text findings (present ones) and numbers read; ids starting "
        "with '_' are the reader's own concepts, never reported",
    )
    implies: list[ImplySpec] = Field(
        default_factory=list,
        description="findings that each mention of another finding also states, with its state and span",
    )
    own_lemmas: list[str] = Field(
        default_factory=list,
        description="session 23: the class or LEMMA words kept as their own lemma although a regular ending "
        "reduces them to another rule word ('legs' beside 'leg'). Every word a class or a LEMMA names is a "
        "lemma for ALL rules, so such a word stops every rule's 'leg' from matching 'legs'; one not listed "
        "here is refused at loading (``lemma_vocab``, ``regular_base``)",
    )


# --------------------------------------------------------------------------------------------------
# lexicon.yaml: abbreviations, typos, spelling variants


class FuzzySpec(Spec):
    min_length: int = Field(default=6, ge=3)
    protect: list[str] = Field(default_factory=list, description="real words never corrected")


class RewriteSpec(Spec):
    """Words read differently inside a wording (session 15): where ``pattern`` (a regex, case-insensitive,
    on the text before normalisation) matches, each word of the match named in ``words`` is replaced."""

    pattern: str
    words: dict[str, str]
    note: str = ""


class RecordsSpec(Spec):
    """Session 22 (fmt): the words of the record-format layer (``legdx.text.records``), which presents
    structured input (JSON, FHIR-like components, ``key=value`` runs, CSV with a header row, HL7-like OBX
    segments, markdown tables) to the rules as the ``field: value`` lines they read. The parsing is code;
    these are its words."""

    yes: list[str] = Field(default_factory=list, description="a field's value read as 'yes' (lower-cased)")
    no: list[str] = Field(default_factory=list, description="a field's value read as 'no' (lower-cased)")
    not_asked: list[str] = Field(
        default_factory=list, description="a field's value that says nothing: the field is left out"
    )
    label_keys: list[str] = Field(
        default_factory=list, description="keys of an object that name what it records (FHIR 'code')"
    )
    value_keys: list[str] = Field(
        default_factory=list,
        description="keys of an object that hold what it records (also any key starting with one of them, "
        "'valueString')",
    )
    answer_words: list[str] = Field(
        default_factory=list,
        description="a value starting with one of these words is an answer: its field keeps its colon "
        "('bladder: no', read as a form's answer); any other value follows its field without one ('calf "
        "tense, woody'), as the rules read a finding and what is said of it in one clause",
    )
    flag_key_marks: list[str] = Field(
        default_factory=list,
        description="endings of a key that say its value is a yes/no flag ('_yn', '(y/n)'): its 1 and 0 are "
        "read as yes and no",
    )
    site_keys: list[str] = Field(
        default_factory=list, description="keys of a field that names the body part a record describes"
    )
    described_keys: list[str] = Field(
        default_factory=list,
        description="keys of a field that describes the site of its record ('appearance'): its line starts "
        "with the site field's value",
    )
    generic_headers: list[str] = Field(
        default_factory=list,
        description="a table's header cells that name no field ('question', 'answer'): a header row made "
        "only of them is left out",
    )
    dating_keys: list[str] = Field(
        default_factory=list,
        description="session 23: keys of a record field that dates the field before it ('since: 2017'): its "
        "line continues that field's line",
    )
    text_tags: list[str] = Field(
        default_factory=list,
        description="session 23: XML element names that name no field ('text', 'entry', 'section'): their "
        "text is read without a label",
    )
    note: str = ""


class LexiconFile(Spec):
    version: int
    records: RecordsSpec = RecordsSpec()
    abbreviations_case_sensitive: dict[str, str] = Field(default_factory=dict)
    abbreviations: dict[str, str] = Field(default_factory=dict, description="case-insensitive")
    typos: dict[str, str] = Field(default_factory=dict)
    spelling: dict[str, str] = Field(default_factory=dict, description="British -> American, variants")
    delete: list[str] = Field(
        default_factory=list, description="filler words dropped from text and phrases alike"
    )
    fuzzy: FuzzySpec = FuzzySpec()
    extra_vocabulary: list[str] = Field(default_factory=list, description="words typos may be corrected to")
    lemmas: dict[str, str] = Field(
        default_factory=dict,
        description="irregular word forms -> lemma (regular -s/-es/-ed/-ing forms are found by rule)",
    )
    rewrites: list[RewriteSpec] = Field(
        default_factory=list,
        description="words replaced only inside a wording (a regex), before the lists above",
    )
    other_languages: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="session 16: language -> {word in Latin letters: the English word the rules know}; "
        "words of other languages in mixed-language messages (ASCII, not an English word, one meaning)",
    )
    symbols: dict[str, str] = Field(
        default_factory=dict,
        description="session 22: an emoji written in place of a word -> that word (one clear meaning only)",
    )


# --------------------------------------------------------------------------------------------------
# numbers.yaml


class UnitSpec(Spec):
    """A unit as written (regex) and the factor/offset that converts it to the measurement's unit."""

    pattern: str
    factor: float = 1.0
    offset: float = 0.0
    assumption: str | None = Field(default=None, description="stated as a warning when this unit is used")


class NumberRule(Spec):
    """A number in text that becomes a measurement or a variable.

    ``pattern`` is a regular expression (case-insensitive unless ``case_sensitive``) with a named group
    ``value`` and optionally ``value2`` (a second reading), ``unit``/``unit2``, ``side``/``side2`` (right or
    left, for ``value``/``value2``). Macros: ``{NUM}`` a number (digits or a number word), ``{SIDE}`` a side
    word. ``target`` is a measurement id (measurements.yaml) or a variable that the knowledge base's
    ``derive`` rules read; ``{side}`` in it is filled from the side found (in the match, else the nearest
    side word earlier in the same clause), and ``target_no_side`` is used when none is found (or the
    number is skipped when that is empty). ``units`` convert to the target's unit: the first whose
    pattern matches the written unit applies; with no unit written, the first ``guess_unit`` whose
    pattern matches the value applies (e.g. a CRP above 50 is taken as mg/L), else no conversion.
    ``requires``: a regex that must occur in the same sentence (e.g. a walking word for a distance).
    Session 24 (f1): a group ``minus`` (``minus2`` for ``value2``) is subtracted from the value, for a fall
    told by its two ends ('ankle pressure fell from 140 to 85 mmHg': 55); both in the same unit.
    """

    id: str
    target: str
    target_no_side: str | None = None
    no_side_also: list[str] = Field(
        default_factory=list,
        description="further variables a value without a side also sets (round 6: an ABI with no side is "
        "taken as the ABI of both legs, so it is also the highest ABI), stated as `no_side_assumption`",
    )
    no_side_assumption: str | None = None
    pattern: str
    case_sensitive: bool = False
    requires: str | None = None
    requires_window: int = Field(
        default=0,
        ge=0,
        le=500,
        description="also look this many characters before the sentence for `requires`",
    )
    requires_after: int = Field(
        default=0,
        ge=0,
        le=300,
        description="session 17: also look this many characters after the match for `requires` (a duration "
        "that opens a sentence, 'For the past 5 months I have felt ...', the complaint in the next one)",
    )
    trigger: str | None = Field(
        default=None,
        description="cheap regex that must occur in the text before the pattern is tried (speed only)",
    )
    anchor: str | None = Field(
        default=None,
        description="cheap regex for a part every match contains (a unit): the pattern is then tried only "
        "around it (speed only)",
    )
    not_after: str | None = Field(
        default=None,
        description="regex: the number is skipped when the text just before it (same clause, up to "
        "`not_after_window` characters) matches, e.g. a time spent standing still is not a walking time",
    )
    not_after_window: int = Field(default=40, ge=1, le=200)
    units: list[UnitSpec] = Field(default_factory=list)
    guess_unit: list[UnitSpec] = Field(default_factory=list)
    word_values: list[UnitSpec] = Field(
        default_factory=list,
        description="session 15: a value group holding words, not a number (a lay duration such as 'for "
        "years', 'since I was a kid'): the first item whose pattern matches the words gives the value "
        "(`factor`, in the target's unit) and its `assumption` is stated",
    )
    bounds: list[UnitSpec] = Field(
        default_factory=list,
        description="session 17: a comparator written before the value, held by the group `bound` "
        "('K+ below 2.5', 'potassium over 6'): the first item whose pattern matches the words shifts the "
        "value (after any unit conversion) by its `offset`, and its `assumption` is stated",
    )
    min: float | None = None
    max: float | None = None
    note: str | None = None


class AgeRule(Spec):
    pattern: str
    approximate: bool = False
    decade_offsets: dict[str, int] = Field(default_factory=dict)
    note: str | None = None


class SexRule(Spec):
    """Case-sensitive pattern (use ``(?i:...)`` for words); the earliest match in the lowest tier wins."""

    pattern: str
    sex: Literal["male", "female"]
    tier: int = 1


class SideWords(Spec):
    right: list[str]
    left: list[str]


class Combine(Spec):
    """A variable computed from others read in the same text (e.g. the lowest ABI of the two legs)."""

    min_of: list[str] = Field(default_factory=list)
    max_of: list[str] = Field(default_factory=list)


class StatedLimitSpec(Spec):
    """Session 9: a laboratory value written with the laboratory's own limit ("CK 410 (ULN 200)", "CRP 18
    (ref <5)"): the finding is present above the stated limit and absent at or below it. The limit is the
    text's, so no cut-off of ours is used (the knowledge base has no sourced upper limit for these tests)."""

    finding: str
    trigger: str = Field(description="a lower-case regex one of whose matches the text must hold")
    pattern: str = Field(
        description="a regex with the groups 'value' and 'limit' ({DIG}: a number; {LIMIT}: limit_phrase)"
    )
    note: str | None = None


class NumbersFile(Spec):
    version: int
    number_words: dict[str, float]
    combine: dict[str, Combine] = Field(default_factory=dict)
    pick: dict[str, Literal["first", "max", "min"]] = Field(
        default_factory=dict,
        description="which reading of a measurement stated more than once is used: the first rule's "
        "(default), the largest or the smallest",
    )
    derive: list[NumbersDeriveSpec] = Field(default_factory=list)
    limit_phrase: str = Field(
        default="",
        description="session 9: the regex of a laboratory's limit after a value, with the group 'limit'; the "
        "stated_limits patterns name it {LIMIT}",
    )
    stated_limits: list[StatedLimitSpec] = Field(default_factory=list)
    normal_value_absent: list[str] = Field(
        default_factory=list,
        description="session 9: findings whose own derive rule (knowledge base or numbers.yaml), false for a "
        "value the text states, reads the finding as absent ('TSH 2.1': TSH not abnormal); not durations",
    )
    ages: list[AgeRule]
    decades: dict[str, int]
    sexes: list[SexRule]
    sides: SideWords
    measurements: list[NumberRule]


# --------------------------------------------------------------------------------------------------
# reader.yaml


class TakebackSpec(Spec):
    """Session 18: words that a writer gives to someone else or takes back, read across clauses and
    sentences ("My husband's leg went cold last Tuesday ... I'm writing for me"; "I wrote X but meant Y").
    ``pattern`` is a regex (any case) over the whole text with a group ``x``: the findings read wholly inside
    that group (and the fast semantic layer's guesses there, and numbers read there) take ``state`` ('drop':
    not read at all)."""

    name: str
    pattern: str
    state: Literal["drop", "family", "historical", "hypothetical"]
    requires: str | None = Field(
        default=None,
        description="a regex (any case) that must match somewhere in the text (the writer's own complaint)",
    )
    unless: str | None = Field(
        default=None,
        description="session 22: a regex (any case) that must match nowhere in the text (what makes the "
        "takeback wrong: 'operation_wound' stands aside when the text names a foot, an ulcer or diabetes)",
    )
    ids: list[str] | None = Field(
        default=None, description="only these finding ids (and numbers' targets) change"
    )
    why: str | None = Field(
        default=None,
        description="session 23: the warning's reason when a 'drop' leaves words unread (default: 'the "
        "writer takes these words back'; 'back' as a return or a direction is no taking back)",
    )
    named: str | None = Field(
        default=None,
        description="session 25: a regex (with its own case flags) for the writer naming items of the "
        "spans this takeback found ('I have the second one', 'I've got B and C'), with a group 'n' (the "
        "ordinals, numbers or capital letters named). Several spans: each span is an item, in order; one "
        "span: its items are the parts after '1)', '2.', 'A)' ... The named items are not taken back, and "
        "what was read inside them as hypothetical is present (the writer says they have it)",
    )
    note: str | None = None


class PartDenial(Spec):
    by: str = Field(description="the finding of a part whose present mention denies the whole")
    words: str = Field(description="a regex (any case) the mention's own words must match (the part named)")
    note: str


class ReaderFile(Spec):
    version: int
    max_chars: int = Field(ge=1000)
    min_letters: int = Field(ge=1)
    max_junk_fraction: float = Field(gt=0, lt=1)
    min_english_fraction: float = Field(ge=0, lt=1)
    english_words: list[str]
    clinical_words: list[str] = Field(description="word stems that make a sentence look clinical")
    state_precedence: list[str] = Field(description="when mentions disagree, the first state listed wins")
    sentence_break_on_newline: bool = True
    question_openers: list[str] = Field(
        default_factory=list,
        description="session 7: regular expressions (lower case) that open a question asking whether "
        "something is there ('any', 'does he have'); its findings become absent when a negative_answers "
        "expression follows",
    )
    question_fragment_words: int = Field(
        default=0,
        ge=0,
        description="a question of at most this many words counts too, unless its first word is in "
        "question_fragment_stop ('Fever? None.'); 0: only question_openers",
    )
    question_fragment_stop: list[str] = Field(default_factory=list)
    question_speakers: list[str] = Field(
        default_factory=list, description="speaker labels that may open a question ('Clinician:', 'Q:')"
    )
    question_links: list[str] = Field(
        default_factory=list, description="linking words that may open a question ('And any ...?')"
    )
    answer_speakers: list[str] = Field(
        default_factory=list, description="speaker labels that may open the answer ('A:', 'Patient:')"
    )
    negative_answers: list[str] = Field(
        default_factory=list,
        description="regular expressions (lower case) for an answer 'no' that opens the text after a "
        "question",
    )
    yes_answers: list[str] = Field(
        default_factory=list,
        description="session 9: regular expressions (lower case) for a 'yes' that opens an answer; the rest "
        "of the answer is its content",
    )
    answer_site_words: list[str] = Field(
        default_factory=list,
        description="session 9: words that open an answer naming a site ('Both legs', 'Left calf'); the "
        "question's topic is joined to such an answer with 'in' ('weakness in both legs')",
    )
    answer_corrections: list[str] = Field(
        default_factory=list,
        description="session 12: regular expressions (lower case) for an answer corrected on its own line "
        "('yes- sorry no', 'Normal... no wait, ...'); the answer is read from the end of the last one",
    )
    label_negatives: list[str] = Field(
        default_factory=list,
        description="session 12: regular expressions (lower case) for an answer after a form's label that "
        "rules the label out ('Breathing: no dyspnoea', 'Saddle sensation: normal'); what the rules read "
        "inside the label is absent",
    )
    column_answers: list[str] = Field(
        default_factory=list,
        description="session 14: regular expressions (lower case) for a form's yes/no column, an answer "
        "word that ends a short line with no colon ('Bladder problems no'); the first is the negative answer",
    )
    settled_quote_dates: list[str] = Field(
        default_factory=list,
        description="session 18: regular expressions (lower case) for the past date that labels a quoted "
        "line of an older message ('> Sept 2023:', '> March:'); with a settled_quote_words expression on "
        "that line or the answer line after it, what the rules read present inside the line is historical",
    )
    part_findings: dict[str, str] = Field(
        default_factory=dict,
        description="session 25 (f2): findings of a part of the limbs (a pulse, a muscle group, a segment of "
        "the leg), each with the note of why: one part said normal does not deny the finding another part "
        "has, so an absent mention is dropped when the same text reads the finding present (the case is the "
        "same: present wins, state_precedence)",
    )
    part_denials: dict[str, PartDenial] = Field(
        default_factory=dict,
        description="session 25 (f2): a finding that says a whole set of parts is normal ('pedal pulses "
        "normal'), and the part finding whose present mention, in words of that set, denies it: the first "
        "finding's present mentions are dropped",
    )
    settled_quote_words: list[str] = Field(
        default_factory=list,
        description="session 18: regular expressions (lower case) for an explicit resolution of a dated "
        "quoted line ('scan showed no clot', 'that was sorted', 'MRI clear')",
    )
    checkbox_empty: list[str] = Field(
        default_factory=list,
        description="session 12: regular expressions for a form's empty box ('[ ]', a ballot box, a cross); "
        "what the item beside it names is absent",
    )
    checkbox_ticked: list[str] = Field(
        default_factory=list,
        description="session 12: regular expressions for a ticked box ('[x]', a check mark); it only ends an "
        "item (what the item names is read as usual)",
    )
    list_glue: list[str] = Field(
        default_factory=list,
        description="words that may join the items of a list ('no X, Y or Z'); a negation before the "
        "first item covers every item of a list joined only by these words",
    )
    list_conjunctions: list[str] = Field(
        default_factory=list, description="glue words that make a chain of findings a list (or, nor, and)"
    )
    gradual_replace: dict[str, str] = Field(
        default_factory=dict,
        description="round 6: a stroke-type finding in a GRADUAL ConText (a course over weeks to months) is "
        "read as the finding named here, unless the text has a sudden-onset word (sudden_onset_words)",
    )
    slow_course_words: list[str] = Field(
        default_factory=list,
        description="regular expressions (lower case) for a course over months or years: gradual_replace "
        "applies only when one is in the finding's sentence (a deficit growing over days is an emergency)",
    )
    short_course_words: list[str] = Field(
        default_factory=list,
        description="regular expressions (lower case) for a course of hours, days or weeks: with one in the "
        "sentence, gradual_replace does not apply",
    )
    sudden_onset_words: list[str] = Field(
        default_factory=list,
        description="regular expressions (lower case) for a sudden onset anywhere in the text: with one, a "
        "stroke-type finding is kept whatever course words surround it (an acute stroke is never lost)",
    )
    takebacks: list[TakebackSpec] = Field(
        default_factory=list,
        description="session 18: words given to someone else or taken back later in the text (TakebackSpec)",
    )


# --------------------------------------------------------------------------------------------------
# screen.yaml: the red-flag concept screen


class ScreenRule(Spec):
    """One red-flag concept rule: a word of each concept in ``all`` within ``window`` tokens of one
    sentence (no ``stop`` word between them), every concept of ``text`` somewhere in the text, and no
    concept of ``unless`` in the sentence; then each finding of ``emit`` is stated on the span, with the
    state ConText gives it (only present, or historical with ``historical_present``, is kept)."""

    id: str
    flag: str = Field(description="the red flag of knowledge/data/red_flags/red_flags.yaml it screens for")
    all: list[str] = Field(min_length=1)
    text: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    emit: list[str] = Field(min_length=1)
    window: int | None = Field(default=None, ge=1)
    unless_near: int | None = Field(
        default=None,
        ge=1,
        description="round 8: an ``unless`` concept counts only within this many tokens of the match "
        "(default: anywhere in the sentence)",
    )
    unless_text: list[str] = Field(
        default_factory=list,
        description="session 12: a concept stated anywhere in the text (not right after a stop word, not in "
        "a hypothetical clause) cancels the rule",
    )
    unless_void: list[str] = Field(
        default_factory=list,
        description="session 18 (fxj): a concept in the sentence that voids ``unless`` (a change dated to "
        "now after a lifelong difference: 'always been a bit bigger but since last night it is swollen')",
    )
    unless_text_needs: list[str] = Field(
        default_factory=list,
        description="session 19 (fxl): ``unless_text`` cancels the rule only when every concept listed here "
        "is also stated usably in the text (a scan that ruled the clot out, and a calf 'still swollen': the "
        "same episode, already tested)",
    )
    unless_clause: list[str] = Field(
        default_factory=list,
        description="session 19 (fxn): concepts that cancel the rule only within the match's own clause "
        "(the look-around stops at a sentence mark, or at a comma or 'and' before a new subject: 'I couldn't "
        "wee at all, my back aches and my legs get heavy when I walk' is no wee held back by the walk)",
    )
    historical_present: bool = False
    note: str | None = None


class ScreenFile(Spec):
    version: int
    window: int = Field(default=12, ge=1, description="default largest span of one rule match, in tokens")
    stop: list[str] = Field(default_factory=list, description="words a match never crosses")
    hypothetical: list[str] = Field(
        default_factory=list,
        description="words that, earlier in the same clause, make a match hypothetical ('return if ...')",
    )
    concepts: dict[str, list[str]] = Field(
        description="concept name -> words ('word*' a prefix, several words a sequence)"
    )
    exclude: dict[str, str | list[str]] = Field(
        default_factory=dict,
        description="concept -> concept (or concepts) whose words void it where they overlap ('a cold' is "
        "not a cold limb)",
    )
    measured: dict[str, str] = Field(
        default_factory=dict,
        description="concept -> regular expression of a value: the concept's word followed by such a value "
        "is a measurement, not the concept ('Temp 36.8')",
    )
    rules: list[ScreenRule]

    @model_validator(mode="after")
    def _known_concepts(self) -> ScreenFile:
        named = {
            c
            for r in self.rules
            for c in (
                *r.all,
                *r.text,
                *r.unless,
                *r.unless_text,
                *r.unless_void,
                *r.unless_text_needs,
                *r.unless_clause,
            )
        }
        named |= set(self.exclude) | set(self.measured)
        named |= {x for v in self.exclude.values() for x in ([v] if isinstance(v, str) else v)}
        unknown = sorted(c for c in named if c not in self.concepts)
        if unknown:
            raise ValueError(f"rules name unknown concepts: {', '.join(unknown)}")
        return self


# --------------------------------------------------------------------------------------------------
# loading


_DATA = "data"
_FILES: dict[str, type[Spec]] = {
    "context_rules.yaml": ContextFile,
    "target_rules.yaml": TargetFile,
    "lexicon.yaml": LexiconFile,
    "numbers.yaml": NumbersFile,
    "reader.yaml": ReaderFile,
    "screen.yaml": ScreenFile,
}


def data_dir() -> Path:
    return Path(str(resources.files("legdx.text") / _DATA))


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


class _Yaml12Loader(_BaseLoader):
    """YAML 1.2 booleans: only true/false. In word lists "no", "on", "off" and "yes" stay words. A key
    repeated in one mapping is an error (session 11: an edit had left a rule with two ``note`` keys and
    another rule's literals under the wrong finding, which PyYAML silently allows)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


#: the rule files as parsed from YAML, stored as JSON with each file's SHA-256 (session 5: PyYAML's object
#: construction was half the loading time). Written by ``scripts/build_rules_cache.py``; a file whose text
#: no longer has the hash stored is read from its YAML as before, and a test fails until the cache is rebuilt.
CACHE_FILE = "rules_cache.json"
CACHE_FORMAT = 1


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Cyclic garbage collection paused while a burst of long-lived objects is built (rules, the pipeline):
    each full collection walks every object of the process, so building them was mostly collecting. The
    objects are the same; the collector's previous state is restored."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Yaml12Loader)  # noqa: S506 - SafeLoader subclass


def _read_cache(path: Path) -> dict[str, Any]:
    """The cache's entries by file name ({} when it is missing, unreadable or of another format)."""
    try:
        got = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = got.get("files") if isinstance(got, dict) and got.get("format") == CACHE_FORMAT else None
    return files if isinstance(files, dict) else {}


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (``1 == 1.0 == True`` for ``==`` alone)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def build_cache(root: Path | None = None) -> str:
    """The text of the rules cache for the YAML files in ``root`` (default: the package's data folder).
    Raises ``RuleFileError`` when a file does not parse, or parses to something JSON cannot hold exactly."""
    root = root or data_dir()
    files: dict[str, Any] = {}
    problems: list[str] = []
    for name in _FILES:
        path = root / name
        try:
            text = path.read_text(encoding="utf-8")
            raw = _parse_yaml(text)
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{name}: cannot read: {exc}")
            continue
        try:
            back = json.loads(json.dumps(raw, ensure_ascii=False, allow_nan=False))
        except (TypeError, ValueError) as exc:
            problems.append(f"{name}: cannot be cached as JSON: {exc}")
            continue
        if not _same(raw, back):
            problems.append(f"{name}: does not survive JSON unchanged (a non-string key, a date?)")
            continue
        files[name] = {"sha256": _digest(text), "data": raw}
    if problems:
        raise RuleFileError(problems)
    return json.dumps({"format": CACHE_FORMAT, "files": files}, ensure_ascii=False, indent=0) + "\n"


def _load_one(path: Path, model: type[Spec], cache: dict[str, Any] | None = None) -> Spec:
    try:
        text = path.read_text(encoding="utf-8")
        entry = (cache or {}).get(path.name)
        if isinstance(entry, dict) and entry.get("sha256") == _digest(text):
            raw = entry.get("data")  # the same text parsed before (the cache is keyed by its hash)
        else:
            raw = _parse_yaml(text)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError([f"{path.name}: cannot read: {exc}"]) from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = ".".join(str(p) for p in e["loc"])
            extra = (
                " (unknown key; allowed keys are listed in legdx/text/rules.py)"
                if e["type"] == "extra_forbidden"
                else ""
            )
            problems.append(f"{path.name}: {loc}: {e['msg']}{extra}")
        raise RuleFileError(problems) from exc


class RuleSet(BaseModel):
    """All the reader's rule files, loaded once per process."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    context: ContextFile
    targets: TargetFile
    lexicon: LexiconFile
    numbers: NumbersFile
    reader: ReaderFile
    screen: ScreenFile


def load_rules(root: Path | None = None, *, use_cache: bool = True) -> RuleSet:
    """Load and validate every rule file in ``root`` (default: the package's data folder). ``use_cache``:
    take a file's parsed form from the package's ``rules_cache.json`` when its text is the one cached
    (the result is the same; only YAML parsing is skipped)."""
    with no_gc():
        return _load_rules(root or data_dir(), use_cache)


def _load_rules(root: Path, use_cache: bool) -> RuleSet:
    cache = _read_cache(data_dir() / CACHE_FILE) if use_cache else {}
    loaded: dict[str, Spec] = {}
    problems: list[str] = []
    for name, model in _FILES.items():
        try:
            loaded[name] = _load_one(root / name, model, cache)
        except RuleFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RuleFileError(problems)
    rs = RuleSet(
        context=loaded["context_rules.yaml"],  # type: ignore[arg-type]
        targets=loaded["target_rules.yaml"],  # type: ignore[arg-type]
        lexicon=loaded["lexicon.yaml"],  # type: ignore[arg-type]
        numbers=loaded["numbers.yaml"],  # type: ignore[arg-type]
        reader=loaded["reader.yaml"],  # type: ignore[arg-type]
        screen=loaded["screen.yaml"],  # type: ignore[arg-type]
    )
    _cross_check(rs)
    return rs


def regular_base(w: str, vocab: set[str] | frozenset[str]) -> str:
    """The known lemma (in ``vocab``) a regular English ending (-s, -es, -ies, -ed, -ied, -ing, with a doubled
    final consonant or a dropped -e restored) reduces ``w`` to, else ``w``: the longest such stem ("toes" is
    toe, not to). The reader's ``Lemmatizer`` and the loader's lemma check share it."""
    if len(w) < 4 or not w.isalpha():
        return w
    cands: list[str] = []
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ing", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            stem = w[: len(w) - len(suffix)] + repl
            cands.append(stem)
            if suffix in ("ed", "ing", "es"):
                cands.append(stem + "e")
                if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                    cands.append(stem[:-1])
    known = [c for c in cands if c in vocab]
    return max(known, key=len) if known else w


def lemma_vocab(targets: TargetFile, lexicon: LexiconFile) -> dict[str, str]:
    """Session 23: every word the reader keeps as a lemma (the word classes, the patterns' ``LEMMA`` values
    and the irregular lemmas of ``lexicon.yaml``), each with where it is named (for the loader's messages)."""
    where: dict[str, str] = {}
    for name, words in targets.classes.items():
        for w in words:
            where.setdefault(w.lower(), f"classes.{name}")
    for i, r in enumerate(targets.rules):
        for pat in r.patterns:
            for tok in pat:
                val = tok.get("LEMMA")
                if val is None:
                    continue
                if isinstance(val, str):
                    where.setdefault(val.lower(), f"rules.{i} ({r.finding}) LEMMA")
                elif isinstance(val, dict):
                    for xs in val.values():
                        if isinstance(xs, list):
                            for x in xs:
                                where.setdefault(str(x).lower(), f"rules.{i} ({r.finding}) LEMMA")
    for v in lexicon.lemmas.values():
        where.setdefault(v.lower(), "lexicon.yaml lemmas")
    return where


def _own_lemma_problems(rs: RuleSet) -> list[str]:
    """Session 23 (lf, session 22's note 'plural words in a word class become lemmas for all rules'): a class
    or LEMMA word that a regular ending reduces to another lemma word ('legs', 'walking') is its own lemma for
    every rule, so the other word's rules no longer match it; refused unless ``own_lemmas`` lists it knowingly
    (and an entry there that no longer needs it is refused too, so the list stays true)."""
    where = lemma_vocab(rs.targets, rs.lexicon)
    vocab = frozenset(where)
    own = {w.lower() for w in rs.targets.own_lemmas}
    irregular = {k.lower() for k in rs.lexicon.lemmas}
    problems: list[str] = []
    shadowing: set[str] = set()
    for w, at in where.items():
        if w in irregular:
            continue  # an irregular form's lemma is the lexicon's, whatever the classes hold
        base = regular_base(w, vocab)  # (a stem is always shorter than the word: never the word itself)
        if base == w:
            continue
        shadowing.add(w)
        if w not in own:
            problems.append(
                f"target_rules.yaml: {at}: '{w}' would become its own lemma for every rule, so no rule's "
                f"'{base}' would match it any more: name '{base}' instead (or list '{w}' in own_lemmas, "
                "knowingly)"
            )
    for w in sorted(own - shadowing):
        problems.append(f"target_rules.yaml: own_lemmas: '{w}' is no class or LEMMA word a regular ending "
                        "reduces to another: remove it")
    return problems


def _cross_check(rs: RuleSet) -> None:
    problems = _own_lemma_problems(rs)
    from legdx.text.numbers import compile_pattern

    for i, r in enumerate(rs.numbers.measurements):
        try:
            rx = compile_pattern(r.pattern, rs.numbers, r.case_sensitive)
            if "value" not in rx.groupindex:
                problems.append(f"numbers.yaml: measurements.{i} ({r.id}): pattern needs a group 'value'")
        except re.error as exc:
            problems.append(f"numbers.yaml: measurements.{i} ({r.id}).pattern: {exc}")
        for j, u in enumerate(r.units + r.guess_unit):
            try:
                re.compile(u.pattern)
            except re.error as exc:
                problems.append(f"numbers.yaml: measurements.{i}.units.{j}.pattern: {exc}")
    for i, a in enumerate(rs.numbers.ages):
        try:
            compile_pattern(a.pattern, rs.numbers, False)
        except re.error as exc:
            problems.append(f"numbers.yaml: ages.{i}.pattern: {exc}")
    for key in ("question_openers", "negative_answers"):
        for i, rx in enumerate(getattr(rs.reader, key)):
            try:
                re.compile(rx)
            except re.error as exc:
                problems.append(f"reader.yaml: {key}.{i}: {exc}")
    for i, tb in enumerate(rs.reader.takebacks):
        for key, tb_rx in (
            ("pattern", tb.pattern), ("requires", tb.requires), ("unless", tb.unless), ("named", tb.named)
        ):
            if tb_rx is None:
                continue
            try:
                # (session 22: every one compiled; 'requires' had been checked only as far as the 'and')
                compiled = re.compile(tb_rx)
                group = {"pattern": "x", "named": "n"}.get(key)
                if group is not None and group not in compiled.groupindex:
                    problems.append(f"reader.yaml: takebacks.{i} ({tb.name}).{key}: no group '{group}'")
            except re.error as exc:
                problems.append(f"reader.yaml: takebacks.{i} ({tb.name}).{key}: {exc}")
    for fid, pd in rs.reader.part_denials.items():
        try:
            re.compile(pd.words)
        except re.error as exc:
            problems.append(f"reader.yaml: part_denials.{fid}.words: {exc}")
    for s in rs.reader.state_precedence:
        if s not in ("present", "absent", "possible", "historical", "hypothetical", "family"):
            problems.append(f"reader.yaml: state_precedence: unknown state '{s}'")
    if problems:
        raise RuleFileError(problems)


@functools.lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    return load_rules()
