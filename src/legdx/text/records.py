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

from legdx.text.normalize import OffsetMap
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
                got = self._key_line(text, s, e, legend, record)
                if got is not None:
                    yield s, e, got
            i += 1

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
        if kind != "OBX" or len(fields) < 6:
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
        return [(self._words(label).lower(), la, len(label)), self._sep(got, va - 1), *got]

    @staticmethod
    def _cells(text: str, s: int, e: int) -> list[tuple[int, int]]:
        """The cells of a table row (stripped spans), between its outer bars."""
        a = text.index("|", s) + 1
        b = text.rindex("|", s, e)
        out: list[tuple[int, int]] = []
        c = a
        while c <= b:
            d = text.find("|", c, b)
            d = b if d == -1 else d
            x, y = c, d
            while x < y and text[x] in " \t":
                x += 1
            while y > x and text[y - 1] in " \t":
                y -= 1
            out.append((x, y))
            c = d + 1
        return out

    def _table(self, text: str, rows: list[tuple[int, int]]) -> Iterator[tuple[int, int, list[_Piece]]]:
        header: list[tuple[int, int]] | None = None
        for r, (s, e) in enumerate(rows):
            if _TABLE_RULE.match(text[s:e]):
                yield s, e, []
                continue
            cells = self._cells(text, s, e)
            if len(cells) < 2:
                continue
            words = [text[x:y].strip().lower() for x, y in cells]
            nxt_rule = r + 1 < len(rows) and _TABLE_RULE.match(text[rows[r + 1][0] : rows[r + 1][1]])
            if r == 0 and nxt_rule:
                if all(w in self.generic for w in words):
                    yield s, e, []
                    continue
                if len(cells) > 2:
                    header = cells
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
        if ", " in head and "_" not in head:
            return None
        names = [c.strip() for c in head.split(",")]
        if len(names) < 3 or not all(_CSV_HEADER_CELL.match(c) for c in names):
            return None
        out: list[tuple[int, int, list[_Piece]]] = [(s, e, [])]
        j = i + 1
        while j < len(lines):
            rs, re_ = lines[j]
            cells = self._csv_cells(text, rs, re_)
            if cells is None or len(cells) != len(names):
                break
            row: list[_Piece] = []
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
            parsed = next(csv.reader([line]))
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
        if not ("{" in text or "|" in text or "=" in text or "_" in text or "\n" in text):
            return None
        edits: list[tuple[int, int, list[_Piece]]] = []
        if "{" in text and '"' in text:
            edits += self._json(text)
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
        om = OffsetMap()
        out: list[str] = []
        npos = opos = 0
        for a, b, pieces in edits:
            if a < opos:
                continue
            if a > opos:
                om.add(npos, a - opos, opos, a - opos)
                out.append(text[opos:a])
                npos += a - opos
            for rep, oa, ol in pieces:
                if not rep:
                    continue
                om.add(npos, len(rep), oa, max(1, ol))
                out.append(rep)
                npos += len(rep)
            opos = b
        if opos < len(text):
            om.add(npos, len(text) - opos, opos, len(text) - opos)
            out.append(text[opos:])
        new = "".join(out)
        if new == text:
            return None
        if not om.pieces:
            om.add(0, 0, 0, 0)
        return new, om
