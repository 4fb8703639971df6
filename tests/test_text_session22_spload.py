"""Session 22 (spload): the reader's load (issue #3: rules loaded well under 2 s, once per process).

The derived cache (``legdx.text.derived``, ``data/rules_derived.json``) holds the phrases the reader
normalises and the regex needs it reads while it is built, each keyed by everything it depends on. These
tests check that the cache is current, that a reader built from it is the reader built afresh, that an
answer made for another state of the normaliser is never used, that a missing cache only costs time, and
that the shared reader is built once per process."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("medspacy")

from legdx.text import derived, normalize  # noqa: E402
from legdx.text.evaluate import load_corpus  # noqa: E402
from legdx.text.normalize import Normalizer  # noqa: E402
from legdx.text.reader import Reader, get_reader  # noqa: E402
from legdx.text.rules import data_dir, default_rules  # noqa: E402
from text_readings import MODES  # noqa: E402


def _shape(r: Reader) -> dict:
    """What the normalised phrases and the needs become in a built reader."""
    return {
        "targets": [(t.name, t.finding, t.literal) for t in r.targets],
        "screen_words": {k: sorted(v) for k, v in r.screen.words.items()},
        "screen_seqs": r.screen.seqs,
        "lat": (r._lat_words, r._lat_pseudo),
        "context": [(c.literal, c.category, str(c.pattern)) for c in r.context.rules],
        "number_needs": [[normalize._NEED_TESTS[i] for i in ids] for ids in r.numbers.rules_need],
        "age_needs": [[normalize._NEED_TESTS[i] for i in ids] for ids in r.numbers.ages_need],
        "rewrite_needs": [[normalize._NEED_TESTS[i] for i in ids] for ids in r.normalizer._needs],
        "takeback_needs": [[normalize._NEED_TESTS[i] for i in ids] for ids in r._takeback_needs],
        "problems": r.problems,
    }


def test_derived_cache_is_current():
    """``data/rules_derived.json`` is what the default readers work out now: after a change to a rule file,
    the lexicon, the knowledge base or normalize.py, run ``scripts/build_rules_cache.py``."""
    shipped = (data_dir() / derived.DERIVED_FILE).read_text(encoding="utf-8")
    if json.loads(shipped).get("python") != derived.python_version():
        pytest.skip("the derived cache was built under another Python version (its answers are not used)")
    assert shipped == derived.build_derived(), "rules_derived.json is out of date: run build_rules_cache.py"


def test_cache_is_used_and_turned_off_after_building():
    tables = derived.install()
    assert tables, "the shipped derived cache was not read (missing, or of another format or code)"
    assert normalize.NEEDS_KNOWN
    r = get_reader()
    assert r.normalizer._phrases is None and r.normalizer._phrases_seen is None


@pytest.mark.parametrize("fast", MODES)
def test_reader_from_cache_is_reader_built_afresh(fast):
    """Every normalised phrase and need the cache gives equals the one worked out again, and so does what
    the reader reads (a few development and heldout narratives)."""
    rules = default_rules()
    cached = Reader(rules, fast_semantic=fast)
    with derived.recording():
        fresh = Reader(rules, fast_semantic=fast)
    assert _shape(cached) == _shape(fresh)
    texts = [c.text for c in load_corpus("development")[:8]] + [c.text for c in load_corpus("heldout")[:4]]
    for t in texts:
        assert cached.read(t).model_dump_json() == fresh.read(t).model_dump_json(), t[:60]


def test_a_table_of_another_state_is_never_used():
    """An answer is used only in the normaliser state it was made in: a word added to the vocabulary or to
    the protected words makes another state, where the old (here: deliberately wrong) answer is not seen."""
    lex = default_rules().lexicon
    n = Normalizer(lex, ["calf"])
    n.use_phrases({n.state_key(): {"pain in the calf": "WRONG"}})
    assert n.normalize_phrase("pain in the calf") == "WRONG"  # the table is read in its own state
    n.add_vocabulary(["claudicating"])
    assert n.normalize_phrase("pain in the calf") == "pain in the calf"
    m = Normalizer(lex, ["calf"])
    m.use_phrases({m.state_key(): {"pain in the calf": "WRONG"}})
    m.protect_words(["calfs"])
    assert m.normalize_phrase("pain in the calf") == "pain in the calf"
    # the key covers the lexicon's tables and the code too
    k = Normalizer(lex, ["calf"])
    k.spelling["calf"] = "leg"
    assert k.state_key() != m.state_key() != Normalizer(lex, ["calf"]).state_key()
    assert normalize.code_key() in json.dumps(json.loads((data_dir() / derived.DERIVED_FILE).read_text()))


def test_needs_from_cache_equal_needs_worked_out():
    _tables, needs = derived._load()
    assert len(needs) > 100
    for (flags, pattern), got in needs.items():
        assert got == normalize._literal_needs(pattern, flags), pattern


def test_missing_cache_only_costs_time(tmp_path, monkeypatch):
    """Without the file (or with a broken one) every answer is worked out as before: the same reader."""
    rules = default_rules()
    cached = Reader(rules, fast_semantic=False)
    for content in (None, "{not json", json.dumps({"format": 0})):
        if content is not None:
            (tmp_path / derived.DERIVED_FILE).write_text(content, encoding="utf-8")
        monkeypatch.setattr(derived, "data_dir", lambda: tmp_path)
        derived._load.cache_clear()
        known = dict(normalize.NEEDS_KNOWN)
        normalize.NEEDS_KNOWN.clear()
        try:
            assert derived.install() == {}
            assert not normalize.NEEDS_KNOWN
            bare = Reader(rules, fast_semantic=False)
        finally:
            normalize.NEEDS_KNOWN.update(known)
            monkeypatch.undo()
            derived._load.cache_clear()
        assert _shape(bare) == _shape(cached)


def test_shared_reader_is_built_once_per_process():
    """``get_reader`` builds one reader per setting and process; a second ``Reader()`` takes the rules
    already loaded (``default_rules``) rather than loading them again."""
    assert get_reader() is get_reader()
    assert get_reader(fast_semantic=False) is get_reader(fast_semantic=False)
    assert Reader(fast_semantic=False).rules is get_reader().rules is default_rules()


def test_mined_phrases_read_by_libyaml_equal_pyyaml():
    """``load_mined`` parses ``data/mined.yaml`` with libyaml when present (session 22: ~28 ms -> ~3 ms of the
    load): the same file as PyYAML's pure-Python safe loader reads it."""
    import yaml

    from legdx.text.mined import MinedFile, load_mined, mined_path

    pure = MinedFile.model_validate(yaml.safe_load(mined_path().read_text(encoding="utf-8")))
    assert load_mined() == pure
    assert load_mined().model_dump_json() == pure.model_dump_json()
