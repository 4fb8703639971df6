"""``legdx serve``, ``legdx apikey``, ``legdx db upgrade`` and ``legdx history``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

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
