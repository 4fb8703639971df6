"""Session 22 (fmt): the record-format layer. Structured input is presented to the rules as the lines
'field value' they read (forms and 'Field: value' records, sessions 12 and 14), with a map back to the
original text's offsets.

What is read as a record, and only when it is clearly one (prose comes back as it is, found by a few
substring tests before any parsing):

- JSON objects and arrays, also after a prefix ('symptom_checker_v2 {...}', 'name.json {...}') and
  truncated or invalid (a tolerant scanner, not ``json.loads``; nesting deeper than ``_MAX_DEPTH`` is
  skipped, never recursed into): each member is a line, an array of words is 'key a, b', a nested object
  its own lines; an object with a label key and a value key (FHIR-like '{"code":"legs","value":"weak"}')
  is the line 'legs weak';
- ``key=value`` runs of three pairs or more on a line with a key in snake case or a yes/no value;
- CSV with a header row (cells named like fields, written without a space after the commas, three columns
  or more) and rows of as many cells: each cell read as 'header cell', the header row left out;
- HL7-like OBX segments ('OBX|1|TX|PAIN||text'): 'pain text'; NTE segments: their text;
- markdown tables ('| question | answer |'): a row is 'first second'; the rule row and a header row of
  words that name no field are left out;
- lines 'key: value' whose key is in snake case, and in a text of two such lines or more (or with a 1/0
  legend) every short 'key: value' line;
- keys in snake case or camel case are words ('left_calf_swollen' is 'left calf swollen');
- a whole value true/false (TRUE/FALSE, Y/N) is 'yes'/'no'; 1/0 are so only where the text gives a legend
  ('(1=yes 0=no)'); an empty or null value is left out (not asked).

A field keeps its colon before an answer ('bladder: no', 'headache: yes': read as a form's answers);
before anything else it is followed by a space ('calf tense, woody'): a colon ends a clause for the rules,
which read a body part and what is said of it within one. The words are data (``lexicon.yaml: records``).
Inserted words (a CSV header before its cell, 'yes' for 'true') map to the span of the cell or value they
stand for."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from legdx.text.normalize import OffsetMap, apply_edits
from legdx.text.rules import RecordsSpec

#: a piece of the output: its text, and the original span [start, start + length) it stands for
_Piece = tuple[str, int, int]
#: a node of a scanned JSON value: kind ('s' string, 'l' literal, 'o' object, 'a' array), original start and
#: end (a string's without its quotes), the text (a string's decoded, a literal's as written), and the members
#: (object: (key, value or None) pairs; array: items)
_Node = tuple[str, int, int, str, list]

#: nesting deeper than this is skipped (a deep or hostile input must not recurse or hang)
_MAX_DEPTH = 24
#: the start of a JSON object with a quoted key, or of an array of objects or strings
_JSON_START = re.compile(r'[{\[][ \t\r\n]*"[^"\n]{1,80}"[ \t]*:|\[[ \t\r\n]*\{[ \t\r\n]*"')
_ESCAPES = {"n": "\n", "t": " ", "r": " ", '"': '"', "\\": "\\", "/": "/", "b": " ", "f": " "}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
#: a "key: value" line whose key is in snake case ('passive_toe_extension: agony')
_SNAKE_LINE = re.compile(
    r"^([ \t]*)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)[ \t]*:[ \t]*(.*?)[ \t\r]*$", re.MULTILINE
)
#: any "key: value" line (its value read as yes or no by a legend)
_KEY_LINE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z0-9 _()/?-]{0,60}?)[ \t]*:[ \t]*(.*?)[ \t\r]*$", re.M)
#: session 23: a 'key: value' line with a key in lower case (YAML), its key and value
_LOWER_KEY_LINE = re.compile(r"[ \t]*([a-z][a-z0-9_ ]{0,30}?)[ \t]*:[ \t]+(.*?)[ \t\r]*$")
#: a legend that makes 1 and 0 yes and no
_LEGEND = re.compile(
    r"\b1[ \t]*[=:][ \t]*yes\b[ \t,;/]*0[ \t]*[=:][ \t]*no\b"
    r"|\b0[ \t]*[=:][ \t]*no\b[ \t,;/]*1[ \t]*[=:][ \t]*yes\b",
    re.IGNORECASE,
)
_ONE_ZERO = re.compile(r"([01])(?![\w.,/])")
#: a key=value pair (its value runs to the next pair or the line's end)
_KV = re.compile(r"(?<![\w=.:/])([A-Za-z][A-Za-z0-9_.]*)=(?!=)")
#: an HL7-like segment
_SEGMENT = re.compile(r"^[ \t]*([A-Z][A-Z0-9]{2})\|", re.M)
#: a markdown table row
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t\r]*$")
_TABLE_RULE = re.compile(r"^[\s|:\-+]*$")
#: a CSV header cell: a field's name (three words at most)
_CSV_HEADER_CELL = re.compile(r"^[A-Za-z][A-Za-z0-9_./()#-]*(?: [A-Za-z0-9_./()#-]+){0,2}$")


#: session 23: an XML tag (its closing slash, name, attributes and self-closing slash), a comment or a
#: declaration; every part bounded (a hostile input is scanned in linear time)
_XML_TAG = re.compile(
    r"<(/?)([A-Za-z_][\w:.-]{0,60})((?:\s+[\w:.-]{1,60}\s*=\s*(?:\"[^\"<>]{0,4000}\"|'[^'<>]{0,4000}'))*)\s*(/?)>"
    r"|<!--(?:[^-]|-(?!->)){0,4000}-->|<[?!][^<>]{0,4000}>"
)
_XML_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
#: attributes that say nothing to a reader (a namespace, an identifier, a coding system)
_XML_QUIET = re.compile(
    r"^(?:xmlns\b.*|xsi:.*|id|ref|uuid|guid|oid|system|codesystem\w*|version|moodcode|classcode)$", re.I
)
#: session 23: a quoted-printable e-mail (its header), its soft line breaks, its encoded bytes, and a header's
#: encoded words ('=?UTF-8?Q?Back_pain?=')
_QP_HEADER = re.compile(r"^content-transfer-encoding:[ \t]*quoted-printable[ \t\r]*$", re.I | re.M)
_QP_SOFT = re.compile(r"=\r?\n")
_QP_BYTES = re.compile(r"(?:=[0-9A-F]{2}){1,64}")
_QP_WORD = re.compile(r"=\?[\w-]{1,40}\?[QqBb]\?([^?\s]{0,400})\?=")
#: HTML tags of a sentence's words (bold, a link): dropped, the words left in their sentence
_XML_INLINE = frozenset("b i u s em strong span a font small big sup sub mark strike tt code abbr q".split())
#: session 23: HL7 v2 segments with no finding in them (the message header, visit, event, order control)
_HL7_QUIET = frozenset({"MSH", "EVN", "PV1", "PV2", "PD1", "ORC", "SFT", "MRG", "NK1", "IN1", "GT1"})


def _qp_chars(run: str) -> str:
    """The characters of a run of quoted-printable bytes ('=E2=80=99' is a right quote); bytes that are no
    UTF-8 are read as Latin-1."""
    data = bytes(int(run[k + 1 : k + 3], 16) for k in range(0, len(run), 3))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _eol(value: list[_Piece]) -> _Piece:
    """A line's end after ``value``: mapped to the value's last character (the map stays in order)."""
    _t, a, n = value[-1]
    return ("\n", a + max(0, n - 1), 1)


def _key_words(raw: str) -> str:
    """A key as words: snake case and dots read as spaces, camel case split."""
    out = raw.replace("_", " ").replace(".", " ")
    return _CAMEL.sub(" ", out)


def _decode(raw: str) -> str:
    if "\\" not in raw:
        return raw
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c == "\\" and i + 1 < n:
            d = raw[i + 1]
            if d == "u" and i + 6 <= n:
                try:
                    out.append(chr(int(raw[i + 2 : i + 6], 16)))
                    i += 6
                    continue
                except ValueError:
                    pass
            out.append(_ESCAPES.get(d, d))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


#: one token of a JSON value after any white space: a bracket, colon or comma; a string (ending at its quote,
#: or unclosed at the line's end); or a bare literal (a number, true, a key without quotes)
_JSON_TOKEN = re.compile(r'\s*(?:([{}\[\],:])|"((?:[^"\\\n]|\\[^\n])*)("?)|([^\s,:{}\[\]"][^,:{}\[\]"\n]*))')
#: what counts when a too deep value is skipped: brackets and strings
_NESTED_TOKEN = re.compile(r'[{}\[\]]|"(?:[^"\\\n]|\\[^\n])*"?')


def _skip_nested(text: str, i: int) -> int:
    """The end of the bracketed value starting at ``i`` (or the text's end), strings skipped."""
    depth = 0
    for m in _NESTED_TOKEN.finditer(text, i):
        c = m.group()
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth <= 0:
                return m.end()
    return len(text)


def scan_json(text: str, i0: int) -> tuple[_Node | None, int]:
    """The JSON value starting at ``text[i0]`` ('{' or '['), scanned tolerantly (an unclosed string ends at
    the line's end; unclosed brackets at the text's end; a member without a value is kept without one), and
    the offset after it. An explicit stack and one regex match per token: no recursion, linear time."""
    n = len(text)
    # frame: [kind, start, members, key node or None, colon seen]
    stack: list[list] = []
    root: _Node | None = None
    i = i0

    def attach(node: _Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        fr = stack[-1]
        if fr[0] == "a":
            fr[2].append(node)
        elif fr[3] is None:
            fr[3], fr[4] = node, False
        elif fr[4]:
            fr[2].append((fr[3], node))
            fr[3], fr[4] = None, False
        else:  # a key without a colon, then another: the first had no value
            fr[2].append((fr[3], None))
            fr[3], fr[4] = node, False

    def close(end: int) -> _Node:
        fr = stack.pop()
        if fr[0] == "o" and fr[3] is not None:
            fr[2].append((fr[3], None))
        return (fr[0], fr[1], end, "", fr[2])

    match = _JSON_TOKEN.match
    while i < n:
        m = match(text, i)
        if m is None or m.end() == i:
            break
        i = m.end()
        c = m.group(1)
        if c is not None:
            if c in "{[":
                start = m.start(1)
                if len(stack) >= _MAX_DEPTH:
                    j = _skip_nested(text, start)
                    attach(("l", start, j, "", []))
                    i = j
                else:
                    stack.append(["o" if c == "{" else "a", start, [], None, False])
            elif c in "}]":
                if not stack:
                    break
                attach(close(i))
            elif c == ":":
                if stack and stack[-1][0] == "o" and stack[-1][3] is not None:
                    stack[-1][4] = True
            elif stack and stack[-1][0] == "o" and stack[-1][3] is not None and not stack[-1][4]:
                stack[-1][2].append((stack[-1][3], None))  # a comma after a key without a value
                stack[-1][3] = None
        elif m.group(2) is not None:
            attach(("s", m.start(2), m.end(2), _decode(m.group(2)), []))
        else:
            raw = m.group(4).rstrip()
            a = m.start(4)
            attach(("l", a, a + len(raw), raw, []))
        if not stack and root is not None:
            break
    while stack:
        attach(close(n))
    return root, i


class Records:
    """Applies the record-format layer (``unfold``) with the words of ``lexicon.yaml: records``."""

    def __init__(self, spec: RecordsSpec):
        self.yes = frozenset(w.lower() for w in spec.yes)
        self.no = frozenset(w.lower() for w in spec.no)
        self.not_asked = frozenset(w.lower() for w in spec.not_asked)
        self.label_keys = [w.lower() for w in spec.label_keys]
        self.value_keys = tuple(w.lower() for w in spec.value_keys)
        self.generic = frozenset(w.lower() for w in spec.generic_headers)
        self.answers = frozenset(w.lower() for w in spec.answer_words)
        self.flag_marks = tuple(w.lower() for w in spec.flag_key_marks)
        self.site_keys = frozenset(w.lower() for w in spec.site_keys)
        self.described = frozenset(w.lower() for w in spec.described_keys)
        self.text_tags = frozenset(w.lower() for w in spec.text_tags)
        self.dating = frozenset(w.lower() for w in spec.dating_keys)

    def _sep(self, value: list[_Piece], at: int) -> _Piece:
        """What stands between a field and its value: a colon before an answer ('bladder: no'), a space
        before anything else ('calf tense, woody': the rules read a finding and what is said of it within a
        clause, and a colon ends one). ``at``: the original offset it stands for."""
        first = value[0][0].strip().split(" ", 1)[0].strip(".,;").lower() if value else ""
        return (": ", at, 1) if first in self.answers else (" ", at, 1)

    # ---------------------------------------------------------------------------------------------- values
    def _value(self, text: str, a: int, b: int, legend: bool = False) -> list[_Piece] | None:
        """The pieces of a value ``text[a:b]`` (stripped): 'yes'/'no' for a yes/no word (1/0 with a legend),
        None when it says nothing (empty, null: not asked)."""
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t\r":
            b -= 1
        if b - a >= 2 and text[a] in "\"'" and text[b - 1] == text[a]:
            a, b = a + 1, b - 1  # a quoted value (YAML, CSV): its text inside the quotes ('"no"' is no)
        v = text[a:b]
        low = v.lower()
        if not v or low in self.not_asked:
            return None
        if low in self.yes:
            return [("yes", a, b - a)]
        if low in self.no:
            return [("no", a, b - a)]
        if legend:
            m = _ONE_ZERO.match(v)
            if m:
                return [("yes" if m.group(1) == "1" else "no", a, 1), (v[1:], a + 1, b - a - 1)]
        return [(v, a, b - a)]

    def _words(self, raw: str) -> str:
        """A key as words (``_key_words``) without a flag's mark ('fever_yn' is 'fever')."""
        out = _key_words(raw)
        low = out.lower()
        for mark in self.flag_marks:
            m = mark.replace("_", " ")
            if low.endswith(m) and len(low) > len(m) and m != "?":
                return out[: len(out) - len(m)].rstrip()
        return out

    def _flagged(self, key: str) -> bool:
        """A key that says its value is a yes/no flag ('fever_yn', 'fever (y/n)', 'swollen?'): its 1 and 0
        are yes and no."""
        low = key.strip().lower()
        return bool(low) and low.endswith(self.flag_marks)

    def _json_value(self, text: str, node: _Node, flag: bool = False) -> list[_Piece] | None:
        kind, a, b, val, _ = node
        if kind == "l":
            return self._value(text, a, b, flag)
        low = val.strip().lower()
        if not low or low in self.not_asked:
            return None
        if low in self.yes:
            return [("yes", a, b - a)]
        if low in self.no:
            return [("no", a, b - a)]
        if len(val) == b - a:
            return [(val, a, b - a)]  # as written: the map stays one to one
        return [(val, a, max(1, b - a))]

    def _key(self, node: _Node) -> list[_Piece]:
        """A key (or a FHIR-like label) as words, without a question's mark ('Numbness between the legs?'
        answered false is 'Numbness between the legs: no', read as a form's answer)."""
        _kind, a, b, val, _ = node
        lead = len(val) - len(val.lstrip())
        bare = val.strip().rstrip("?: \t").rstrip()
        if len(val) == b - a:
            return [(self._words(bare), a + lead, max(1, len(bare)))]
        return [(self._words(bare), a, max(1, b - a))]

    # ---------------------------------------------------------------------------------------------- JSON
    def _label(self, node: _Node | None, depth: int = 0) -> _Node | None:
        """The text node a FHIR-like label value stands for (a string, or an object's 'text'/'display', or its
        'coding' array's first)."""
        if node is None or depth > 3:
            return None
        if node[0] in "sl":
            return node if node[3].strip() else None
        if node[0] == "o":
            for k, v in node[4]:
                if k[3].lower() in ("text", "display") and v is not None and v[0] == "s":
                    return v
            for k, v in node[4]:
                if k[3].lower() == "coding" and v is not None and v[0] == "a" and v[4]:
                    return self._label(v[4][0], depth + 1)
        return None

    def _pair(self, node: _Node) -> tuple[_Node, _Node] | None:
        """(label, value) of an object that records one thing (FHIR 'code' and 'value...', with two other
        members at most: a unit, a system, an id), else None; the label of the key listed first in
        ``label_keys`` whose value has a letter."""
        labels: list[tuple[int, _Node]] = []
        value = None
        others = 0
        for k, v in node[4]:
            if v is None:
                continue
            kl = k[3].lower()
            if kl not in self.label_keys and not kl.startswith(self.value_keys):
                others += 1  # a unit, a system, an id; a record of its own has more
                if others > 2:
                    return None
            elif kl in self.label_keys:
                lab = self._label(v)
                if lab is not None and any(ch.isalpha() for ch in lab[3]):
                    labels.append((self.label_keys.index(kl), lab))
            elif value is None and kl.startswith(self.value_keys):
                value = v
        if labels and value is not None:
            return min(labels, key=lambda t: t[0])[1], value
        return None

    def _pair_value(self, text: str, node: _Node, depth: int) -> list[_Piece] | None:
        if node[0] in "sl":
            return self._json_value(text, node)
        if node[0] == "a":
            if node[4] and node[4][0][0] == "o" and depth < 3:  # an answer list: its first answer
                return self._pair_value(text, node[4][0], depth + 1)
            return self._scalars(text, node)
        if node[0] == "o" and depth < 3:
            for k, v in node[4]:  # a quantity {"value": 5, "unit": "..."}, a coding
                if v is not None and k[3].lower().startswith(self.value_keys):
                    return self._pair_value(text, v, depth + 1)
            lab = self._label(node)
            if lab is not None:
                return self._json_value(text, lab)
        return None

    def _scalars(self, text: str, node: _Node) -> list[_Piece] | None:
        out: list[_Piece] = []
        for it in node[4]:
            if it[0] not in "sl":
                return None
            got = self._json_value(text, it)
            if got:
                if out:
                    out.append((", ", it[1], 1))
                out += got
        return out or None

    def _json_lines(self, text: str, node: _Node, key: _Node | None, out: list[_Piece], depth: int) -> None:
        """The 'key: value' lines of a JSON value."""
        kind = node[0]
        if depth > _MAX_DEPTH:
            return
        if kind in "sl":
            got = self._json_value(text, node, key is not None and self._flagged(key[3]))
            if got:
                if key is not None:
                    out += self._key(key)
                    out.append(self._sep(got, key[2]))
                out += got
                out.append(_eol(got))
            return
        if kind == "a":
            sc = self._scalars(text, node) if node[4] else None
            if sc is not None:
                if key is not None:
                    out += self._key(key)
                    out.append(self._sep(sc, key[2]))
                out += sc
                out.append(_eol(sc))
                return
            for it in node[4]:
                self._json_lines(text, it, None if it[0] == "o" else key, out, depth + 1)
            return
        pair = self._pair(node)
        if pair is not None:
            got = self._pair_value(text, pair[1], 0)
            if got:
                out += self._key(pair[0])
                out.append(self._sep(got, pair[0][2]))
                out += got
                out.append(_eol(got))
            return
        if key is not None and node[4]:
            out += self._key(key)
            out.append((":\n", key[2], 1))
        site = self._site(text, node)
        for k, v in node[4]:
            if v is not None and k[0] in "sl":
                if site is not None and v[0] in "sl" and self._words(k[3]).strip().lower() in self.described:
                    out += [*site, (" ", k[1], 1)]
                self._json_lines(text, v, k, out, depth + 1)

    def _site(self, text: str, node: _Node) -> list[_Piece] | None:
        """The value of an object's site field (a few words), if it has one and a field describing it."""
        if not self.site_keys:
            return None
        keys = {self._words(k[3]).strip().lower(): v for k, v in node[4] if v is not None}
        if not self.described & keys.keys():
            return None
        for name, v in keys.items():
            if name in self.site_keys and v[0] == "s" and 0 < len(v[3].split()) <= 8:
                return self._json_value(text, v)
        return None

    def _json(self, text: str) -> Iterator[tuple[int, int, list[_Piece]]]:
        pos = 0
        while True:
            m = _JSON_START.search(text, pos)
            if m is None:
                return
            root, end = scan_json(text, m.start())
            end = max(end, m.end())
            if root is not None and root[0] in "oa":
                out: list[_Piece] = [("\n", m.start(), 1)]
                self._json_lines(text, root, None, out, 0)
                yield m.start(), end, out
            pos = end

    # ---------------------------------------------------------------------------------------------- e-mail
    @staticmethod
    def _qp(text: str) -> Iterator[tuple[int, int, list[_Piece]]]:
        """A quoted-printable e-mail (session 23, probes session23_wa:4, wa:37): its soft line breaks ('sad='
        at a line's end, 'dle' on the next) are no breaks, its encoded bytes ('I=E2=80=99ve') their
        characters, and a header's encoded words ('=?UTF-8?Q?Back_pain_question?=') their text. Only with the
        header that says so."""
        if _QP_HEADER.search(text) is None:
            return
        for m in _QP_WORD.finditer(text):
            raw = m.group(1)
            if m.group(0).split("?")[2] in "Qq":
                got = _QP_BYTES.sub(lambda b: _qp_chars(b.group(0)), raw.replace("_", " "))
                yield m.start(), m.end(), [(got, m.start(1), max(1, len(raw)))]
        body = _QP_HEADER.search(text)
        start = body.end() if body is not None else 0
        for m in _QP_SOFT.finditer(text, start):
            yield m.start(), m.end(), []
        for m in _QP_BYTES.finditer(text, start):
            yield m.start(), m.end(), [(_qp_chars(m.group(0)), m.start(), m.end() - m.start())]

    # ---------------------------------------------------------------------------------------------- XML
    def _xml_label(self, text: str, tag: re.Match[str]) -> tuple[list[_Piece], list[_Piece], list[_Piece]]:
        """The label of an XML tag (its name attribute, else its element's name unless that names no field),
        its value attribute, and its other attributes' values, as pieces."""
        label: list[_Piece] = []
        value: list[_Piece] = []
        others: list[_Piece] = []
        base = tag.start(3)
        for m in _XML_ATTR.finditer(tag.group(3)):
            key = m.group(1).lower()
            g = 2 if m.group(2) is not None else 3
            a, b = base + m.start(g), base + m.end(g)
            if _XML_QUIET.match(key) or b <= a:
                continue
            if not label and key in self.label_keys:
                label = [(self._words(text[a:b]).strip(), a, b - a)]
            elif not value and key.startswith(self.value_keys):
                value = self._value(text, a, b) or []
            else:
                got = self._value(text, a, b)
                if got:
                    others += [(", " if others else "", a, 1), *got]
        name = tag.group(2).split(":")[-1]
        if not label and name.lower() not in self.text_tags:
            label = [(self._words(name).strip(), tag.start(2), len(tag.group(2)))]
        return label, value, others

    def _xml(self, text: str) -> Iterator[tuple[int, int, list[_Piece]]]:
        """XML (CDA-like documents, handovers, referrals): an element with text is the line 'name text' (its
        name attribute, else its element's name; a value attribute is its text), other attributes' values
        after the name ('problem (resolved, 2022) left toe ulcer'); a container's tags are line breaks. Tags
        deeper than ``_MAX_DEPTH`` and unbalanced tags are line breaks too; the text between tags is kept."""
        tags = [m for m in _XML_TAG.finditer(text) if m.group(2) is not None]
        if len(tags) < 2 or not any(m.group(1) or m.group(4) for m in tags):
            return
        first, last = tags[0].start(), tags[-1].end()
        out: list[_Piece] = [("\n", first, 1)]
        pos = first
        depth = 0
        for k, m in enumerate(tags):
            if m.start() > pos:  # text between tags (or a comment: left out)
                seg = text[pos : m.start()]
                if not seg.lstrip().startswith("<") and seg.strip():
                    out.append((seg, pos, len(seg)))
            pos = m.end()
            if m.group(2).lower() in _XML_INLINE:
                continue  # '<b>left calf</b>' in a sentence: the words as they are, no line break
            closing, selfclosing = bool(m.group(1)), bool(m.group(4))
            if closing:
                depth = max(0, depth - 1)
                out.append(("\n", m.start(), 1))
                continue
            if depth >= _MAX_DEPTH:
                out.append(("\n", m.start(), 1))
                if not selfclosing:
                    depth += 1
                continue
            label, value, others = self._xml_label(text, m)
            nxt = tags[k + 1] if k + 1 < len(tags) else None
            leaf = (
                not selfclosing
                and nxt is not None
                and nxt.group(1) == "/"
                and nxt.group(2) == m.group(2)
                and text[m.end() : nxt.start()].strip() != ""
            )
            if not selfclosing:
                depth += 1
            if leaf and nxt is not None:
                got = self._value(text, m.end(), nxt.start())
                if got is None:  # 'null', 'not recorded': not asked
                    out.append(("\n", m.start(), 1))
                    pos = nxt.start()
                    continue
                head = label + ([(" (", m.start(3), 1), *others, (")", m.end(3) - 1, 1)] if others else [])
                out += [("\n", m.start(), 1), *head]
                if head:
                    out.append(self._sep(got, m.end() - 1))
                out += got
                pos = nxt.start()
                continue
            if value:
                head = label + ([(" (", m.start(3), 1), *others, (")", m.end(3) - 1, 1)] if others else [])
                out += [("\n", m.start(), 1), *head]
                if head:
                    out.append(self._sep(value, m.start(3)))
                out += [*value, ("\n", m.end() - 1, 1)]
                continue
            if selfclosing and (label or others):
                out += [("\n", m.start(), 1), *label, *([(" ", m.start(3), 1)] if label else []), *others]
                out.append(("\n", m.end() - 1, 1))
                continue
            # a container: its label attribute ('<section code="HPI">') and other attributes as a line
            attr = [p for p in label if p[1] >= m.start(3)]
            line = attr + ([(" ", m.start(3), 1)] if attr and others else []) + others
            out += [("\n", m.start(), 1), *line, ("\n", m.end() - 1, 1)]
        if tags[-1].group(2).lower() not in _XML_INLINE:
            out.append(("\n", last - 1, 1))
        lines: list[_Piece] = []
        for p in out:  # one line break between lines
            if p[0] == "\n" and (not lines or lines[-1][0].endswith("\n")):
                continue
            if p[0] or p[2]:
                lines.append(p)
        yield first, last, lines

    # ---------------------------------------------------------------------------------------------- lines
    def _lines(self, text: str, legend: bool, record: bool) -> Iterator[tuple[int, int, list[_Piece]]]:
        """The line formats: key=value runs, HL7-like segments, markdown tables, CSV, snake-case keys."""
        lines: list[tuple[int, int]] = []
        a = 0
        for line in text.split("\n"):
            lines.append((a, a + len(line)))
            a += len(line) + 1
        i = 0
        while i < len(lines):
            s, e = lines[i]
            line = text[s:e]
            if "|" in line:
                seg = _SEGMENT.match(line)
                if seg:
                    got = self._segment(text, s, e, seg.group(1))
                    if got is not None:
                        yield s, e, got
                    i += 1
                    continue
                if _TABLE_ROW.match(line):
                    j = i
                    while j < len(lines) and _TABLE_ROW.match(text[lines[j][0] : lines[j][1]]):
                        j += 1
                    if j - i >= 2:
                        yield from self._table(text, lines[i:j])
                        i = j
                        continue
            for sep in "|\t":
                if sep in line:
                    j = self._bare_rows(text, lines, i, sep)
                    if j - i >= 2:
                        yield from self._table(text, lines[i:j], sep, outer=False)
                        break
            else:
                j = i
            if j - i >= 2:
                i = j
                continue
            if "," in line and i + 1 < len(lines):
                got_csv = self._csv(text, lines, i, legend)
                if got_csv is not None:
                    rows, j = got_csv
                    yield from rows
                    i = j
                    continue
            if "=" in line:
                got = self._kv(text, s, e)
                if got is not None:
                    yield s, e, got
                    i += 1
                    continue
            if ":" in line:
                dated = self._dating_line(text, lines, i)
                if dated is not None:
                    yield s - 1, e, dated
                    i += 1
                    continue
                got = self._key_line(text, s, e, legend, record)
                if got is not None:
                    yield s, e, got
            i += 1

    def _dating_line(self, text: str, lines: list[tuple[int, int]], i: int) -> list[_Piece] | None:
        """Session 23 (fmt2, probe session23_wa:54): in a record of lower-case keys (YAML), a field that dates
        the field before it ('problem: left foot drop' then 'since: 2017 after disc surgery') continues that
        field's line ('problem: left foot drop since 2017 after disc surgery'), as a writer of prose would put
        it: the rules read a finding and its date within one clause. The keys are data (``dating_keys``)."""
        if i == 0 or not self.dating:
            return None
        s, e = lines[i]
        m = _LOWER_KEY_LINE.match(text, s, e)
        ps, pe = lines[i - 1]
        if m is None or m.group(1) not in self.dating or not m.group(2):
            return None
        prev = _LOWER_KEY_LINE.match(text, ps, pe)
        if prev is None or not prev.group(2) or prev.group(1) in self.dating:
            return None
        val = self._value(text, m.start(2), m.end(2))
        if val is None:
            return None
        return [(" ", s - 1, 1), (m.group(1), m.start(1), len(m.group(1))), (" ", m.end(1), 1), *val]

    @staticmethod
    def _bare_rows(text: str, lines: list[tuple[int, int]], i: int, sep: str) -> int:
        """The end of a table without outer bars (or a tab-separated export) starting at line ``i``: lines
        with as many separators as the first (one or more) and a cell on each side of them, or rule rows;
        ``i`` when there are fewer than two such lines. A line that is an HL7 segment or has outer bars is
        none."""
        first = text[lines[i][0] : lines[i][1]].rstrip("\r")
        n = first.count(sep)
        if n < 1 or (sep == "|" and (_SEGMENT.match(first) or _TABLE_ROW.match(first))):
            return i
        j = i
        while j < len(lines):
            row = text[lines[j][0] : lines[j][1]].rstrip("\r")
            if sep == "|" and (_SEGMENT.match(row) or _TABLE_ROW.match(row)):
                break
            if j > i and _TABLE_RULE.match(row) and row.count("|") + row.count("-") >= 3:
                j += 1
                continue
            cells = row.split(sep)
            if len(cells) != n + 1 or not cells[0].strip() or not any(c.strip() for c in cells[1:]):
                break
            j += 1
        return j if j - i >= 2 else i

    def _key_line(self, text: str, s: int, e: int, legend: bool, record: bool) -> list[_Piece] | None:
        """A 'key: value' line: a snake-case key as words; in a record (a text of two snake-case keys or
        more, or with a 1/0 legend) any short key's line, its value read as yes or no by the legend and its
        colon kept only before an answer; elsewhere a flag's line with a 1 or 0 ('Fever (y/n): 1')."""
        m = _SNAKE_LINE.match(text, s, e)
        if m is not None:
            ka, kb, va, vb = m.start(2), m.end(2), m.start(3), m.end(3)
        else:
            m = _KEY_LINE.match(text, s, e)
            if m is None or m.group(1).count(" ") > 4:
                return None
            if not record and not (self._flagged(m.group(1)) and _ONE_ZERO.match(m.group(2))):
                return None  # outside a record only a flag's 1 or 0 ('Fever (y/n): 1')
            ka, kb, va, vb = m.start(1), m.end(1), m.start(2), m.end(2)
        colon = text.index(":", kb, va + 1) if va > kb else kb
        out: list[_Piece] = [(text[s:ka], s, ka - s)] if ka > s else []
        out.append((self._words(text[ka:kb]), ka, kb - ka))
        val = self._value(text, va, vb, legend or self._flagged(text[ka:kb]))
        if val is None:
            return out + [(text[kb:e], kb, e - kb)] if e > kb else out
        return out + [self._sep(val, colon), *val]

    def _kv(self, text: str, s: int, e: int) -> list[_Piece] | None:
        pairs = list(_KV.finditer(text, s, e))
        if len(pairs) < 3:
            return None
        vals = []
        for k, m in enumerate(pairs):
            vend = pairs[k + 1].start() if k + 1 < len(pairs) else e
            vals.append((m.start(1), m.end(1), m.end(), vend))
        snake = any("_" in m.group(1) for m in pairs)
        yesno = any(text[c:d].strip().lower() in self.yes | self.no for _a, _b, c, d in vals)
        if not (snake or yesno):
            return None
        out: list[_Piece] = []
        first = pairs[0].start()
        if first > s:
            out += [(text[s:first].rstrip(), s, max(1, len(text[s:first].rstrip()))), ("\n", first - 1, 1)]
        for ka, kb, va, vb in vals:
            got = self._value(text, va, vb, self._flagged(text[ka:kb]))
            if got is None:
                continue
            out += [(self._words(text[ka:kb]), ka, kb - ka), self._sep(got, kb), *got, ("\n", vb - 1, 1)]
        return out

    def _segment(self, text: str, s: int, e: int, kind: str) -> list[_Piece] | None:
        fields: list[tuple[int, int]] = []
        a = s
        for part in text[s:e].split("|"):
            fields.append((a, a + len(part)))
            a += len(part) + 1
        if kind == "NTE" and len(fields) > 3:
            va, vb = fields[3]
            return [(text[va:vb], va, vb - va)] if vb > va else None
        if kind != "OBX":
            return self._other_segment(text, kind, fields)
        if len(fields) < 6:
            return None
        ia, ib = fields[3]
        va, vb = fields[5]
        if vb <= va:
            return None
        comps = [c for c in text[ia:ib].split("^") if any(ch.isalpha() for ch in c)]
        label = max(comps, key=len) if comps else ""
        value = text[va:vb].replace("^", " ")
        if not label:
            return [(value, va, vb - va)]
        la = text.find(label, ia, ib)
        got: list[_Piece] = [(value, va, vb - va)]
        if "^" not in text[va:vb]:
            got = self._value(text, va, vb) or got  # 'Y', 'N' (session 23)
        return [(self._words(label).lower(), la, len(label)), self._sep(got, va - 1), *got]

    def _other_segment(self, text: str, kind: str, fields: list[tuple[int, int]]) -> list[_Piece] | None:
        """Session 23 (fmt2, probes session23_wa): HL7 v2 segments other than OBX and NTE. A header, visit or
        order-control segment (MSH, PV1, ...) says nothing (left out); PID gives the year of birth and the sex
        ('DOB 1952, sex F': the numbers rules read an age and a sex from them); DG1, PR1 and AL1 are a
        diagnosis, a procedure and an allergy, with the year of any date in them ('diagnosis Embolism of lower
        limb artery 2019': a past event is dated); any other segment (OBR, a site's own Z segment) is the text
        of its fields that have words, a code in capitals with underscores read as words."""
        if kind in _HL7_QUIET:
            return []
        if kind == "PID":
            out: list[_Piece] = []
            if len(fields) > 7:
                a, b = fields[7]
                m = re.match(r"((?:19|20)\d\d)-?\d\d-?\d\d", text[a:b])
                if m:
                    out += [("DOB ", a, 1), (m.group(1), a, 4)]
            if len(fields) > 8:
                a, b = fields[8]
                if text[a:b] in ("F", "M"):
                    out += [(", " if out else "", a, 1), ("sex ", a, 1), (text[a:b], a, 1)]
            return out
        words: list[_Piece] = []
        year: _Piece | None = None
        for a, b in fields[2:]:
            v = text[a:b]
            if year is None:
                m = re.fullmatch(r"((?:19|20)\d\d)\d{4}(?:\d{4,6})?", v)
                if m:
                    year = (m.group(1), a, 4)
                    continue
            c0 = a
            for comp in v.split("^"):
                ca, c0 = c0, c0 + len(comp) + 1
                code = " " not in comp.strip() and (
                    any(ch.isdigit() for ch in comp) or (comp.isupper() and len(comp) <= 3)
                )
                if code or sum(ch.isalpha() for ch in comp) < 3:
                    continue  # a code ('I48.0', 'I10', 'DA', 'ST')
                if words:
                    words.append((", " if kind not in ("AL1",) else " ", ca, 1))
                words.append((_key_words(comp).lower() if comp.isupper() else comp, ca, len(comp)))
        if not words:
            return []
        head = {"DG1": "diagnosis ", "PR1": "procedure ", "AL1": "allergy "}.get(kind)
        out = ([(head, words[0][1], 1)] if head else []) + words
        if year is not None and head:
            out += [(" ", year[1], 1), year]
        return out

    @staticmethod
    def _cells(text: str, s: int, e: int, sep: str = "|", outer: bool = True) -> list[tuple[int, int]]:
        """The cells of a table row (stripped spans), between its outer bars (``outer``) or its line's ends
        (session 23: a table without outer bars, 'pain|sudden severe calf pain'; a tab-separated export)."""
        if outer:
            a = text.index(sep, s) + 1
            b = text.rindex(sep, s, e)
        else:
            a, b = s, e
        out: list[tuple[int, int]] = []
        c = a
        while c <= b:
            d = text.find(sep, c, b)
            d = b if d == -1 else d
            x, y = c, d
            while x < y and text[x] in " \t":
                x += 1
            while y > x and text[y - 1] in " \t":
                y -= 1
            out.append((x, y))
            c = d + 1
        return out

    def _table(
        self, text: str, rows: list[tuple[int, int]], sep: str = "|", outer: bool = True
    ) -> Iterator[tuple[int, int, list[_Piece]]]:
        header: list[tuple[int, int]] | None = None
        grid = [
            None if _TABLE_RULE.match(text[s:e]) else self._cells(text, s, e, sep, outer) for s, e in rows
        ]
        # session 23 (fmt2, probe session23_wa:16): a first column of row numbers ('1|onset|5 days') says
        # nothing
        data = [c for c in grid[1:] if c]
        index = bool(data) and all(
            len(c) > 2 and re.fullmatch(r"\d{1,4}\.?", text[c[0][0] : c[0][1]]) for c in data
        )
        for r, (s, e) in enumerate(rows):
            if grid[r] is None:
                yield s, e, []
                continue
            cells = grid[r] or []
            if index and len(cells) > 2:
                cells = cells[1:]
            if len(cells) < 2:
                continue
            words = [text[x:y].strip().lower() for x, y in cells]
            nxt_rule = r + 1 < len(rows) and grid[r + 1] is None
            bare_head = (
                not outer
                and r == 0
                and (len(rows) < 2 or grid[1] is not None)
                and all(_CSV_HEADER_CELL.match(text[x:y]) for x, y in cells)
            )
            if r == 0 and (nxt_rule or bare_head):
                if all(w in self.generic for w in words):
                    yield s, e, []
                    continue
                if len(cells) > 2 or bare_head:
                    header = cells if len(cells) > 2 else None
                    yield s, e, []
                    continue
            out: list[_Piece] = []
            (la, lb), rest = cells[0], cells[1:]
            if lb <= la:
                continue
            out.append((text[la:lb], la, lb - la))
            got_any = False
            for k, (x, y) in enumerate(rest):
                got = self._value(text, x, y)
                if got is None:
                    continue
                if got_any:
                    out.append(("; ", x - 1, 1))
                else:
                    out.append(self._sep(got, lb))
                if header is not None and k + 1 < len(header):
                    ha, hb = header[k + 1]
                    out.append((text[ha:hb] + " ", x, y - x))
                out += got
                got_any = True
            if got_any:
                yield s, e, out

    def _csv(
        self, text: str, lines: list[tuple[int, int]], i: int, legend: bool
    ) -> tuple[list[tuple[int, int, list[_Piece]]], int] | None:
        s, e = lines[i]
        head = text[s:e].strip()
        quoted = head.startswith('"') and head.endswith('"')
        # session 23 (fmt2): a header written with ', ' is a header when its cells are quoted ('"id",
        # "date"'), or when its rows are an export's (a row starting with a digit: a date, an id, a number)
        spaced = ", " in head and "_" not in head
        if quoted:
            try:
                names = [c.strip() for c in next(csv.reader([head], skipinitialspace=True))]
            except (csv.Error, StopIteration):
                return None
        else:
            names = [c.strip() for c in head.split(",")]
        if len(names) < (2 if quoted else 3) or not all(_CSV_HEADER_CELL.match(c) for c in names):
            return None
        if spaced and not quoted:
            if any(len(c.split()) > 2 for c in names):
                return None
            nxt = text[lines[i + 1][0] : lines[i + 1][1]].lstrip()
            if not nxt[:1].isdigit():
                return None
        out: list[tuple[int, int, list[_Piece]]] = [(s, e, [])]
        j = i + 1
        while j < len(lines):
            rs, re_ = lines[j]
            cells = self._csv_cells(text, rs, re_)
            if cells is None or len(cells) != len(names):
                break
            if spaced and all(y <= x for x, y in cells[1:]):
                break
            row: list[_Piece] = []
            if all(n.lower() in self.generic for n in names):
                # session 23 (fmt2, probe session23_wa:48): 'item, answer' names no field: the row is the
                # first cell and its answer ('Headache: no'), as a markdown table's
                (la, lb), rest = cells[0], cells[1:]
                vals = [v for x, y in rest if (v := self._value(text, x, y, legend))]
                if lb > la and vals:
                    row = [(text[la:lb], la, lb - la), self._sep(vals[0], lb)]
                    for k, v in enumerate(vals):
                        row += ([("; ", v[0][1] - 1, 1)] if k else []) + v
                out.append((rs, re_, row))
                j += 1
                continue
            for name, (x, y) in zip(names, cells, strict=True):
                got = self._value(text, x, y, legend or self._flagged(name))
                if got is None:
                    continue
                if row:
                    row.append(("\n", x - 1, 1))
                row += [(self._words(name) + self._sep(got, x)[0], x, max(1, y - x)), *got]
            out.append((rs, re_, row))
            j += 1
        if j == i + 1:
            return None
        return out, j

    @staticmethod
    def _csv_cells(text: str, s: int, e: int) -> list[tuple[int, int]] | None:
        line = text[s:e]
        if "," not in line:
            return None
        if '"' not in line:
            out = []
            a = s
            for part in line.split(","):
                out.append((a, a + len(part)))
                a += len(part) + 1
            return out
        try:
            parsed = next(csv.reader([line], skipinitialspace=True))
        except (csv.Error, StopIteration):
            return None
        spans = []
        a = s
        for cell in parsed:  # a quoted cell: its text inside the quotes
            k = text.find(cell, a, e) if cell else a
            if k == -1:
                return None
            spans.append((k, k + len(cell)))
            a = k + len(cell)
        return spans

    # ---------------------------------------------------------------------------------------------- all
    def unfold(self, text: str) -> tuple[str, OffsetMap] | None:
        """``text`` with its records as 'field: value' lines and the map back to ``text``'s offsets, or None
        when nothing in it is a record (prose: a few substring tests decide)."""
        if not ("{" in text or "|" in text or "=" in text or "_" in text or "\n" in text or "<" in text):
            return None
        edits: list[tuple[int, int, list[_Piece]]] = []
        if "{" in text and '"' in text:
            edits += self._json(text)
        if "=" in text and "uoted-printable" in text:
            edits += self._qp(text)
        if "<" in text and ">" in text:
            taken0 = [(a, b) for a, b, _ in edits]
            edits += [e for e in self._xml(text) if not any(x < e[1] and e[0] < y for x, y in taken0)]
        if "\n" in text or "|" in text or "=" in text or "_" in text:
            legend = ("=" in text or ":" in text) and _LEGEND.search(text) is not None
            record = legend or ("_" in text and len(_SNAKE_LINE.findall(text, 0, len(text))) >= 2)
            taken = [(a, b) for a, b, _ in edits]
            for a, b, pieces in self._lines(text, legend, record):
                if not any(x < b and a < y for x, y in taken):
                    edits.append((a, b, pieces))
        if not edits:
            return None
        edits.sort(key=lambda t: t[0])
        new, om = apply_edits(text, ((a, b, [(r, oa, max(1, ol)) for r, oa, ol in p]) for a, b, p in edits))
        if new == text:
            return None
        if not om.pieces:
            om.add(0, 0, 0, 0)
        return new, om
