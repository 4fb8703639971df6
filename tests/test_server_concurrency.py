"""50 clients write assessments at the same moment; none is lost (counted back), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import func, select

from legdx.store.db import Database
from legdx.store.models import AssessmentRecord, AuditEvent

pytest_plugins = ["conftest_server"]

CLIENTS = 50


async def _write_all(url: str, key: str, marker: str) -> list[httpx.Response]:
    start = asyncio.Event()

    async def one(i: int) -> httpx.Response:
        case = {
            "age": 50 + i % 40,
            "patient_id": marker,
            "findings": {
                "leg_symptoms_with_walking": "present" if i % 2 else "absent",
                "diabetes": "present" if i % 3 else "absent",
            },
        }
        async with httpx.AsyncClient(
            base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60
        ) as c:
            await start.wait()
            return await c.post("/v1/assessments", json=case)

    tasks = [asyncio.create_task(one(i)) for i in range(CLIENTS)]
    await asyncio.sleep(0.2)  # every client is connected and waiting
    start.set()
    return await asyncio.gather(*tasks)


@pytest.mark.parametrize("server", ["legdx_server", "legdx_pg_server"])
def test_fifty_concurrent_writers_lose_nothing(server, request):
    srv = request.getfixturevalue(server)
    marker = f"conc-{uuid.uuid4().hex[:8]}"
    responses = asyncio.run(_write_all(srv.url, srv.api_key, marker))
    assert [r.status_code for r in responses] == [201] * CLIENTS, [
        r.text[:200] for r in responses if r.status_code != 201
    ][:3]
    ids = {r.json()["id"] for r in responses}
    assert len(ids) == CLIENTS
    with srv.client() as c:
        listed = c.get("/v1/assessments", params={"patient": marker, "limit": 200}).json()
    assert listed["total"] == CLIENTS and {it["id"] for it in listed["items"]} == ids
    db = Database(srv.db_url)
    with db.session() as s:
        n = s.scalar(
            select(func.count()).select_from(AssessmentRecord).where(AssessmentRecord.patient_id == marker)
        )
        audited = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.resource_id.in_(ids))
        )
    db.dispose()
    assert n == CLIENTS and audited == CLIENTS
