"""Storage on SQLite and on a real PostgreSQL: migrations, assessments, the append-only audit log, API keys,
CDS Hooks jti replay protection."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

import legdx
from legdx.store import codec, repo
from legdx.store.db import Database, current_revision, default_database_url, head_revision
from legdx.store.models import ApiKey, AssessmentRecord, AuditEvent

pytest_plugins = ["conftest_server"]

CASE = {"age": 70, "patient_id": "store-p1", "findings": {"leg_symptoms_with_walking": "present"}}


@pytest.fixture
def db(any_db_url: str):
    d = Database(any_db_url)
    d.upgrade()
    yield d
    d.dispose()


def test_default_sqlite_path_under_legdx_home(tmp_path, monkeypatch):
    monkeypatch.delenv("LEGDX_DATABASE_URL", raising=False)
    monkeypatch.setenv("LEGDX_HOME", str(tmp_path / "home"))
    url = default_database_url()
    assert url == f"sqlite:///{tmp_path / 'home' / 'legdx.sqlite3'}"
    d = Database()
    d.upgrade()  # created on first use, no set-up
    assert (tmp_path / "home" / "legdx.sqlite3").exists()
    assert d.is_current()
    d.dispose()


def test_postgres_url_normalised(monkeypatch):
    monkeypatch.setenv("LEGDX_DATABASE_URL", "postgresql://u:p@db.example:5432/legdx")
    assert default_database_url() == "postgresql+psycopg://u:p@db.example:5432/legdx"


def test_migrations_reach_head_and_match_models(db):
    assert current_revision(db.engine) == head_revision(db.url)
    db.upgrade()  # idempotent
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from legdx.store.models import Base

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_downgrade_and_upgrade_again(db):
    from alembic import command

    from legdx.store.db import alembic_config

    cfg = alembic_config(db.url)
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        conn.commit()
    assert current_revision(db.engine) is None
    db.upgrade()
    assert db.is_current()


def test_assessment_round_trip_keeps_input_output_versions(db):
    a = legdx.assess(CASE)
    out = a.model_dump_json()
    with db.session() as s:
        aid = repo.save_assessment(
            s, output=a, output_json=out, input_data=CASE, source="case", created_by="t"
        )
    with db.session() as s:
        rec = repo.get_assessment(s, aid)
        assert rec is not None
        assert rec.output_json == out
        assert rec.input_json and '"store-p1"' in rec.input_json
        assert rec.kb_version == a.kb_version and rec.legdx_version == legdx.__version__
        assert rec.patient_id == "store-p1"
        assert rec.created_at.tzinfo is not None  # aware on SQLite too
        assert abs(rec.created_at - datetime.now(UTC)) < timedelta(minutes=5)
        rows, total = repo.list_assessments(s, patient_id="store-p1")
        assert total == 1 and rows[0].id == aid


def test_audit_log_is_append_only_in_the_database(db):
    with db.session() as s:
        repo.audit(s, "tester", "assessment.read", "Assessment", "x1")
    for stmt in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises((DBAPIError, IntegrityError)), db.engine.begin() as conn:
            conn.execute(text(stmt))
    with db.session() as s:
        ev = s.scalars(select(AuditEvent)).all()
        assert [(e.actor, e.action, e.resource_id) for e in ev] == [("tester", "assessment.read", "x1")]


def test_audit_holds_no_clinical_content(db):
    cols = {c.name for c in AuditEvent.__table__.columns}
    assert cols == {"id", "at", "actor", "action", "resource_type", "resource_id", "outcome", "request_id"}


def test_api_key_hashed_at_rest(db):
    with db.session() as s:
        key = repo.create_api_key(s, "ehr-1")
    assert key.startswith("lgx_")
    with db.session() as s:
        row = s.scalars(select(ApiKey)).one()
        assert key not in (row.key_hash, row.prefix) and len(row.key_hash) == 64
        assert repo.verify_api_key(s, key) == repo.Client("apikey:ehr-1", "apikey")
        assert repo.verify_api_key(s, key[:-1] + ("A" if key[-1] != "A" else "B")) is None
        assert repo.verify_api_key(s, "not-a-key") is None
        with pytest.raises(ValueError, match="already exists"):
            repo.create_api_key(s, "ehr-1")
        with pytest.raises(ValueError):
            repo.create_api_key(s, "bad name!")
    with db.session() as s:
        assert repo.revoke_api_key(s, "ehr-1")
    with db.session() as s:
        assert repo.verify_api_key(s, key) is None


def test_jti_accepted_once(db):
    exp = datetime.now(UTC) + timedelta(minutes=5)
    s = db.sessions()
    try:
        assert repo.claim_jti(s, "iss-a", "j1", exp)
        assert not repo.claim_jti(s, "iss-a", "j1", exp)
        assert repo.claim_jti(s, "iss-b", "j1", exp)  # per issuer
        assert repo.forget_expired_jti(s, datetime.now(UTC) + timedelta(hours=1), timedelta(0)) == 2
        s.commit()
    finally:
        s.close()


def test_naive_datetime_refused(db):
    with pytest.raises(Exception, match="naive"), db.session() as s:
        s.add(AuditEvent(at=datetime.now(), actor="a", action="b", outcome="success"))  # noqa: DTZ005
        s.flush()


def test_assessment_ids_unique(db):
    a = legdx.assess(CASE)
    with db.session() as s:
        repo.save_assessment(
            s, output=a, output_json="{}", input_data={}, source="case", created_by="t", assessment_id="same"
        )
    with pytest.raises(IntegrityError), db.session() as s:
        repo.save_assessment(
            s, output=a, output_json="{}", input_data={}, source="case", created_by="t", assessment_id="same"
        )
    with db.session() as s:
        assert s.scalar(select(AssessmentRecord.id)) == "same"


def test_output_stored_compressed_and_read_back_as_returned(db):
    a = legdx.assess(CASE)
    out = a.model_dump_json()
    with db.session() as s:
        aid = repo.save_assessment(
            s, output=a, output_json=out, input_data=CASE, source="case", created_by="t"
        )
    with db.engine.connect() as conn:
        raw_text, blob = conn.execute(
            text("SELECT output_json, output_zstd FROM assessments WHERE id = :i"), {"i": aid}
        ).one()
    assert raw_text is None and blob is not None and len(blob) < len(out) / 2
    with db.session() as s:
        rec = repo.get_assessment(s, aid)
        assert rec is not None and rec.output_json == out


def test_outputs_compressed_with_the_shipped_dictionary(db):
    """New rows use the current dictionary; frames made without one (older rows) or with the
    dictionary turned off read back the same; every shipped dictionary matches its pinned digest."""
    import zstandard

    for dict_id, digest in codec.DICTIONARIES.items():
        data = codec.dictionary_path(dict_id).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"dictionary {dict_id} changed"
        assert codec.dictionary(dict_id).dict_id() == dict_id
    assert codec.CURRENT_DICTIONARY in codec.DICTIONARIES
    outs = [
        legdx.assess(c, audience=aud).model_dump_json()
        for c in (CASE, {"age": 48, "sex": "female", "findings": {"saddle_anesthesia": "present"}})
        for aud in ("clinician", "patient")
    ]
    for out in outs:
        blob = codec.pack(out)
        assert codec.frame_dictionary(blob) == codec.CURRENT_DICTIONARY
        assert codec.unpack(blob) == out
        # well below the 30 % that zstd reaches without the dictionary; when the knowledge base's wording
        # has drifted so far that this fails, train a new dictionary (scripts/train_zstd_dictionary.py)
        assert len(blob) < 0.15 * len(out.encode())
        plain = zstandard.ZstdCompressor(level=1).compress(out.encode())
        assert codec.frame_dictionary(plain) == 0 and codec.unpack(plain) == out
    with db.session() as s:
        aid = repo.save_assessment(
            s, output=legdx.assess(CASE), output_json=outs[0], input_data=CASE, source="case", created_by="t"
        )
    with db.session() as s:
        rec = repo.get_assessment(s, aid)
        assert rec is not None and codec.frame_dictionary(rec.output_zstd or b"") == 1
        assert rec.output_json == outs[0]


def test_unknown_dictionary_is_a_clear_error():
    import zstandard

    other = zstandard.train_dictionary(
        4096, [f'{{"n": {i}, "text": "sample {i * 7919}"}}'.encode() for i in range(400)], dict_id=987654
    )
    blob = zstandard.ZstdCompressor(dict_data=other).compress(b'{"n": 1, "text": "sample 7919"}')
    with pytest.raises(ValueError, match="dictionary 987654.*does not ship"):
        codec.unpack(blob)


def test_dictionary_can_be_turned_off(monkeypatch):
    import threading

    monkeypatch.setenv("LEGDX_ZSTD_DICTIONARY", "0")
    got: list[bytes] = []
    t = threading.Thread(target=lambda: got.append(codec.pack('{"a": 1}')))  # a thread: a fresh compressor
    t.start()
    t.join()
    assert codec.frame_dictionary(got[0]) == 0 and codec.unpack(got[0]) == '{"a": 1}'


def test_exactly_one_output_column_is_filled(db):
    row = {
        "id": "two",
        "at": datetime.now(UTC),
        "o": "{}",
        "z": b"x",
    }
    sql = (
        "INSERT INTO assessments (id, created_at, created_by, source, audience, input_json, output_json, "
        "output_zstd, kb_version, legdx_version, schema_version, triage_level) VALUES (:id, :at, 't', "
        "'case', 'clinician', '{}', :o, :z, 'k', 'l', 's', 'routine')"
    )
    for o, z in (("{}", b"x"), (None, None)):
        with pytest.raises((DBAPIError, IntegrityError)), db.engine.begin() as conn:
            conn.execute(text(sql), {**row, "o": o, "z": z})


def test_rows_from_before_compression_survive_upgrade_and_downgrade(any_db_url):
    """A row written at revision 0001 (text output) reads back after 0002; downgrading 0002 turns the
    compressed rows back into text."""
    from alembic import command

    from legdx.store.db import alembic_config

    d = Database(any_db_url)
    cfg = alembic_config(d.url)
    try:
        with d.engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            conn.commit()
        a = legdx.assess(CASE)
        old = a.model_dump_json()
        with d.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO assessments (id, created_at, created_by, source, audience, input_json, "
                    "output_json, kb_version, legdx_version, schema_version, triage_level) VALUES ('old', "
                    ":at, 't', 'case', 'clinician', '{}', :o, 'k', 'l', 's', 'routine')"
                ),
                {"at": datetime.now(UTC), "o": old},
            )
        d.upgrade()
        with d.session() as s:
            new_id = repo.save_assessment(
                s, output=a, output_json=old, input_data=CASE, source="case", created_by="t"
            )
        with d.session() as s:
            assert repo.get_assessment(s, "old").output_json == old  # type: ignore[union-attr]
            assert repo.get_assessment(s, new_id).output_json == old  # type: ignore[union-attr]
        with d.engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
            conn.commit()
        with d.engine.connect() as conn:
            got = dict(conn.execute(text("SELECT id, output_json FROM assessments")).all())
        assert got == {"old": old, new_id: old}
    finally:
        d.dispose()


def test_sqlite_writers_of_different_processes_queue_on_a_file_lock(tmp_path):
    """Two Database objects on one SQLite file stand for two worker processes (an flock is held per
    open file, so they exclude each other as processes would): the second writer waits for the first."""
    import threading
    import time

    url = f"sqlite:///{tmp_path / 'legdx.sqlite3'}"
    d1, d2 = Database(url), Database(url)
    assert d1.write_lock is not None and d2.write_lock is not None
    order: list[str] = []
    try:
        d1.write_lock.acquire()

        def other() -> None:
            with d2.write_lock:  # type: ignore[union-attr]
                order.append("second")

        t = threading.Thread(target=other)
        t.start()
        time.sleep(0.2)
        order.append("first")
        d1.write_lock.release()
        t.join(5)
        assert order == ["first", "second"]
    finally:
        d1.dispose()
        d2.dispose()


def test_background_checkpoints_keep_the_wal_short(tmp_path):
    import time

    url = f"sqlite:///{tmp_path / 'legdx.sqlite3'}"
    d = Database(url, background_checkpoint=True)
    try:
        d.upgrade()
        with d.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() > 1000
        d.start_checkpointer(interval=0.05)
        a = legdx.assess(CASE)
        out = a.model_dump_json()
        for _ in range(5):
            with d.session() as s:
                repo.save_assessment(
                    s, output=a, output_json=out, input_data=CASE, source="case", created_by="t"
                )
        deadline = time.monotonic() + 5
        while d.checkpoints == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert d.checkpoints > 0
        with d.engine.connect() as conn:  # nothing left for a checkpoint to do
            busy, log, done = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
            assert log == done
    finally:
        d.dispose()
    assert d._checkpointer is None


def test_fast_insert_writes_what_connection_execute_writes(db):
    """``repo.FastInsert`` (the hot path's DB-API insert) against SQLAlchemy's own ``Connection.execute``:
    the same values, read back through the ORM and as raw column values, on both databases."""
    from sqlalchemy import insert

    when = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    base = {
        "created_at": when,
        "created_by": "t",
        "patient_id": None,
        "source": "case",
        "audience": "clinician",
        "input_json": '{"age": 70, "note": "é ✓"}',
        "output_json": None,
        "output_zstd": codec.pack('{"triage": "routine"}'),
        "kb_version": "kb-1",
        "legdx_version": "0.0",
        "schema_version": "1",
        "triage_level": "routine",
        "top_condition": "lumbar_spinal_stenosis",
        "top_probability": 0.123456789,
    }
    table = AssessmentRecord.__table__
    with db.write() as conn:
        repo.FastInsert(table, ("id", *base))(conn, {"id": "fast", **base})
        conn.execute(insert(table), {"id": "core", **base})
    with db.session(write=False) as s:
        fast, core = s.get(AssessmentRecord, "fast"), s.get(AssessmentRecord, "core")
        assert fast.created_at == core.created_at == when
        assert fast.output_json == core.output_json == '{"triage": "routine"}'
        cols = [c for c in table.columns if c.key != "id"]
        raw = {r[0]: tuple(r[1:]) for r in s.execute(select(table.c.id, *cols))}
        assert raw["fast"] == raw["core"]
        stored = s.execute(text("SELECT created_at FROM assessments ORDER BY id")).scalars().all()
        assert stored[0] == stored[1]  # the same text (SQLite) or timestamp (PostgreSQL) on disk
    with pytest.raises(ValueError, match="columns"):
        with db.write() as conn:
            repo.FastInsert(table, ("id", *base))(conn, {"id": "x"})
