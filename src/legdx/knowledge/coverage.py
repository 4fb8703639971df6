"""Coverage of the knowledge base: per condition, how many findings and what grade of evidence."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from legdx.knowledge.loader import KnowledgeBase


def coverage(kb: KnowledgeBase) -> dict[str, Any]:
    minimum: dict[str, int] = dict(kb.catalog.get("coverage_minimum", {}) or {})
    rows = []
    failures: list[str] = []
    totals = {"published": 0, "derived": 0, "consensus": 0, "unverified": 0}
    for c in kb.conditions.values():
        grades = {"published": 0, "derived": 0, "consensus": 0}
        unverified = 0
        for lr in c.findings.values():
            grades[lr.grade] += 1
            unverified += int(lr.unverified)
        n = len(c.findings)
        for k in grades:
            totals[k] += grades[k]
        totals["unverified"] += unverified
        need = minimum.get(c.id, 0)
        if n < need:
            failures.append(f"{c.id}: {n} findings with LRs, needs at least {need}")
        rows.append(
            {
                "condition": c.id,
                "findings": n,
                **grades,
                "unverified": unverified,
                "pretest": len(c.pretest),
                "pretest_grades": sorted({p.grade for p in c.pretest}),
                "workup": len(c.workup),
                "management": len(c.management),
                "pitfalls": len(c.pitfalls),
                "minimum": need,
            }
        )
    return {
        "kb_version": kb.version,
        "conditions": rows,
        "totals": {
            **totals,
            "conditions": len(kb.conditions),
            "findings_defined": len(kb.findings),
            "red_flags": len(kb.red_flags),
            "tests": len(kb.tests),
            "sources": len(kb.sources),
            "sources_unverified": sum(1 for s in kb.sources.values() if not s.verified),
        },
        "failures": failures,
    }


def render_coverage(report: dict[str, Any], console: Console) -> None:
    t = Table(title=f"legdx knowledge base {report['kb_version']}: coverage")
    for col in (
        "condition",
        "LRs",
        "published",
        "derived",
        "consensus",
        "unverified",
        "priors",
        "work-up",
        "mgmt",
        "pitfalls",
    ):
        t.add_column(col, justify="left" if col == "condition" else "right")
    for r in report["conditions"]:
        short = r["findings"] < r["minimum"]
        t.add_row(
            r["condition"],
            f"{r['findings']}{' < ' + str(r['minimum']) if short else ''}",
            str(r["published"]),
            str(r["derived"]),
            str(r["consensus"]),
            str(r["unverified"]),
            f"{r['pretest']} ({'/'.join(r['pretest_grades'])})",
            str(r["workup"]),
            str(r["management"]),
            str(r["pitfalls"]),
        )
    tot = report["totals"]
    t.add_row(
        "[bold]total[/]",
        str(tot["published"] + tot["derived"] + tot["consensus"]),
        str(tot["published"]),
        str(tot["derived"]),
        str(tot["consensus"]),
        str(tot["unverified"]),
        "",
        "",
        "",
        "",
    )
    console.print(t)
    console.print(
        f"{tot['conditions']} conditions, {tot['findings_defined']} findings, {tot['red_flags']} red flags, "
        f"{tot['tests']} tests, {tot['sources']} sources ({tot['sources_unverified']} citations not "
        "re-verified). Every value has a source id and a grade (checked on load)."
    )
    for f in report["failures"]:
        console.print(f"[bold red]coverage failure:[/] {f}")
    if not report["failures"]:
        console.print("[green]knowledge base check passed[/]")
