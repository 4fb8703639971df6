"""Load and validate the statements part of the knowledge base (``knowledge/data/statements/*.yaml``).

Each file is a mapping of statement id -> statement (``legdx.ask.schema.Statement``). On load every
entry is validated, ids must be unique across files, and every ``source`` must be in the bibliography
of the main knowledge base (``legdx.knowledge.loader.default_kb().sources``); ``conditions`` and
``findings`` must name ids the knowledge base defines. Any problem raises ``StatementsError`` listing
every fault with its file and entry.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from legdx.ask.schema import Statement
from legdx.knowledge.loader import KnowledgeBaseError, load_yaml

MIN_STATEMENTS = 150


class StatementsError(ValueError):
    """The statements failed validation; ``problems`` lists every fault found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n  ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"statements have {len(problems)} problem(s):\n  {shown}{more}")


@dataclass
class Statements:
    """The loaded statements, in file order, with the file each came from."""

    items: dict[str, Statement]
    files: dict[str, str] = field(default_factory=dict)
    version: str = ""

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, sid: str) -> Statement:
        return self.items[sid]

    def __iter__(self) -> Any:
        return iter(self.items.values())


def statements_root() -> Path:
    return Path(str(resources.files("legdx.knowledge") / "data" / "statements"))


def load_statements(root: Path | None = None, kb: Any = None, *, minimum: int = 0) -> Statements:
    """Load every ``*.yaml`` under ``root`` (default: the packaged statements) and validate it.

    ``kb`` (default: the packaged knowledge base) supplies the bibliography, condition and finding ids.
    ``minimum`` is the least number of statements accepted (the packaged set must have 150).
    """
    if kb is None:
        from legdx.knowledge.loader import default_kb

        kb = default_kb()
    root = root or statements_root()
    problems: list[str] = []
    items: dict[str, Statement] = {}
    files: dict[str, str] = {}
    digest = hashlib.sha256()
    paths = sorted(p for p in root.glob("*.y*ml")) if root.is_dir() else []
    if not paths:
        problems.append(f"{root}: no statement files (*.yaml)")
    for path in paths:
        rel = f"statements/{path.name}"
        data = path.read_bytes()
        digest.update(rel.encode())
        digest.update(data)
        try:
            raw = load_yaml(data.decode("utf-8"), rel)
        except KnowledgeBaseError as exc:
            problems.extend(exc.problems)
            continue
        if raw is None:
            problems.append(f"{rel}: empty file")
            continue
        if not isinstance(raw, dict):
            problems.append(f"{rel}: expected a mapping of id -> statement, got {type(raw).__name__}")
            continue
        for key, body in raw.items():
            where = f"{rel}: statement '{key}'"
            if not isinstance(body, dict):
                problems.append(f"{where}: expected a mapping, got {type(body).__name__}")
                continue
            if "id" in body and body["id"] != key:
                problems.append(f"{where}: id '{body['id']}' differs from its key")
                continue
            if key in items:
                problems.append(f"{where}: defined twice (also in {files[key]})")
                continue
            try:
                st = Statement.model_validate({**body, "id": key})
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ".".join(str(p) for p in err["loc"])
                    problems.append(f"{where}{'.' + loc if loc else ''}: {err['msg']}")
                continue
            items[key] = st
            files[key] = rel
    problems.extend(cross_check(items, files, kb))
    if len(items) < minimum:
        problems.append(f"statements: {len(items)} found, at least {minimum} are required")
    if problems:
        raise StatementsError(problems)
    return Statements(items=items, files=files, version=digest.hexdigest()[:12])


def cross_check(items: dict[str, Statement], files: dict[str, str], kb: Any) -> list[str]:
    """Every source, condition and finding a statement names exists in the knowledge base."""
    problems: list[str] = []
    for sid, st in items.items():
        where = f"{files.get(sid, '?')}: statement '{sid}'"
        if st.source not in kb.sources:
            problems.append(f"{where}.source: '{st.source}' is not in the bibliography (sources/*.yaml)")
        for cid in st.conditions:
            if cid not in kb.conditions:
                problems.append(f"{where}.conditions: unknown condition id '{cid}'")
        for fid in st.findings:
            if fid not in kb.findings:
                problems.append(f"{where}.findings: unknown finding id '{fid}'")
    return problems


@functools.lru_cache(maxsize=1)
def default_statements() -> Statements:
    """The packaged statements, validated, loaded once per process."""
    return load_statements(minimum=MIN_STATEMENTS)


def check() -> list[str]:
    """Problems with the packaged statements (empty when they load cleanly)."""
    try:
        load_statements(minimum=MIN_STATEMENTS)
    except StatementsError as exc:
        return exc.problems
    return []
