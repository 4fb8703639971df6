"""Markdown (CommonMark, GFM tables). Text from the assessment is escaped; sources print as ``[id]``."""

from __future__ import annotations

import re

from legdx.report.document import Block, Document, Heading, Inline, Item, Items, Para, Table

_SPECIAL = re.compile(r"[\\`*\[\]|~]|<(?=[A-Za-z/!?])|&(?=#?\w+;)|(?<!\w)_|_(?!\w)")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def escape(s: str) -> str:
    """Escape Markdown syntax in plain text so it prints as written."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), s)


def inline(body: Inline) -> str:
    out = []
    for r in body:
        if r.kind == "src":
            out.append(f"[{r.text}]")
        elif r.kind == "strong":
            out.append(f"**{escape(r.text.strip())}**" + (" " if r.text.endswith(" ") else ""))
        elif r.kind == "code":
            fence = "``" if "`" in r.text else "`"
            out.append(f"{fence}{r.text}{fence}")
        else:
            out.append(escape(r.text))
    return "".join(out).strip()


def _start(s: str) -> str:
    """Escape a character that would start a block construct at the beginning of a line."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if len(m.group(2)) == 1
                           else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], s, count=1)


def _items(items: list[Item], ordered: bool, indent: str = "") -> list[str]:
    lines = []
    for i, it in enumerate(items, 1):
        marker = f"{i}." if ordered else "-"
        lines.append(f"{indent}{marker} {inline(it.body)}")
        if it.children:
            lines.extend(_items(it.children, False, indent + " " * (len(marker) + 1)))
    return lines


def _cell(body: Inline) -> str:
    return inline(body) or " "


def _table(t: Table) -> list[str]:
    head = "| " + " | ".join(escape(h) or " " for h in t.header) + " |"
    rule = "|" + "|".join("---" for _ in t.header) + "|"
    return [head, rule] + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]


def _block(b: Block) -> list[str]:
    if isinstance(b, Para):
        text = _start(inline(b.body))
        if b.style == "note" and text:
            return [f"*{text}*"]
        if b.style == "warning":
            return [f"> {text}"]
        return [text]
    if isinstance(b, Heading):
        return [f"### {inline(b.body)}"]
    if isinstance(b, Items):
        return _items(b.items, b.ordered)
    return _table(b)


def render_markdown(doc: Document) -> str:
    bn = doc.banner
    out = [f"> **{escape(bn.words)}: {escape(bn.label.rstrip('.'))}.** "
           f"**{escape(bn.prompt)}:** {escape(bn.action)}", ""]
    out += [f"# {escape(doc.title)}", "", escape(doc.meta), ""]
    for s in doc.sections:
        if s.title:
            out += [f"## {escape(s.title)}", ""]
        for b in s.blocks:
            out += _block(b)
            out.append("")
    return "\n".join(out).rstrip() + "\n"
