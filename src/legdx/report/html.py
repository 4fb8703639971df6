"""A self-contained, printable HTML document (inline CSS, no external assets, A4 print styles).

All text is escaped with ``html.escape``; source tags link to their entry in the references.
"""

from __future__ import annotations

import html
import re

from legdx.report.document import Block, Document, Heading, Inline, Item, Items, Para, Table

_COLOURS = {  # background, text; the level's words are always printed as well
    "emergency_ambulance": ("#8b0000", "#ffffff"),
    "emergency": ("#c62828", "#ffffff"),
    "consultation_24": ("#f9a825", "#000000"),
    "consultation": ("#1565c0", "#ffffff"),
    "self_care": ("#2e7d32", "#ffffff"),
}

CSS = """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans","Liberation Sans",Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.4;
 color:#111;max-width:190mm;margin:1.5em auto;padding:0 1em}
h1{font-size:16pt;margin:.8em 0 .2em}
h2{font-size:13pt;margin:1.2em 0 .4em;border-bottom:1px solid #999;padding-bottom:.1em}
h3{font-size:11.5pt;margin:.9em 0 .3em}
p{margin:.35em 0}
ul,ol{margin:.3em 0 .3em 1.4em;padding:0}
li{margin:.15em 0}
table{border-collapse:collapse;width:100%;margin:.4em 0;font-size:9.5pt}
th,td{border:1px solid #888;padding:.2em .35em;text-align:left;vertical-align:top}
th{background:#eee}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:9pt}
a.src{color:#0b3d91;text-decoration:none;white-space:nowrap}
.banner{border:3px solid #000;padding:.6em .8em;margin:0 0 1em;font-size:12.5pt}
.banner .words{font-weight:bold;letter-spacing:.03em;display:block;font-size:14pt}
.banner .prompt{font-weight:bold}
.note{font-style:italic;color:#333}
.warning{border-left:4px solid #b26a00;padding-left:.5em}
.lead{font-size:11.5pt}
.meta{color:#444;font-size:9pt}
.disclaimer{border:1px solid #999;padding:.4em .6em;background:#f6f6f6}
@page{size:A4;margin:15mm 14mm}
@media print{
 body{margin:0;max-width:none;padding:0;font-size:10pt}
 .banner,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 h2,h3{break-after:avoid;page-break-after:avoid}
 tr,li{break-inside:avoid;page-break-inside:avoid}
 a.src{color:#000}
}
"""


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _anchor(sid: str) -> str:
    return "ref-" + re.sub(r"[^A-Za-z0-9_.:-]", "_", sid)


def inline(body: Inline) -> str:
    out = []
    for r in body:
        if r.kind == "src":
            out.append(f'<a class="src" href="#{_e(_anchor(r.text))}">[{_e(r.text)}]</a>')
        elif r.kind == "strong":
            out.append(f"<strong>{_e(r.text)}</strong>")
        elif r.kind == "code":
            out.append(f"<code>{_e(r.text)}</code>")
        else:
            out.append(_e(r.text))
    return "".join(out)


def _items(items: list[Item], ordered: bool) -> str:
    tag = "ol" if ordered else "ul"
    lis = []
    for it in items:
        ident = f' id="{_e(_anchor(it.anchor))}"' if it.anchor else ""
        sub = _items(it.children, False) if it.children else ""
        lis.append(f"<li{ident}>{inline(it.body)}{sub}</li>")
    return f"<{tag}>{''.join(lis)}</{tag}>"


def _table(t: Table) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in t.header)
    rows = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in t.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _block(b: Block) -> str:
    if isinstance(b, Para):
        cls = f' class="{b.style}"' if b.style else ""
        return f"<p{cls}>{inline(b.body)}</p>"
    if isinstance(b, Heading):
        return f"<h3>{inline(b.body)}</h3>"
    if isinstance(b, Items):
        return _items(b.items, b.ordered)
    return _table(b)


def render_html(doc: Document) -> str:
    bn = doc.banner
    bg, fg = _COLOURS.get(bn.level, ("#ffffff", "#000000"))
    level_class = re.sub(r"[^a-z0-9_]", "", bn.level)
    banner = (
        f'<div class="banner level-{level_class}" role="alert" style="background:{bg};color:{fg}">'
        f'<span class="words">{_e(bn.words)}</span>'
        f'<span class="label">{_e(bn.label.rstrip("."))}.</span> '
        f'<span class="prompt">{_e(bn.prompt)}:</span> <span class="action">{_e(bn.action)}</span></div>'
    )
    parts = [banner, f"<h1>{_e(doc.title)}</h1>", f'<p class="meta">{_e(doc.meta)}</p>']
    for s in doc.sections:
        cls = ' class="disclaimer"' if s.key.startswith("disclaimer") else ""
        body = "".join(_block(b) for b in s.blocks)
        title = f"<h2>{_e(s.title)}</h2>" if s.title else ""
        parts.append(f'<section id="{_e(s.key)}"{cls}>{title}{body}</section>')
    lang = "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(doc.title)}: {_e(bn.words)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(parts) + "\n</body>\n</html>\n"
    )
