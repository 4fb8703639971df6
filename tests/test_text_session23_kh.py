"""Session 23 kh: spaCy's E018 "Can't retrieve string for hash" in the cue-gate tests when they run after
tests that build readers of their own.

The cause was in the tests: ``next(v for v in reader._MATCHERS.values() if isinstance(v, reader._CueGate))``
takes the first cue gate built in the process, which is the first *reader*'s. Every reader builds its own
spaCy pipeline on its own ``spacy.blank("en")`` (its own ``Vocab`` and ``StringStore``), and its cue gate
turns a token's hash into a word through that vocabulary; so another reader's gate fails on a word only
this reader has seen (tests/test_text_speed15_paths.py after speed8/10/11; session 22's
test_both_paths_alike_on_records after a rules-alone reader). The tests now look the gate up by the
reader's own key (``text_readings.cue_gate``), as the reader's pipeline does.

The production code looks each reader's target matcher, ConText and gate up by its own key
(``f"c{id(ctx)}"``; ``_MATCHERS`` holds the objects, so no id is reused while a key is there). The last
test here checks that in separate processes: readers of both modes built in either order (and two of one
mode) read 50 development narratives exactly as a process with one reader alone does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import legdx.text.reader as rd
from text_readings import cue_gate, cue_gate_docs

#: a word of our own that no rule, lexicon or earlier test text holds (so only the vocabulary of the reader
#: that read it has its string)
_ODD = "Quorvendal"


def test_each_reader_has_its_own_gate_and_vocabulary() -> None:
    """Two readers: two pipelines, two vocabularies, two gates; ``cue_gate`` gives each its own."""
    first = rd.Reader(fast_semantic=False)
    default = rd.get_reader()
    assert first.nlp.vocab is not default.nlp.vocab
    assert cue_gate(first) is not cue_gate(default)
    assert cue_gate(first)._vocab is first.nlp.vocab
    assert cue_gate(default)._vocab is default.nlp.vocab
    assert cue_gate() is cue_gate(default)


def test_another_readers_gate_fails_on_this_readers_doc_and_its_own_does_not() -> None:
    """The failure the speed15 test met, made on purpose: a gate built for another reader cannot turn this
    reader's new word back into a string; this reader's own gate gives medspaCy's matches."""
    other = rd.Reader(fast_semantic=False)
    default = rd.get_reader()
    text = f"{_ODD} says his legs are not weak when he walks, and he denies back pain."
    (doc,) = cue_gate_docs([text])
    assert doc.vocab is default.nlp.vocab
    assert cue_gate(default).matches(doc) == default.context._ConText__matcher(doc)
    with pytest.raises(KeyError, match="E018"):
        cue_gate(other).matches(doc)


_ROOT = Path(__file__).resolve().parents[1]

#: run in a fresh process: build readers in the order given (``rules``: the rules alone; ``fast``: the
#: default, fast semantic layer on), then read every text with every reader: ``interleave``: text by text,
#: each reader in turn; ``last-first``: the last reader built reads all texts first, then the one before it
#: and so on (so a reader meets words that readers built before it never saw). Prints per reader the readings
#: and triage levels as JSON.
_SCRIPT = """
import json, sys
import legdx
from legdx.text.evaluate import load_corpus
from legdx.text.reader import Reader

modes = sys.argv[1].split(",")
texts = [c.text for c in load_corpus("development")[:25]]
texts += [c.text for c in load_corpus("development28")[:25]]
readers = [Reader(fast_semantic=m == "fast") for m in modes]
out = [[] for _ in modes]
if sys.argv[2] == "interleave":
    for t in texts:
        for i, r in enumerate(readers):
            res = r.read(t)
            out[i].append([res.model_dump_json(), legdx.assess(res.case).triage.level])
else:
    for i in reversed(range(len(readers))):
        for t in texts:
            res = readers[i].read(t)
            out[i].append([res.model_dump_json(), legdx.assess(res.case).triage.level])
print(json.dumps({"modes": modes, "out": out}))
"""


def _run(modes: str, how: str = "interleave") -> list[tuple[str, list[list[str]]]]:
    env = {**os.environ, "PYTHONPATH": str(_ROOT / "src"), "PYTHONHASHSEED": "0"}
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT, modes, how],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=_ROOT,
    )
    assert run.returncode == 0, (modes, how, run.stderr[-600:])
    got = json.loads(run.stdout.strip().splitlines()[-1])
    return list(zip(got["modes"], got["out"], strict=True))


@pytest.mark.slow
def test_readers_of_both_modes_in_one_process_read_as_each_alone() -> None:
    """The HTTP server and the CLI may build a rules-alone reader and a default one in one process (and a
    test run builds many). Readers built in either order, two of one mode among them, read 50 development
    narratives (development 1-25, development28 1-25), text by text in turn or each reader all texts, the last
    built first, exactly as a process with that reader alone: the same
    findings, states, spans, warnings and triage levels."""
    alone = {m: out for m, out in (_run("rules")[0], _run("fast")[0])}
    assert len(alone["rules"]) == len(alone["fast"]) == 50
    assert alone["rules"] != alone["fast"]  # the two modes do differ somewhere (the check can see a mix-up)
    for order, how in (
        ("rules,fast", "last-first"),
        ("fast,rules,rules", "last-first"),
        ("rules,fast", "interleave"),
    ):
        for i, (mode, out) in enumerate(_run(order, how)):
            diff = [n for n, (a, b) in enumerate(zip(out, alone[mode], strict=True)) if a != b]
            assert not diff, (order, how, i, mode, diff[:5])
