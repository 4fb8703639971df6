"""Plain text for terminals, logs and e-mail: no colour, no markup, wrapped to a fixed width."""

from __future__ import annotations

import textwrap

from legdx.report.document import Block, Document, Heading, Item, Items, Para, Table, plain

WIDTH = 100


def _wrap(s: str, indent: str = "", hanging: str | None = None, width: int = WIDTH) -> list[str]:
    return textwrap.wrap(s, width=width, initial_indent=indent,
                         subsequent_indent=indent if hanging is None else hanging,
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _items(items: list[Item], ordered: bool, indent: str = "") -> list[str]:
    lines = []
    for i, it in enumerate(items, 1):
        marker = f"{i}. " if ordered else "- "
        lines += _wrap(plain(it.body), indent + marker, indent + " " * len(marker))
        if it.children:
            lines += _items(it.children, False, indent + " " * len(marker))
    return lines


def _table(t: Table, width: int = WIDTH) -> list[str]:
    cells = [[plain(c) for c in row] for row in t.rows]
    n = len(t.header)
    natural = [max([len(t.header[j])] + [len(r[j]) for r in cells]) for j in range(n)]
    gap = 2
    avail = width - gap * (n - 1)
    widths = list(natural)
    while sum(widths) > avail:
        j = max(range(n), key=lambda k: widths[k])
        floor = max(8, len(t.header[j]))
        if widths[j] <= floor:
            break
        widths[j] -= 1
    widths = [max(w, 1) for w in widths]

    def row_lines(row: list[str]) -> list[str]:
        wrapped = [textwrap.wrap(c, widths[j], break_long_words=True) or [""] for j, c in enumerate(row)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = [(w[k] if k < len(w) else "").ljust(widths[j]) for j, w in enumerate(wrapped)]
            out.append((" " * gap).join(parts).rstrip())
        return out

    lines = row_lines(t.header)
    lines.append((" " * gap).join("-" * w for w in widths))
    for r in cells:
        lines += row_lines(r)
    return lines


def _block(b: Block) -> list[str]:
    if isinstance(b, Para):
        if b.style == "warning":
            return _wrap(plain(b.body), "! ", "  ")
        return _wrap(plain(b.body))
    if isinstance(b, Heading):
        return [""] + _wrap(plain(b.body))
    if isinstance(b, Items):
        return _items(b.items, b.ordered)
    return _table(b) + [""]


def render_text(doc: Document) -> str:
    bn = doc.banner
    out = [bn.line(), "=" * min(WIDTH, max(20, len(bn.line()))), ""]
    out += [doc.title, ""] + _wrap(doc.meta) + [""]
    for s in doc.sections:
        if s.title:
            out += [s.title.upper(), "-" * len(s.title)]
        for b in s.blocks:
            out += _block(b)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
