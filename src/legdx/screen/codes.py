"""Distinct codes of an export -> concepts of mapping.yaml, once per distinct code (not per record).

The engines list the distinct record keys (resource type, system, code, display, status, value flag,
body site) with their counts; ``classify`` maps each in Python from the mapping data, and the result is
joined back to the records in SQL. Every key ends in exactly one disposition: used, not used because of
its status, known but not used by the screen, or unknown. The run log reports all four.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping as TMapping
from dataclasses import dataclass, field

from legdx.screen.config import Concept, Mapping

KEY = ("rtype", "system", "code", "display", "status", "flag", "site")


@dataclass(frozen=True)
class Key:
    rtype: str
    system: str
    code: str
    display: str
    status: str
    flag: str
    site: str


@dataclass
class Classified:
    key: Key
    rows: int
    disposition: str  # used | status | known_unused | unknown
    concepts: list[tuple[str, int]] = field(default_factory=list)  # (concept, +1 present / -1 absent)
    reason: str = ""


def _norm_icd(code: str) -> str:
    return code.replace(".", "").strip().upper()


class Classifier:
    """Maps record keys to concepts; built once per mapping and knowledge base."""

    def __init__(
        self,
        mapping: Mapping,
        kb_findings: Iterable[str],
        omop_concepts: TMapping[int, tuple[str, str, str]] | None = None,
    ):
        self.m = mapping
        self.kb_findings = set(kb_findings)
        self.omop_concepts = dict(omop_concepts or {})
        self.by_uri = mapping.system_of_uri
        self.finding_to_concept = {c.finding: cid for cid, c in mapping.concepts.items() if c.finding}
        self._omop_ids: dict[int, list[str]] = {}
        for cid, c in mapping.concepts.items():
            for oid in c.omop:
                self._omop_ids.setdefault(oid, []).append(cid)
        self._rtypes = {cid: mapping.rtypes(c) for cid, c in mapping.concepts.items()}

    # --- per system ----------------------------------------------------------------------------
    def _code_match(self, c: Concept, system: str, code: str) -> int:
        """+1 present, -1 absent, 0 no match."""
        if system == "icd10cm":
            nc = _norm_icd(code)
            return 1 if nc and any(nc.startswith(_norm_icd(p)) for p in c.icd10cm) else 0
        if system == "atc":
            up = code.strip().upper()
            return 1 if up and any(up.startswith(p.upper()) for p in c.atc) else 0
        if system == "snomed":
            if code in c.snomed:
                return 1
            return -1 if code in c.snomed_absent else 0
        if system in ("loinc", "rxnorm", "legdx_screen"):
            return 1 if code in getattr(c, system) else 0
        return 0

    def _status_ok(self, c: Concept, rtype: str, status: str) -> bool:
        if rtype in c.statuses:
            return status in c.statuses[rtype]
        rule = self.m.statuses.get(rtype)
        if rule is None:
            return True
        if rule.verification_ignore or rule.clinical_current:
            clinical, _, verification = status.partition("|")
            if verification in rule.verification_ignore:
                return False
            return c.history or clinical in rule.clinical_current
        return status in rule.use

    def _known_unused(self, system: str, code: str) -> bool:
        ku = self.m.known_unused
        if system == "icd10cm":
            return any(_norm_icd(code).startswith(_norm_icd(p)) for p in ku.icd10cm)
        if system == "atc":
            return any(code.upper().startswith(p.upper()) for p in ku.atc)
        return code in getattr(ku, system, [])

    # --- one key -------------------------------------------------------------------------------
    def classify(self, key: Key, rows: int = 0) -> Classified:
        system = self.by_uri.get(key.system, key.system)
        code = key.code
        display = key.display
        out = Classified(key, rows, "unknown")
        if system == "omop":
            try:
                oid = int(code)
            except ValueError:
                out.reason = "not an OMOP concept id"
                return out
            direct = self._omop_ids.get(oid)
            if direct:
                return self._finish(out, [(cid, 1) for cid in direct], key)
            hit = self.omop_concepts.get(oid)
            if hit is None:
                out.reason = "OMOP concept id not in the mapping nor in the export's concept table"
                return out
            vocab, code, name = hit
            system = self.m.omop_vocabularies.get(vocab, f"omop:{vocab}")
            display = display or name.lower()
        if system == "omop-unmapped":  # concept id 0: only the source value, read as a name
            system, code = "", ""
        if not code and not display:
            out.reason = "no code (concept id 0 or no coding)"
            return out
        flag = -1 if key.flag == "false" else 1
        if system == "legdx_finding":
            if code not in self.kb_findings:
                out.reason = "not a legdx finding id"
                return out
            return self._finish(out, [(self.finding_to_concept.get(code, code), flag)], key, finding=True)
        matches: list[tuple[str, int]] = []
        for cid, c in self.m.concepts.items():
            if key.rtype not in self._rtypes[cid]:
                continue
            pol = self._code_match(c, system, code) if code else 0
            if (
                pol == 0
                and c.names
                and display
                and any(all(w in display for w in n.lower().split()) for n in c.names)
            ):
                pol = 1
            if pol == 0:
                continue
            if (
                c.site_words
                and system == "loinc"
                and not any(w in key.site or w in display for w in c.site_words)
            ):
                continue
            matches.append((cid, pol * flag))
        if matches:
            return self._finish(out, matches, key)
        if self._known_unused(system, code) or (
            display and any(all(w in display for w in n.lower().split()) for n in self.m.known_unused.names)
        ):
            out.disposition = "known_unused"
            return out
        if not code:
            out.reason = "no code, and the text names nothing the screen reads"
        else:
            out.reason = "unknown system" if system not in self.m.systems else "unknown code"
        return out

    def _finish(
        self, out: Classified, matches: list[tuple[str, int]], key: Key, finding: bool = False
    ) -> Classified:
        ok = []
        for cid, pol in matches:
            c = self.m.concepts.get(cid)
            if c is None and finding:
                # a legdx finding observation: status rules of its resource type apply
                rule = self.m.statuses.get(key.rtype)
                if rule is None or not rule.use or key.status in rule.use:
                    ok.append((cid, pol))
            elif c is not None and self._status_ok(c, key.rtype, key.status):
                ok.append((cid, pol))
        if ok:
            out.disposition = "used"
            out.concepts = ok
        else:
            out.disposition = "status"
            out.reason = f"status '{key.status}'"
        return out


def finding_columns(mapping: Mapping, classified: Iterable[Classified]) -> dict[str, str]:
    """Feature column -> knowledge-base finding id, for every column that feeds the engine."""
    cols = dict(mapping.finding_columns)
    for c in classified:
        for cid, _ in c.concepts:
            if cid not in mapping.concepts:
                cols[cid] = cid  # a legdx finding id read through urn:legdx:finding
    return cols
