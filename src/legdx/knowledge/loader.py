"""Load and validate the knowledge base shipped in ``legdx/knowledge/data``.

Files (each mapping is keyed by id; the key becomes the entry's ``id``):

- ``catalog.yaml``            the fixed ids of catalog.md (conditions, red flags, triage levels)
- ``conditions/<id>.yaml``    one condition per file, the file name is its id
- ``findings/*.yaml``         findings, grouped by domain
- ``tests/*.yaml``            tests the work-up can recommend
- ``red_flags/*.yaml``        red-flag rules
- ``sources/*.yaml``          the bibliography
- ``measurements.yaml``       numeric inputs with plausible ranges
- ``instruments.yaml``        points-based scores (Konno, Wells, ...)
- ``thresholds.yaml``         calculator cut-offs (ABI bands ...)
- ``settings.yaml``           engine constants that are medical judgements

Any problem raises ``KnowledgeBaseError`` naming the file, the entry and the field.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from legdx.knowledge import rules
from legdx.knowledge.schema import (
    TRIAGE_ORDER,
    ConditionDef,
    FindingDef,
    InstrumentDef,
    MeasurementDef,
    RedFlagDef,
    Settings,
    Source,
    TestDef,
    Threshold,
)

M = TypeVar("M", bound=BaseModel)

#: Numeric variables computed by the calculators (besides measurements and instrument totals).
COMPUTED_VARIABLES = {
    "age",
    "abi_right",
    "abi_left",
    "abi_lowest",
    "abi_highest",
    "tbi_right",
    "tbi_left",
    "tbi_lowest",
    "toe_pressure_lowest",
    "ankle_pressure_lowest",
    "inter_arm_difference",
    "exercise_abi_drop_fraction_max",
    "exercise_ankle_drop_mmhg_max",
    "claudication_distance_m",
    "symptom_duration_weeks",
}


class KnowledgeBaseError(ValueError):
    """The knowledge base failed validation; ``problems`` lists every fault found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n  ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"knowledge base has {len(problems)} problem(s):\n  {shown}{more}")


_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster


class _UniqueKeyLoader(_BaseLoader):
    """A YAML loader that refuses duplicate keys instead of silently keeping the last."""


def _construct_mapping(
    loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen[key] = loader.construct_object(value_node, deep=deep)
    return seen


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError([f"{name}: not valid YAML: {exc}"]) from exc


def _fmt_validation(exc: ValidationError, where: str) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        out.append(f"{where}{'.' + loc if loc else ''}: {err['msg']}")
    return out


@dataclass
class KnowledgeBase:
    conditions: dict[str, ConditionDef]
    findings: dict[str, FindingDef]
    tests: dict[str, TestDef]
    red_flags: dict[str, RedFlagDef]
    sources: dict[str, Source]
    measurements: dict[str, MeasurementDef]
    instruments: dict[str, InstrumentDef]
    thresholds: dict[str, Threshold]
    settings: Settings
    catalog: dict[str, Any]
    version: str
    files: dict[str, str] = field(default_factory=dict)  # entry key -> file it came from

    @property
    def variables(self) -> set[str]:
        return set(self.measurements) | {i.variable for i in self.instruments.values()} | COMPUTED_VARIABLES

    def threshold(self, tid: str) -> Threshold:
        return self.thresholds[tid]


def _data_root() -> Path:
    return Path(str(resources.files("legdx.knowledge") / "data"))


def _files(root: Path, sub: str) -> Iterator[Path]:
    d = root / sub
    if d.is_dir():
        yield from sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml"))


def _entries(
    path: Path, model: type[M], problems: list[str], files: dict[str, str], kind: str, root: Path
) -> dict[str, M]:
    rel = str(path.relative_to(root))
    raw = load_yaml(path.read_text(encoding="utf-8"), rel)
    out: dict[str, M] = {}
    if raw is None:
        problems.append(f"{rel}: empty file")
        return out
    if not isinstance(raw, dict):
        problems.append(f"{rel}: expected a mapping of id -> entry, got {type(raw).__name__}")
        return out
    for key, body in raw.items():
        where = f"{rel}: {kind} '{key}'"
        if not isinstance(body, dict):
            problems.append(f"{where}: expected a mapping, got {type(body).__name__}")
            continue
        if "id" in body and body["id"] != key:
            problems.append(f"{where}: id '{body['id']}' differs from its key")
            continue
        try:
            out[key] = model.model_validate({**body, "id": key})
        except ValidationError as exc:
            problems.extend(_fmt_validation(exc, where))
        files[f"{kind}:{key}"] = rel
    return out


def _merge(
    target: dict[str, M], new: dict[str, M], kind: str, files: dict[str, str], problems: list[str], rel: str
) -> None:
    for key, val in new.items():
        if key in target:
            problems.append(
                f"{rel}: {kind} '{key}' is defined twice (also in {files.get(f'{kind}:{key}', '?')})"
            )
            continue
        target[key] = val


def load(root: Path | None = None) -> KnowledgeBase:
    """Load the knowledge base from ``root`` (default: the packaged data) and validate it whole."""
    root = root or _data_root()
    problems: list[str] = []
    files: dict[str, str] = {}
    digest = hashlib.sha256()

    for p in sorted(root.rglob("*.y*ml")):
        digest.update(str(p.relative_to(root)).encode())
        digest.update(p.read_bytes())

    def collect(sub: str, model: type[M], kind: str) -> dict[str, M]:
        merged: dict[str, M] = {}
        for path in _files(root, sub):
            local_files: dict[str, str] = {}
            new = _entries(path, model, problems, local_files, kind, root)
            _merge(merged, new, kind, files, problems, str(path.relative_to(root)))
            for k, v in local_files.items():
                files.setdefault(k, v)
        return merged

    def single(name: str, model: type[M], kind: str) -> dict[str, M]:
        path = root / name
        if not path.exists():
            problems.append(f"{name}: missing")
            return {}
        return _entries(path, model, problems, files, kind, root)

    findings = collect("findings", FindingDef, "finding")
    tests = collect("tests", TestDef, "test")
    red_flags = collect("red_flags", RedFlagDef, "red flag")
    sources = collect("sources", Source, "source")
    measurements = single("measurements.yaml", MeasurementDef, "measurement")
    instruments = single("instruments.yaml", InstrumentDef, "instrument")
    thresholds = single("thresholds.yaml", Threshold, "threshold")

    conditions: dict[str, ConditionDef] = {}
    for path in _files(root, "conditions"):
        rel = str(path.relative_to(root))
        raw = load_yaml(path.read_text(encoding="utf-8"), rel)
        if not isinstance(raw, dict):
            problems.append(f"{rel}: expected a mapping")
            continue
        cid = path.stem
        if raw.get("id", cid) != cid:
            problems.append(f"{rel}: id '{raw.get('id')}' differs from the file name '{cid}'")
            continue
        try:
            conditions[cid] = ConditionDef.model_validate({**raw, "id": cid})
            files[f"condition:{cid}"] = rel
        except ValidationError as exc:
            problems.extend(_fmt_validation(exc, f"{rel}: condition '{cid}'"))

    settings: Settings | None = None
    settings_path = root / "settings.yaml"
    if settings_path.exists():
        try:
            settings = Settings.model_validate(
                load_yaml(settings_path.read_text(encoding="utf-8"), "settings.yaml")
            )
        except ValidationError as exc:
            problems.extend(_fmt_validation(exc, "settings.yaml"))
    else:
        problems.append("settings.yaml: missing")

    catalog_raw = (
        load_yaml((root / "catalog.yaml").read_text(encoding="utf-8"), "catalog.yaml")
        if (root / "catalog.yaml").exists()
        else None
    )
    catalog: dict[str, Any] = catalog_raw if isinstance(catalog_raw, dict) else {}
    if not catalog:
        problems.append("catalog.yaml: missing or empty")

    if problems or settings is None:
        raise KnowledgeBaseError(problems)

    kb = KnowledgeBase(
        conditions=conditions,
        findings=findings,
        tests=tests,
        red_flags=red_flags,
        sources=sources,
        measurements=measurements,
        instruments=instruments,
        thresholds=thresholds,
        settings=settings,
        catalog=catalog,
        version=digest.hexdigest()[:12],
        files=files,
    )
    problems.extend(cross_check(kb))
    if problems:
        raise KnowledgeBaseError(problems)
    return kb


def _sourced_refs(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """(where, source id) for every sourced value in the knowledge base."""
    for c in kb.conditions.values():
        w = f"{kb.files.get('condition:' + c.id)}: condition '{c.id}'"
        for i, pt in enumerate(c.pretest):
            yield f"{w}.pretest[{i}]", pt.source
        for fid, lr in c.findings.items():
            yield f"{w}.findings.{fid}", lr.source
        yield f"{w}.urgency", c.urgency.source
        for i, ue in enumerate(c.urgency.escalations):
            yield f"{w}.urgency.escalations[{i}]", ue.source
        if c.exertion:
            yield f"{w}.exertion", c.exertion.source
        for i, wr in enumerate(c.workup):
            yield f"{w}.workup[{i}]", wr.source
        for i, st in enumerate(c.management):
            yield f"{w}.management[{i}]", st.source
        for i, pf in enumerate(c.pitfalls):
            yield f"{w}.pitfalls[{i}]", pf.source
    for t in kb.tests.values():
        w = f"{kb.files.get('test:' + t.id)}: test '{t.id}'"
        yield w, t.source
        for i, it in enumerate(t.interpretation):
            yield f"{w}.interpretation[{i}]", it.source
    for r in kb.red_flags.values():
        yield f"{kb.files.get('red flag:' + r.id)}: red flag '{r.id}'", r.source
    for ins in kb.instruments.values():
        yield f"instruments.yaml: instrument '{ins.id}'", ins.source
        for th in ins.thresholds:
            yield f"instruments.yaml: instrument '{ins.id}'.thresholds.{th.id}", th.source
    for th in kb.thresholds.values():
        yield f"thresholds.yaml: threshold '{th.id}'", th.source
    for key, sv in kb.settings.values.items():
        yield f"settings.yaml: values.{key}", sv.source
    yield "settings.yaml: triage", kb.settings.triage.source
    yield "settings.yaml: direction_source", kb.settings.direction_source


def all_rules(kb: KnowledgeBase) -> list[tuple[Any, str]]:
    """Every rule of the knowledge base with where it is, for checks and for compiling."""
    out: list[tuple[Any, str]] = []
    for f in kb.findings.values():
        if f.derive is not None:
            out.append((f.derive, f"{kb.files.get('finding:' + f.id)}: finding '{f.id}'.derive"))
    for c in kb.conditions.values():
        w = f"{kb.files.get('condition:' + c.id)}: condition '{c.id}'"
        out.extend((wr.when, f"{w}.workup[{i}].when") for i, wr in enumerate(c.workup))
        out.extend((st.when, f"{w}.management[{i}].when") for i, st in enumerate(c.management))
        out.extend(
            (ue.when, f"{w}.urgency.escalations[{i}].when") for i, ue in enumerate(c.urgency.escalations)
        )
    for t in kb.tests.values():
        if t.done_when is not None:
            out.append((t.done_when, f"{kb.files.get('test:' + t.id)}: test '{t.id}'.done_when"))
    for r in kb.red_flags.values():
        w = f"{kb.files.get('red flag:' + r.id)}: red flag '{r.id}'"
        out.append((r.trigger, f"{w}.trigger"))
        out.extend((esc.when, f"{w}.escalations[{i}].when") for i, esc in enumerate(r.escalations))
    for ins in kb.instruments.values():
        out.extend(
            (item.when, f"instruments.yaml: instrument '{ins.id}'.items.{item.id}.when") for item in ins.items
        )
    out.append((kb.settings.triage.self_care_allowed_when, "settings.yaml: triage.self_care_allowed_when"))
    return out


def cross_check(kb: KnowledgeBase) -> list[str]:
    """Every reference resolves, every rule parses, every catalog id exists."""
    problems: list[str] = []
    fids, cids = set(kb.findings), set(kb.conditions)
    levels = TRIAGE_ORDER
    variables = kb.variables

    for where, sid in _sourced_refs(kb):
        if sid not in kb.sources:
            problems.append(f"{where}: source '{sid}' is not in the bibliography")

    for r, where in all_rules(kb):
        problems.extend(
            rules.check(r, findings=fids, conditions=cids, levels=levels, variables=variables, where=where)
        )

    for f in kb.findings.values():
        if (
            f.derive is None
            and f.question is None
            and f.kind not in ("test", "exam", "history", "demographic", "risk_factor", "symptom", "course")
        ):
            problems.append(f"finding '{f.id}': neither asked nor derived")
    for c in kb.conditions.values():
        w = f"{kb.files.get('condition:' + c.id)}: condition '{c.id}'"
        for fid in c.findings:
            if fid not in fids:
                problems.append(f"{w}.findings: unknown finding id '{fid}'")
        for i, wr in enumerate(c.workup):
            if wr.test not in kb.tests:
                problems.append(f"{w}.workup[{i}].test: unknown test '{wr.test}'")
        for i, ue in enumerate(c.urgency.escalations):
            # session 12: as urgent as the usual level is allowed: the usual level needs a minimum probability
            # (min_probability > 0), an escalation holds whatever the probability (a suspected DVT is a
            # same-day question however unlikely the Wells score makes it)
            if levels.index(ue.level) > levels.index(c.urgency.level):
                problems.append(
                    f"{w}.urgency.escalations[{i}]: an escalation must be at least as urgent as the usual "
                    "level"
                )
        seen_steps: set[str] = set()
        for i, st in enumerate(c.management):
            if st.id in seen_steps:
                problems.append(f"{w}.management[{i}]: step id '{st.id}' repeated")
            seen_steps.add(st.id)
    for r in kb.red_flags.values():
        w = f"{kb.files.get('red flag:' + r.id)}: red flag '{r.id}'"
        for i, esc in enumerate(r.escalations):
            if levels.index(esc.level) > levels.index(r.level):
                problems.append(f"{w}.escalations[{i}]: an escalation may not be less urgent than the flag")
        for fid in r.screen:
            if fid not in fids:
                problems.append(f"{w}.screen: unknown finding id '{fid}'")
        for cid in r.conditions:
            if cid not in cids:
                problems.append(f"{w}.conditions: unknown condition id '{cid}'")

    for cid in kb.catalog.get("conditions", []):
        if cid not in kb.conditions:
            problems.append(f"catalog.yaml: catalog condition '{cid}' has no conditions/{cid}.yaml")
    for rid in kb.catalog.get("red_flags", []):
        if rid not in kb.red_flags:
            problems.append(f"catalog.yaml: catalog red flag '{rid}' is not defined in red_flags/")
    for level in TRIAGE_ORDER:
        if level not in kb.settings.triage_wording:
            problems.append(f"settings.yaml: triage_wording.{level} missing")
    for cid in kb.catalog.get("coverage_minimum", {}) or {}:
        if cid not in kb.conditions:
            problems.append(f"catalog.yaml: coverage_minimum names unknown condition '{cid}'")
    if tuple(kb.catalog.get("triage_levels", [])) != TRIAGE_ORDER:
        problems.append("catalog.yaml: triage_levels differ from the engine's order")
    for key in (
        "shrink_ci_ratio",
        "fragile_factor",
        "leading_probability",
        "workup_probability",
        "interview_margin",
        "max_questions",
    ):
        if key not in kb.settings.values:
            problems.append(f"settings.yaml: values.{key} missing")
    return problems


@functools.lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return load()
