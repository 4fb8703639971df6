"""The terminal face: rich panels and tables with a coloured triage banner that also prints its words."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from legdx.report.document import Block, Document, Heading, Inline, Item, Items, Para, Table

_STYLES = {
    "emergency_ambulance": "bold white on dark_red",
    "emergency": "bold white on red3",
    "consultation_24": "bold black on gold1",
    "consultation": "bold white on dodger_blue3",
    "self_care": "bold white on green4",
}
_BORDER = {
    "emergency_ambulance": "red", "emergency": "red", "consultation_24": "yellow",
    "consultation": "blue", "self_care": "green",
}


def text(body: Inline, style: str = "") -> Text:
    """Inline runs as a rich ``Text`` (never parsed as console markup)."""
    t = Text(style=style)
    for r in body:
        if r.kind == "src":
            t.append(f"[{r.text}]", style="cyan")
        elif r.kind == "strong":
            t.append(r.text, style="bold")
        elif r.kind == "code":
            t.append(r.text, style="magenta")
        else:
            t.append(r.text)
    return t


def _items(items: list[Item], ordered: bool, depth: int = 0) -> list[RenderableType]:
    out: list[RenderableType] = []
    for i, it in enumerate(items, 1):
        marker = "  " * depth + (f"{i}. " if ordered else ("• " if depth == 0 else "- "))
        # a two-column grid keeps wrapped lines aligned under the text, not under the marker
        grid = RichTable.grid(padding=0)
        grid.add_column(width=len(marker), no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(marker), text(it.body))
        out.append(grid)
        if it.children:
            out.extend(_items(it.children, False, depth + 1))
    return out


def _table(t: Table) -> RichTable:
    rt = RichTable(box=box.SIMPLE_HEAD, show_lines=False, expand=False, header_style="bold")
    for h in t.header:
        rt.add_column(h, overflow="fold")
    for row in t.rows:
        rt.add_row(*(text(c) for c in row))
    return rt


def _block(b: Block) -> list[RenderableType]:
    if isinstance(b, Para):
        style = {"note": "italic", "warning": "bold yellow", "lead": "bold"}.get(b.style, "")
        return [text(b.body, style)]
    if isinstance(b, Heading):
        return [Text(""), text(b.body, "bold underline")]
    if isinstance(b, Items):
        return _items(b.items, b.ordered)
    return [_table(b)]


def print_document(doc: Document, console: Console) -> None:
    bn = doc.banner
    style = _STYLES.get(bn.level, "bold reverse")
    head = Text(bn.words, style=style)
    body = Text()
    body.append(bn.label.rstrip(".") + ". ", style="bold")
    body.append(bn.prompt + ": ", style="bold")
    body.append(bn.action)
    console.print(Panel(Group(head, body), title="TRIAGE", title_align="left",
                        border_style=_BORDER.get(bn.level, "white"), box=box.HEAVY))
    console.print(Text(doc.title, style="bold"))
    console.print(Text(doc.meta, style="dim"))
    for s in doc.sections:
        parts: list[RenderableType] = []
        for b in s.blocks:
            parts.extend(_block(b))
        if not s.title:
            console.print(Panel(Group(*parts), border_style="dim"))
            continue
        border = _BORDER.get(bn.level, "white") if s.key in ("now", "red_flags", "urgent") else "grey50"
        console.print(Panel(Group(*parts), title=Text(s.title, style="bold"), title_align="left",
                            border_style=border))
