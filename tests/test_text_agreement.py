"""The agreement study (legdx.text.agreement): two annotators of development5, scored."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from legdx.text.agreement import _as_result, agree, annotators, load_pair, main
from legdx.text.evaluate import CorpusCase, Gold


def _case(cid: str, text: str, gold: list[tuple[str, str, str]]) -> CorpusCase:
    golds = []
    for fid, state, span in gold:
        start = text.index(span)
        golds.append(Gold(fid, state, (start, start + len(span)), span))
    dx, triage = "peripheral_artery_disease", "consultation"
    return CorpusCase(cid, "t", "note", dx, triage, [], None, None, text, golds)


TEXT = "Calf pain on walking, eases with rest. No saddle numbness. Pedal pulses absent."


def test_an_annotation_agrees_fully_with_itself() -> None:
    first, _, ignore = load_pair()
    a = annotators(first, first, ignore)
    assert (a.strict.fp, a.strict.fn) == (0, 0)
    assert a.strict.f1 == 1.0 and a.diagnosis_same == a.cases == 45
    assert a.red_flags_both == a.red_flags_ref


def test_scoring_by_hand_on_a_small_case() -> None:
    ref = _case("a", TEXT, [
        ("calf_pain_location", "present", "Calf pain"),
        ("saddle_anesthesia", "absent", "saddle numbness"),
        ("pedal_pulses_absent", "present", "Pedal pulses absent"),
    ])
    # the same calf pair on a non-overlapping span, the saddle pair agreed, the pulses missed, one extra
    hyp = _case("a", TEXT, [
        ("calf_pain_location", "present", "walking"),
        ("saddle_anesthesia", "absent", "No saddle"),
        ("relieved_by_rest", "present", "eases with rest"),
    ])
    a = agree([ref], [_as_result(hyp)], set())
    assert (a.strict.tp, a.strict.fp, a.strict.fn) == (1, 2, 2)  # the calf pair fails on its span
    assert (a.pairs.tp, a.pairs.fp, a.pairs.fn) == (2, 1, 1)  # but counts on pairs alone
    assert a.by_state["absent"].tp == 1
    ignored = agree([ref], [_as_result(hyp)], {"relieved_by_rest"})
    assert ignored.strict.fp == 1


def test_the_shipped_second_annotation_agreement_is_pinned() -> None:
    """Counts measured when the second annotation was added (session 4): F1 0.916 with overlapping spans.
    A change to either file or to the scoring rule shows here."""
    first, second, ignore = load_pair()
    a = annotators(first, second, ignore)
    assert (a.strict.tp, a.strict.fp, a.strict.fn) == (524, 49, 47)
    assert (a.pairs.tp, a.pairs.fp, a.pairs.fn) == (530, 43, 41)
    assert round(a.strict.f1, 3) == 0.916
    assert (a.diagnosis_same, a.triage_same) == (45, 43)


def test_a_second_file_must_cover_the_same_narratives(tmp_path: Path) -> None:
    from legdx.text.agreement import _corpus_file

    raw = yaml.safe_load(_corpus_file("development5_annotator2.yaml").read_text(encoding="utf-8"))
    raw["narratives"] = raw["narratives"][1:] + [dict(raw["narratives"][0], id="zz9")]
    p = tmp_path / "second.yaml"
    p.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match=r"not in development5.yaml: \['zz9'\]; not annotated: \['w01'\]"):
        load_pair(second=p)


def test_a_span_not_in_the_text_is_an_error(tmp_path: Path) -> None:
    from legdx.text.agreement import _corpus_file

    raw = yaml.safe_load(_corpus_file("development5_annotator2.yaml").read_text(encoding="utf-8"))
    raw["narratives"][0]["gold_findings"].append({"id": "back_pain", "state": "present", "span": "not there"})
    p = tmp_path / "second.yaml"
    p.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="w01: span 'not there' is not in the text"):
        load_pair(second=p)


def test_command_prints_the_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--json"])
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["annotator2_vs_annotator1"]["strict"]["f1"] == 0.916
    assert out["annotator2_vs_annotator1"]["cases"] == 45
