"""``legdx serve``, ``legdx apikey``, ``legdx db upgrade`` and ``legdx history``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from typer.testing import CliRunner

from legdx.cli import app

pytest_plugins = ["conftest_server"]


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("LEGDX_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LEGDX_DATABASE_URL", raising=False)
    return tmp_path


def test_db_upgrade_creates_the_default_sqlite_file(env):
    r = CliRunner().invoke(app, ["db", "upgrade"])
    assert r.exit_code == 0, r.output
    assert (env / "home" / "legdx.sqlite3").exists() and "0002" in r.output
    r = CliRunner().invoke(app, ["db", "current"])
    assert r.exit_code == 0 and "revision 0002" in r.output


def test_apikey_create_prints_the_key_once(env):
    runner = CliRunner()
    r = runner.invoke(app, ["apikey", "create", "ehr-test"])
    assert r.exit_code == 0, r.output
    key = r.stdout.strip().splitlines()[-1]
    assert key.startswith("lgx_")
    listing = runner.invoke(app, ["apikey", "list"])
    assert "ehr-test" in listing.stdout and key not in listing.stdout
    dup = runner.invoke(app, ["apikey", "create", "ehr-test"])
    assert dup.exit_code == 2 and "already exists" in dup.output
    assert runner.invoke(app, ["apikey", "revoke", "ehr-test"]).exit_code == 0
    assert runner.invoke(app, ["apikey", "revoke", "ehr-test"]).exit_code == 2


def test_history_lists_stored_assessments(env):
    import legdx
    from legdx.store import repo
    from legdx.store.db import Database

    db = Database()
    db.upgrade()
    a = legdx.assess({"age": 70, "patient_id": "hist-1"})
    with db.session() as s:
        aid = repo.save_assessment(
            s, output=a, output_json=a.model_dump_json(), input_data={}, source="case", created_by="t"
        )
    db.dispose()
    r = CliRunner().invoke(app, ["history", "--format", "json", "--patient", "hist-1"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["total"] == 1 and data["items"][0]["id"] == aid
    r = CliRunner().invoke(app, ["history"])
    assert r.exit_code == 0 and aid in r.stdout
    r = CliRunner().invoke(app, ["history", "--patient", "nobody"])
    assert "no stored assessments" in r.stdout


def test_insecure_dev_refuses_a_public_bind(env):
    r = CliRunner().invoke(app, ["serve", "--insecure-dev", "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "loopback" in r.output


def test_serve_insecure_dev_on_loopback(env):
    from conftest_server import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "legdx.cli", "serve", "--insecure-dev", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LEGDX_HOME": str(env / "home")},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (
                proc.stderr.read() if proc.stderr else ""
            )
            time.sleep(0.2)
        assert r.json()["auth"] is False
        a = httpx.post(f"http://127.0.0.1:{port}/v1/assessments", json={"age": 66}, timeout=30)
        assert a.status_code == 201  # no key needed in insecure-dev mode
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "INSECURE DEV MODE" in err and "AUTHENTICATION IS OFF" in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; SO_REUSEPORT per worker")
def test_serve_workers_each_take_connections_and_come_back(env):
    """``legdx serve --workers 2``: every worker listens on the port itself (SO_REUSEPORT), so a burst of
    new keep-alive connections is spread over both (one shared socket let one worker take them all); a
    worker that dies is replaced; SIGTERM stops them all."""
    import signal

    from conftest_server import free_port
    from legdx.server.workers import connections_by_worker, descendants

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "legdx.cli", "serve", "--insecure-dev", "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LEGDX_HOME": str(env / "home")},
    )
    base = f"http://127.0.0.1:{port}"

    def wait_ready(workers: int, gone: int | None = None) -> list[int]:
        """The listening workers once there are ``workers`` of them (``gone``, a killed one, not among
        them: it lingers in /proc for a moment after SIGKILL) and the server answers."""
        deadline = time.monotonic() + 90
        while True:
            try:
                kids = sorted(connections_by_worker(proc.pid, port))
                if (
                    len(kids) == workers
                    and gone not in kids
                    and httpx.get(f"{base}/healthz", timeout=2).status_code == 200
                ):
                    return kids
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (
                proc.stderr.read() if proc.stderr else "timed out"
            )
            time.sleep(0.2)

    try:
        workers = wait_ready(2)
        clients = [httpx.Client(base_url=base, timeout=30) for _ in range(24)]
        try:
            # a burst of 24 new connections (as a client's pool fills up), each kept open after its request
            with ThreadPoolExecutor(24) as pool:
                codes = list(
                    pool.map(lambda c: c.post("/v1/assessments", json={"age": 66}).status_code, clients)
                )
            assert codes == [201] * 24
            held = connections_by_worker(proc.pid, port)
            assert sum(held.values()) == 24 and min(held.values()) >= 1, held
        finally:
            for c in clients:
                c.close()
        os.kill(workers[0], signal.SIGKILL)
        replaced = wait_ready(2, gone=workers[0])
        assert workers[0] not in replaced and workers[1] in replaced  # only the killed one was replaced
        assert httpx.post(f"{base}/v1/assessments", json={"age": 70}, timeout=30).status_code == 201
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert not descendants(proc.pid)
