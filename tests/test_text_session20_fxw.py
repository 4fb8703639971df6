"""Session 20 (fxw): the fast ConText path (``_run_context``, with the cue patterns' lexeme flags) reads
exactly like medspaCy's own ConText.

At a merge the lead found a history cue ('8 months ago; since then') that the fast path applied and the plain
path did not. The cause, found by comparing the two readers over every development text and probe line: the
target 'since then' (a rule with ``keep_cues``, session 13) lies inside the cue; ``_run_context`` keeps a
cue that overlaps a ``keep_cues`` target, while the plain path ran medspaCy's own ``ConText.__call__``, which
prunes every cue overlapping any target. Every difference of the comparison (44 texts with the fast
semantic layer on) was of this one family: none remains. The fast path is the documented reading
(docs/text.md, "a ConText cue whose first or last word lies inside a target is dropped ... unless the target's
rule has ``keep_cues: true``"); the plain path now honours ``keep_cues`` too (``_run_plain_context``)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # a keep_cues target ('disc operation in 2012') inside the cue 'since her disc operation in 2012'
        "Left foot drop since her disc operation in 2012.",
        "Numb patch on the right shin, unchanged since his knee operation in 2015.",
        # the lead's sentence (development9), with the cue as it was before the merge narrowed it
        "First noticed his right foot catching about 8 months ago; since then he has developed a definite "
        "right foot drop.",
        # a denial over a list (development3 family)
        "Denies back pain, numbness in the saddle area, bladder problems.",
    ],
)
def test_fast_and_plain_context_read_alike(reader_pairs, fast, text):
    """The plain path (medspaCy's own ConText) keeps a cue over a ``keep_cues`` target as ``_run_context``
    does: the full readings are equal."""
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()


def test_plain_context_keeps_the_cue_over_a_keep_cues_target(reader_pairs):
    """The minimal text of the family: the foot drop is an old one in the plain path too (it had read it new:
    the target 'disc operation in 2012' pruned the cue over it)."""
    for fs in MODES:
        for r in reader_pairs[fs]:
            got = r.read("Left foot drop since her disc operation in 2012.")
            weak = {f.state for f in got.findings if f.id == "new_leg_weakness"}
            assert weak == {"historical"}, (fs, r._fast_context, weak)


@pytest.mark.parametrize("fast", MODES)
def test_default_reader_reads_the_old_foot_drop_as_old(fast):
    """The default reader (fast path): unchanged by this fix."""
    got = states("Left foot drop since her disc operation in 2012.", fast)
    assert got.get("new_leg_weakness") == {"historical"}
