"""Property-based tests of the whole HTTP API from its own /openapi.json (schemathesis + hypothesis),
against a real uvicorn server: no 5xx, documented status codes and content types. Example counts stay
modest so the suite stays fast."""

from __future__ import annotations

import logging

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

pytest_plugins = ["conftest_server"]

MAX_EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


#: Server errors caused by code outside the service, reported to its owners; the test says so instead of
#: failing while they stand. Keyed by the exception type the server logs for the 500.
#: Session 15: empty. Its one entry, decimal.InvalidOperation from a ratio over a near-zero brachial
#: pressure (1e-300 mmHg), was legdx's own calculators' and is fixed (tests/test_calculator_fastpaths.py).
KNOWN_UPSTREAM: dict[str, str] = {}


def test_api_never_fails_and_keeps_its_contract(legdx_server, signer, caplog):
    caplog.set_level(logging.ERROR, logger="legdx.server")
    schema = schemathesis.openapi.from_url(f"{legdx_server.url}/openapi.json")
    auth = {"Authorization": f"Bearer {legdx_server.api_key}"}
    failures: list[str] = []
    seen = 0
    for result in schema.get_all_operations():
        op = result.ok()
        seen += 1

        @given(case=op.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def run(case):
            headers = dict(case.headers or {})
            if case.path.startswith(("/v1", "/fhir")):
                headers.setdefault("Authorization", auth["Authorization"])
            elif case.path.startswith("/cds-services"):  # a fresh JWT for the exact URL called
                token = signer.token(f"{legdx_server.url}{case.formatted_path}")
                headers.setdefault("Authorization", f"Bearer {token}")
            case.call_and_validate(base_url=legdx_server.url, headers=headers, checks=CHECKS, timeout=30)

        try:
            run()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - schemathesis raises a BaseExceptionGroup; collect all
            parts = [f"{type(e).__name__}: {e}" for e in getattr(exc, "exceptions", [exc])]
            failures.append(f"{op.label}: " + "; ".join(parts)[:2000])
    assert seen >= 15, f"only {seen} operations in the schema"
    unhandled = {r.getMessage().split()[1] for r in caplog.records if r.getMessage().startswith("unhandled ")}
    known = unhandled and unhandled <= set(KNOWN_UPSTREAM)
    if failures and known and all("Server error" in f for f in failures):
        pytest.xfail("; ".join(KNOWN_UPSTREAM[u] for u in sorted(unhandled)))
    assert not failures, "\n\n".join(failures)
