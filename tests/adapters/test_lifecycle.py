"""A legacy system's life: migrate (resumable, nothing twice), reconcile, retire."""
from __future__ import annotations

import sqlite3
import time

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from core.cli import main
from core.legacy import lifecycle
from core.legacy.models import LegacyRecord
from core.platform.db import session


@pytest.fixture
def force(tmp_path, monkeypatch):
    out = tmp_path / "legacy"
    assert CliRunner().invoke(main, ["legacy", "simulate", "--persons", "400", "--seed", "2", "--out", str(out)]).exit_code == 0
    monkeypatch.setenv("MIPS_LEGACY_DIR", str(out))
    return out


def test_migrate_accounts_for_every_record_and_mention_and_reruns_take_nothing(app, kernel, force):
    with sqlite3.connect(force / "nspis.db") as conn:
        conn.execute("UPDATE custody_records SET dob = '30/02/1980' WHERE rowid = 3")
        (rows,) = conn.execute("SELECT count(*) FROM custody_records").fetchone()
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "nspis")
        assert report["records"]["in_source"] == rows
        assert report["records"]["waiting_for_module"] + report["records"]["ingested"] + report["records"]["rejected"] == rows
        men = report["mentions"]
        assert men["in_source"] == rows and men["migrated"] + men["merged_into_existing_person"] + men["rejected"] == rows
        assert men["rejected"] == 1 and "30/02/1980" in next(iter(men["rejections"].values()))
        assert report["unaccounted"] == 0
        again = lifecycle.migrate(session(), kernel, "nspis")
        assert again["records"] == report["records"] and again["records"]["changed_since_taken"] == 0
        assert session().scalar(select(func.count()).select_from(LegacyRecord)) == rows
        assert lifecycle.state_of(session(), "nspis").state == "migrated"


def test_a_killed_migration_resumes_without_taking_anything_twice(app, kernel, force, monkeypatch, modules_take_legacy):
    with app.app_context():
        monkeypatch.setattr(lifecycle, "BATCH", 50)
        calls = {"n": 0}
        real = lifecycle._commit_batch

        def dies_after_two(*args, **kwargs):
            real(*args, **kwargs)
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt("killed")

        monkeypatch.setattr(lifecycle, "_commit_batch", dies_after_two)
        with pytest.raises(KeyboardInterrupt):
            lifecycle.migrate(session(), kernel, "cris")
        session().rollback()
        assert session().scalar(select(func.count()).select_from(LegacyRecord)) == 100
        assert lifecycle.state_of(session(), "cris").state == "migrating"
        monkeypatch.setattr(lifecycle, "_commit_batch", real)
        report = lifecycle.migrate(session(), kernel, "cris")
        keys = list(session().scalars(select(LegacyRecord.key)))
        assert len(keys) == len(set(keys)) == report["records"]["in_source"]
        assert report["unaccounted"] == 0


def test_retire_is_refused_until_the_module_is_on_force_wide_and_nothing_waits(app, kernel, client, force, enable,
                                                                                 modules_take_legacy, stand_in_ingest):
    with app.app_context():
        lifecycle.migrate(session(), kernel, "ewms")
    r = client.post("/api/v1/legacy/ewms/retire", "admin")
    assert r.status_code == 409 and r.json["code"] == "module_not_force_wide"
    enable("prosecution", units=["Camden"])
    assert client.post("/api/v1/legacy/ewms/retire", "admin").json["code"] == "module_not_force_wide"
    enable("prosecution")
    # every warrant is held only as a document the (stub) module never took: not retired
    r = client.post("/api/v1/legacy/ewms/retire", "admin")
    assert r.status_code == 409 and r.json["code"] == "waiting_for_module"
    assert "still wait for the prosecution module" in r.json["message"]
    assert lifecycle_state(app, "ewms") == "migrated"
    stand_in_ingest("prosecution")
    with app.app_context():
        assert lifecycle.ingest_waiting(session(), kernel, "ewms")["waiting"] == 0
    r = client.post("/api/v1/legacy/ewms/retire", "admin")
    assert r.status_code == 200 and r.json["state"] == "retired"
    assert client.post("/api/v1/legacy/copa/retire", "admin").json["code"] == "not_migrated"


def test_the_api_lists_systems_and_migrates_in_the_background(client, force):
    rows = {s["system"]: s for s in client.get("/api/v1/legacy", "admin").json}
    assert set(rows) == {"cris", "crimint", "merlin", "airspace", "nspis", "copa", "ewms"}
    assert all(s["connected"] and s["state"] == "live" for s in rows.values())
    assert client.post("/api/v1/legacy/nspis/migrate", "officer").status_code == 403
    r = client.post("/api/v1/legacy/nspis/migrate", "admin")
    assert r.status_code == 202
    for _ in range(120):
        state = next(s for s in client.get("/api/v1/legacy", "admin").json if s["system"] == "nspis")
        if state["state"] == "migrated":
            break
        time.sleep(0.5)
    assert state["state"] == "migrated" and state["done"] == state["total"] > 0
    report = client.get("/api/v1/legacy/nspis/report", "auditor").json
    assert report["unaccounted"] == 0
    assert client.get("/api/v1/legacy/nosuch/report", "auditor").json["code"] == "unknown_system"


def lifecycle_state(app, system: str) -> str:
    with app.app_context():
        return lifecycle.state_of(session(), system).state


def _cris_addresses(force) -> dict[int, str]:
    with sqlite3.connect(force / "cris.db") as conn:
        return dict(conn.execute("SELECT id, address FROM crime_persons"))


def _cris_count(force) -> int:
    with sqlite3.connect(force / "cris.db") as conn:
        return conn.execute("SELECT count(*) FROM crime_reports").fetchone()[0]


def test_a_system_used_after_its_migration_is_caught_up_before_it_retires(app, kernel, client, force, enable):
    with app.app_context():
        first = lifecycle.migrate(session(), kernel, "cris")  # the investigation module is off: records wait
        assert first["unaccounted"] == 0
    before, reports_before = _cris_addresses(force), _cris_count(force)
    result = CliRunner().invoke(main, ["legacy", "simulate-activity", str(force), "--rows", "120"])
    assert result.exit_code == 0, result.output
    after, reports_after = _cris_addresses(force), _cris_count(force)
    moved = {i for i, address in before.items() if after[i] != address}
    assert reports_after > reports_before and moved
    enable("investigation")
    # the officers' new crime reports are in no report yet: retiring now would lose them
    r = client.post("/api/v1/legacy/cris/retire", "admin")
    assert r.status_code == 409 and r.json["code"] == "unaccounted"
    with app.app_context():
        caught_up = lifecycle.migrate(session(), kernel, "cris")
        assert caught_up["unaccounted"] == 0
        records = caught_up["records"]
        assert records["in_source"] == reports_after
        assert records["ingested"] + records["waiting_for_module"] + records["rejected"] == reports_after
        assert 0 < records["changed_since_taken"] <= len(moved)
        # what MiPS keeps of each changed report is the address the live system holds now
        documents = [r.document for r in session().scalars(select(LegacyRecord).where(
            LegacyRecord.system == "cris", LegacyRecord.updated_at.is_not(None)))]
        held = {p["id"]: p["address"] for d in documents for p in d["original"]["children"]["crime_persons"]}
        assert {i: after[i] for i in held if i in moved} == {i: held[i] for i in held if i in moved} != {}
        assert session().scalar(select(func.count()).select_from(LegacyRecord)
                                .where(LegacyRecord.system == "cris")) == reports_after
        # a second catch-up finds nothing more
        assert lifecycle.migrate(session(), kernel, "cris")["records"]["changed_since_taken"] == \
            caught_up["records"]["changed_since_taken"]
        assert session().scalar(select(func.count()).select_from(LegacyRecord)
                                .where(LegacyRecord.system == "cris")) == reports_after
        lifecycle.ingest_waiting(session(), kernel, "cris")  # those that waited while the module was off
    r = client.post("/api/v1/legacy/cris/retire", "admin")
    assert r.status_code == 200 and r.json["state"] == "retired"
    r = client.post("/api/v1/legacy/cris/migrate", "admin")
    assert r.status_code == 409 and r.json["code"] == "retired"
