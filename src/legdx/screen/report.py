"""The summary report: report.html with PNG charts (matplotlib, Agg) beside it in OUT/charts/."""

from __future__ import annotations

import html
import string
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from legdx.screen.config import Rules


def _charts(
    out: Path, result: Any, rules: Rules, summaries: dict[str, Any], fin: dict[str, Any]
) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    d = out / "charts"
    d.mkdir(exist_ok=True)
    files: dict[str, str] = {}

    fig, ax = plt.subplots(figsize=(7, 3.2))
    ids = [r.id for r in rules.rules]
    counts = [result.per_rule.get(i, 0) for i in ids]
    ax.barh(ids[::-1], counts[::-1], color="#3b6ea8")
    for y, v in enumerate(counts[::-1]):
        ax.text(v, y, f" {v:,}", va="center", fontsize=8)
    ax.set_xlabel("patients flagged")
    ax.set_title("Patients per rule")
    fig.tight_layout()
    fig.savefig(d / "rules.png", dpi=110)
    plt.close(fig)
    files["rules"] = "charts/rules.png"

    fig, ax = plt.subplots(figsize=(7, 3.2))
    hist = summaries["abi_histogram"]
    if hist:
        bins = np.array([h["bin"] for h in hist]) / 50
        ax.bar(bins, [h["n"] for h in hist], width=0.02, align="edge", color="#6a8f3b")
    for x, label in ((0.90, "0.90"), (1.00, "1.00"), (1.40, "1.40")):
        ax.axvline(x, color="#aa3333", lw=0.8, ls="--")
        ax.text(x, ax.get_ylim()[1] * 0.95, f" {label}", color="#aa3333", fontsize=8, va="top")
    ax.set_xlabel("lowest resting ABI on record")
    ax.set_ylabel("patients")
    ax.set_title(
        "ABI distribution (2024 ACC/AHA bands: <=0.90 abnormal, 0.91-0.99 borderline, >1.40 noncompressible)",
        fontsize=8,
    )
    fig.tight_layout()
    fig.savefig(d / "abi.png", dpi=110)
    plt.close(fig)
    files["abi"] = "charts/abi.png"

    fig, ax = plt.subplots(figsize=(7, 3.6))
    pyr: dict[str, dict[int, int]] = {}
    for sex, band, n in fin["pyramid"]:
        pyr.setdefault(sex, {})[band] = n
    bands = sorted({b for v in pyr.values() for b in v})
    male = [pyr.get("male", {}).get(b, 0) for b in bands]
    female = [pyr.get("female", {}).get(b, 0) for b in bands]
    labels = [f"{b}-{b + 4}" for b in bands]
    ax.barh(labels, [-m for m in male], color="#3b6ea8", label="male")
    ax.barh(labels, female, color="#c0607a", label="female")
    lim = max(male + female + [1])
    ax.set_xlim(-lim * 1.1, lim * 1.1)
    ax.set_xticks(ax.get_xticks())
    ax.set_xticklabels([f"{abs(int(t)):,}" for t in ax.get_xticks()], fontsize=8)
    ax.axvline(0, color="black", lw=0.5)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title("Age and sex of flagged patients")
    fig.tight_layout()
    fig.savefig(d / "pyramid.png", dpi=110)
    plt.close(fig)
    files["pyramid"] = "charts/pyramid.png"

    fig, ax = plt.subplots(figsize=(7, 3.4))
    x, cum = fin["curve"]
    ey = result.expected_yield
    if len(x):
        ax.plot(x, cum, color="#3b6ea8", label="expected PAD found (sum of PAD probabilities)")
        ax.plot(
            x,
            x * (cum[-1] / x[-1]),
            color="gray",
            ls=":",
            lw=0.8,
            label="same number of ABIs in random order",
        )
        if ey["abis"]:
            ax.axvline(ey["abis"], color="#aa3333", ls="--", lw=0.8)
            ax.annotate(
                f"budget {ey['budget']:,}: {ey['expected_pad']:,.0f} expected (PPV {ey['expected_ppv']:.0%})",
                (ey["abis"], ey["expected_pad"]),
                fontsize=8,
                xytext=(8, -12),
                textcoords="offset points",
            )
        ax.legend(fontsize=8, loc="lower right")
    ax.set_xlabel(f"ABIs performed, in worklist order ({rules.yield_rule})")
    ax.set_ylabel("patients with PAD (expected)")
    ax.set_title("Expected yield by referral budget")
    fig.tight_layout()
    fig.savefig(d / "yield.png", dpi=110)
    plt.close(fig)
    files["yield"] = "charts/yield.png"
    return files


def write_report(
    out: Path,
    result: Any,
    rules: Rules,
    summaries: dict[str, Any],
    fin: dict[str, Any],
    codes: dict[str, Any],
    bad_lines: list[str],
    columns: list[str],
) -> Path:
    files = _charts(out, result, rules, summaries, fin)
    e = html.escape
    pop = summaries["population"]
    rows = "".join(
        f"<tr><td>{r.priority}</td><td><b>{e(r.id)}</b><br>{e(r.title)}</td>"
        f"<td class=n>{result.per_rule.get(r.id, 0):,}</td><td>{e(r.action.strip())}</td>"
        f"<td>{e(r.source)} ({e(r.grade)})</td></tr>"
        for r in rules.rules
    )
    unknown = "".join(
        f"<tr><td>{e(u['resource'])}</td><td>{e(u['system'])}</td><td>{e(u['code'])}</td>"
        f"<td>{e(u['display'])}</td><td class=n>{u['rows']:,}</td><td>{e(u['reason'])}</td></tr>"
        for u in codes["top_unknown"]
    )
    disp = "".join(
        f"<tr><td>{e(k)}</td><td class=n>{v:,}</td></tr>"
        for k, v in sorted(codes["rows_by_disposition"].items())
    )
    status = "".join(
        f"<tr><td>{e(k)}</td><td class=n>{v:,}</td></tr>"
        for k, v in sorted(codes["not_used_status"].items(), key=lambda kv: -kv[1])
    )
    bad = "".join(f"<li><code>{e(b)}</code></li>" for b in bad_lines[:50])
    ey = result.expected_yield
    values = {
        "input": e(result.input),
        "as_of": str(result.as_of),
        "engine": e(result.engine),
        "setting": e(rules.setting),
        "patients": f"{result.patients:,}",
        "with_abi": f"{pop.get('with_abi') or 0:,}",
        "age_unknown": f"{pop.get('age_unknown') or 0:,}",
        "flagged": f"{result.flagged_patients:,}",
        "worklist_rows": f"{sum(result.per_rule.values()):,}",
        "seconds": f"{result.seconds:,.1f}",
        "peak": f"{result.peak_rss_mb:,.0f}",
        "rule_rows": rows,
        "yield_rule": e(rules.yield_rule or ""),
        "rank_condition": e(rules.rank_condition),
        "referrals": f"{ey['referrals']:,}",
        "abis": f"{ey['abis']:,}",
        "budget": f"{ey['budget']:,}",
        "expected_pad": f"{ey['expected_pad']:,.1f}",
        "expected_ppv": f"{ey['expected_ppv']:.1%}",
        "expected_pad_all": f"{ey['expected_pad_all']:,.1f}",
        "columns": e(", ".join(columns)),
        "dispositions": disp,
        "status_rows": status,
        "unknown_codes": f"{codes['unknown_codes']:,}",
        "unknown_rows": f"{codes['unknown_rows']:,}",
        "unknown": unknown,
        "bad_count": f"{result.bad_lines:,}",
        "bad": bad or "<li>none</li>",
        **{f"chart_{k}": v for k, v in files.items()},
    }
    template = (resources.files("legdx.screen") / "report.html").read_text(encoding="utf-8")
    doc = string.Template(template).substitute(values)
    path = out / "report.html"
    path.write_text(doc, encoding="utf-8")
    return path
