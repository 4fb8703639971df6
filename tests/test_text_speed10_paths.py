"""Session 10 (speed) paths: the reader's imports, and the unanchored target-group pre-check."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

pytest.importorskip("medspacy")


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_reader_loads_without_torch_or_nltk_and_both_stay_importable() -> None:
    """Building and using the reader imports neither torch (through thinc) nor nltk (through QuickUMLS) and
    the libraries nltk imports; afterwards both import as usual and nltk's stand-in gives the real module."""
    code = (
        "import sys\n"
        "from legdx.text.reader import Reader\n"
        "for fs in (False, True):\n"
        "    Reader(fast_semantic=fs).read('Calf pain walking 100 m, better standing still. No back pain.')\n"
        "bad = {'torch', 'scipy', 'sklearn', 'pandas'} & set(sys.modules)\n"
        "assert not bad, bad\n"
        "nltk = sys.modules.get('nltk')\n"
        "assert nltk is None or type(nltk).__name__ == '_Deferred', nltk\n"
        "import importlib.util\n"
        "assert nltk is None or importlib.util.find_spec('nltk') is not None\n"
    )
    if importlib.util.find_spec("nltk") is not None:
        code += (
            "import nltk, quickumls.core\n"
            # the stand-in answers from the real module
            "assert quickumls.core.nltk.__version__ == nltk.__version__\n"
            "assert type(sys.modules['nltk']).__name__ == 'module'\n"
        )
    if importlib.util.find_spec("torch") is not None:
        code += "import torch\nassert torch.zeros(2).sum().item() == 0\n"
    _run(code)


def test_nltk_submodule_imported_through_the_stand_in() -> None:
    """A submodule of nltk imported while the stand-in is there gives the real package and submodule."""
    if importlib.util.find_spec("nltk") is None:
        pytest.skip("nltk is not installed")
    _run(
        "import sys\n"
        "from legdx.text.nlp_imports import import_nlp\n"
        "import_nlp()\n"
        "from nltk.corpus import stopwords\n"
        "import nltk\n"
        "assert type(sys.modules['nltk']).__name__ == 'module'\n"
        "assert sys.modules['nltk.corpus'] is nltk.corpus and stopwords is nltk.corpus.stopwords\n"
    )


def test_spacy_imported_first_is_left_as_it_is() -> None:
    """When spaCy and medspaCy are imported before the reader, the reader changes nothing about them."""
    code = (
        "import sys, spacy, medspacy, thinc.compat\n"
        "has = thinc.compat.has_torch\n"
        "from legdx.text.nlp_imports import import_nlp\n"
        "import_nlp()\n"
        "assert thinc.compat.has_torch == has and type(sys.modules.get('nltk')).__name__ == 'module'\n"
    )
    _run(code)


def test_required_word_test_is_spacys_token_test() -> None:
    """The unanchored-group pre-check passes exactly the words whose token passes the pattern's first
    required token (spaCy's Matcher on a one-word doc), for the kinds of test it makes."""
    import spacy
    from spacy.matcher import Matcher

    from legdx.text.reader import _required_word_test

    nlp = spacy.blank("en")
    patterns = [
        [{"TEXT": {"REGEX": "^[1-7]/7$"}}],
        [{"LOWER": "since", "OP": "?"}, {"LOWER": {"IN": ["fortnight", "week"]}}],
        [{"ORTH": "Dx"}, {"LOWER": "of"}],
        [{"TEXT": {"REGEX": "[0-9]+x"}, "OP": "+"}],
    ]
    words = ["3/7", "8/7", "13/7", "Week", "week", "fortnight", "since", "Dx", "dx", "12x", "x", "of"]
    for pat in patterns:
        test = _required_word_test([pat])
        assert test is not None
        required = next(t for t in pat if t.get("OP") in (None, "+"))
        m = Matcher(nlp.vocab)
        m.add("t", [[{k: v for k, v in required.items() if k != "OP"}]])
        for w in words:
            doc = nlp.make_doc(w)
            assert len(doc) == 1
            assert test(doc[0].text, doc[0].lower_) == bool(m(doc)), (pat, w)
    assert _required_word_test([[{"LEMMA": "walk"}]]) is None
    assert _required_word_test([[{"LOWER": "a", "OP": "?"}]]) is None


def test_phrase_lowers_are_the_tokenizers_on_every_rule_phrase() -> None:
    """``_PhraseLowers`` (the reader's split of its rule phrases when it is built) gives spaCy's tokens, and
    leaves the same lexemes in the vocabulary, for every literal target phrase and screen item of the rules,
    and for phrases that need the tokenizer."""
    import spacy

    from legdx.text.reader import _PLAIN_PHRASE, Reader, _PhraseLowers

    r = Reader(fast_semantic=False)
    phrases = [rule.literal.lower() for rule in r.target_matcher.rules.values() if rule.pattern is None]
    phrases += [
        r.normalizer.normalize_phrase(item.strip().lower()).strip().lower()
        for items in r.rules.screen.concepts.values()
        for item in items
    ]
    phrases += ["cannot walk", "dont know", "e.g. calf", "3/7", "calf  pain", " calf", "can't", "www", "x"]
    assert sum(1 for p in phrases if _PLAIN_PHRASE.fullmatch(p)) > 5000
    slow, fast = spacy.blank("en"), spacy.blank("en")
    split = _PhraseLowers(fast.tokenizer)
    for p in phrases:
        assert split(p) == [t.lower_ for t in slow.tokenizer(p)], p
    assert sorted(lex.orth_ for lex in fast.vocab) == sorted(lex.orth_ for lex in slow.vocab)


def test_guard_file_reads_the_same_with_libyaml() -> None:
    """The fast layer's guard file is read with libyaml's safe loader when present: the same objects."""
    import yaml

    from legdx.text.fastsem import guard_path

    text = guard_path().read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert yaml.load(text, Loader=loader) == yaml.safe_load(text)  # noqa: S506
