"""The audit trail: what it records, who may read it, and that tampering is caught."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select, text

from core.audit.log import append, record_consultation, verify
from core.audit.models import AuditEntry, AuditSubject
from core.cli import main


def _raw(database_url, *statements):
    engine = create_engine(database_url)
    with engine.begin() as conn:
        for stmt in statements:
            conn.execute(text(stmt))
    engine.dispose()


def _drop_append_only_triggers(database_url):
    """What an attacker with database access would do first."""
    if database_url.startswith("postgresql"):
        _raw(database_url, "DROP TRIGGER core_audit_log_no_change ON core_audit_log")
    else:
        _raw(database_url, "DROP TRIGGER core_audit_log_no_update", "DROP TRIGGER core_audit_log_no_delete")


def _verify(app):
    from core.platform.db import session

    with app.app_context():
        return verify(session())


def _cli_verify(database_url, monkeypatch):
    monkeypatch.setenv("MIPS_DATABASE_URL", database_url)
    monkeypatch.setenv("MIPS_SECRET_KEY", "cli-test-key-0123456789abcdef0123456789")
    return CliRunner().invoke(main, ["audit", "verify"])


@pytest.fixture
def trail(app, client):
    """An audit trail of a dozen entries or more, made through the API."""
    for _ in range(3):
        client.get("/api/v1/audit", "auditor")
    client.put("/api/v1/modules/mockmod", "admin", json={"enabled": True})
    result = _verify(app)
    assert result.ok and result.checked >= 12
    return result.checked


def test_an_intact_chain_verifies_and_the_cli_exits_0(app, trail, database_url, monkeypatch):
    result = _cli_verify(database_url, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_the_database_refuses_to_change_audit_rows(app, trail, database_url):
    with pytest.raises(Exception, match="append-only"):
        _raw(database_url, "UPDATE core_audit_log SET actor = 'someone' WHERE seq = 2")
    with pytest.raises(Exception, match="append-only"):
        _raw(database_url, "DELETE FROM core_audit_log WHERE seq = 2")
    assert _verify(app).ok


def test_an_altered_entry_is_named(app, trail, database_url, monkeypatch):
    _drop_append_only_triggers(database_url)
    _raw(database_url, "UPDATE core_audit_log SET justification = 'nothing to see' WHERE seq = 4")
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == 4 and "altered" in result.reason
    cli = _cli_verify(database_url, monkeypatch)
    assert cli.exit_code == 1 and "entry 4" in cli.output


def test_a_deleted_entry_is_named(app, trail, database_url, monkeypatch):
    _drop_append_only_triggers(database_url)
    _raw(database_url, "DELETE FROM core_audit_log WHERE seq = 5")
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == 5
    cli = _cli_verify(database_url, monkeypatch)
    assert cli.exit_code == 1 and "entry 5" in cli.output


def test_deleting_the_newest_entries_is_caught(app, trail, database_url):
    _drop_append_only_triggers(database_url)
    _raw(database_url, f"DELETE FROM core_audit_log WHERE seq >= {trail - 1}")
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == trail - 1


def test_reordered_entries_are_caught(app, trail, database_url):
    _drop_append_only_triggers(database_url)
    _raw(database_url,
         "UPDATE core_audit_log SET seq = -3 WHERE seq = 3",
         "UPDATE core_audit_log SET seq = 3 WHERE seq = 6",
         "UPDATE core_audit_log SET seq = 6 WHERE seq = -3")
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == 3


def test_a_forged_entry_with_a_recomputed_hash_breaks_the_next_link(app, trail, database_url):
    from core.audit.chain import CONTENT_FIELDS, content_hash, link
    from core.platform.db import session

    _drop_append_only_triggers(database_url)
    with app.app_context():
        entry = session().get(AuditEntry, 4)
        fields = {c: getattr(entry, c) for c in CONTENT_FIELDS}
        prev_hash = entry.prev_hash
    fields["actor"] = "someone-else"
    forged = link(prev_hash, content_hash(fields))
    _raw(database_url, f"UPDATE core_audit_log SET actor = 'someone-else', hash = '{forged}' WHERE seq = 4")
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == 5


def test_concurrent_writers_produce_one_valid_chain(app, database_url):
    kernel = app.extensions["mips"]
    threads, per_thread, errors = 8, 25, []

    def writer(n):
        try:
            for i in range(per_thread):
                with kernel.db.writer_sessionmaker() as s:
                    append(s, actor=f"worker{n}", action="consultation", entity_type="person", entity_id=str(i))
                    s.commit()
        except Exception as exc:  # surfaced below
            errors.append(exc)

    pool = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    result = _verify(app)
    assert result.ok, result.reason
    with kernel.db.sessionmaker() as s:
        written = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor.like("worker%")))
    assert written == threads * per_thread


def test_consultations_record_the_purpose_given(client):
    client.get("/api/v1/audit", "auditor", headers={"X-MiPS-Purpose": "complaint 2026/117 review"})
    entries = client.get("/api/v1/audit?action=consultation&entity_type=audit_log", "auditor").json
    assert entries[-1]["justification"] == "complaint 2026/117 review"
    assert entries[-1]["actor"] == "auditor" and entries[-1]["request_id"]


def test_filters_by_actor_entity_and_time(client):
    client.put("/api/v1/modules/mockmod", "admin", json={"enabled": True})
    client.put("/api/v1/users/officer/grants", "admin", json={"grants": [{"role": "officer", "module": "core"}]})
    by_actor = client.get("/api/v1/audit?actor=admin&action=alteration", "auditor").json
    assert {e["entity_type"] for e in by_actor} == {"module", "role_grants"}
    by_entity = client.get("/api/v1/audit?entity_type=role_grants&entity_id=officer", "auditor").json
    assert len(by_entity) == 1 and by_entity[0]["details"]["after"] == ["officer:core"]
    future = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    r = client.get("/api/v1/audit", "auditor", query_string={"since": future})
    assert r.status_code == 200 and r.json == []
    r = client.get("/api/v1/audit", "auditor", query_string={"until": future, "actor": "admin"})
    assert len(r.json) >= 2


def test_audit_list_is_paginated(client):
    for _ in range(5):
        client.get("/api/v1/auth/me", "officer")
    r = client.get("/api/v1/audit?page=1&page_size=3", "auditor")
    assert r.status_code == 200 and len(r.json) == 3
    assert '"total_pages"' in r.headers["X-Pagination"]


def test_bad_filters_are_a_clear_4xx(client):
    r = client.get("/api/v1/audit?since=yesterday", "auditor")
    assert r.status_code == 422 and "since" in r.json["errors"]["query"]
    r = client.get("/api/v1/audit?since=2026-01-01T00:00:00", "auditor")  # no timezone
    assert r.status_code == 422
    r = client.get("/api/v1/audit?action=peeking", "auditor")
    assert r.status_code == 422
    r = client.get("/api/v1/audit?page_size=100000", "auditor")
    assert r.status_code == 422


def test_a_page_of_consultations_is_one_valid_run_of_the_chain_beside_other_writers(app, database_url):
    """record_consultation links a whole page's entries at once (one head move on SQLite);
    interleaved with single appends from other threads, the chain stays one valid chain."""
    kernel = app.extensions["mips"]
    errors = []

    def pages(n):
        try:
            with app.test_request_context("/", headers={"X-MiPS-Purpose": "test page"}):
                for i in range(10):
                    record_consultation("person", [f"p{n}-{i}-{k}" for k in range(5)], details={"search": "x"})
        except Exception as exc:  # surfaced below
            errors.append(exc)

    def singles():
        try:
            for i in range(20):
                with kernel.db.writer_sessionmaker() as s:
                    append(s, actor="single", action="consultation", entity_type="person", entity_id=str(i))
                    s.commit()
        except Exception as exc:  # surfaced below
            errors.append(exc)

    pool = [threading.Thread(target=pages, args=(n,)) for n in range(3)] + [threading.Thread(target=singles)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    result = _verify(app)
    assert result.ok, result.reason
    with kernel.db.sessionmaker() as s:
        rows = s.execute(select(AuditEntry.justification, AuditSubject.entity_id).join(
            AuditSubject, AuditSubject.seq == AuditEntry.seq).where(AuditSubject.entity_id.like("p%-%-%"))).all()
        pages = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.details["search"].as_string() == "x"))
    assert len(rows) == 3 * 10 * 5 and {j for j, _ in rows} == {"test page"}
    assert pages == 3 * 10  # one entry a page, naming its five persons


def _a_page_read(app, client):
    """Three persons shown on one page: one consultation entry naming all three."""
    ids = [client.post("/api/v1/persons", "officer", json={"names": [{"given": g, "family": "Ashdown"}]}).json["id"]
           for g in ("Ada", "Bea", "Cy")]
    with app.test_request_context("/", headers={"X-MiPS-Purpose": "board of the day"}):
        record_consultation("person", ids, details={"via": "custody_board"})
    return ids


def test_who_looked_at_a_person_finds_a_read_of_several(app, client):
    ids = _a_page_read(app, client)
    for pid in ids:
        found = client.get(f"/api/v1/audit?action=consultation&entity_type=person&entity_id={pid}", "auditor").json
        page = [e for e in found if e["details"].get("via") == "custody_board"]
        assert len(page) == 1 and page[0]["justification"] == "board of the day"
        assert page[0]["entity_id"] == "" and page[0]["details"]["subjects"] == ids
    assert _verify(app).ok


def test_a_read_hidden_from_the_subjects_index_is_caught(app, client, database_url):
    ids = _a_page_read(app, client)
    if database_url.startswith("postgresql"):
        _raw(database_url, "DROP TRIGGER core_audit_subjects_no_change ON core_audit_subjects")
    else:
        _raw(database_url, "DROP TRIGGER core_audit_subjects_no_delete")
    _raw(database_url, f"DELETE FROM core_audit_subjects WHERE entity_id = '{ids[1]}'")
    result = _verify(app)
    assert not result.ok and "subjects index" in result.reason


def test_the_database_refuses_to_change_the_subjects_index(app, client, database_url):
    ids = _a_page_read(app, client)
    with pytest.raises(Exception, match="append-only"):
        _raw(database_url, f"DELETE FROM core_audit_subjects WHERE entity_id = '{ids[0]}'")


@pytest.mark.parametrize("purpose", ["x", " . ", "--", "  ab "])
def test_a_purpose_that_says_nothing_is_no_purpose(client, purpose):
    """The justification is logged for whoever audits the read (DPA 2018 s.62): one
    character or punctuation alone is refused, on the API and on the pages alike."""
    from tests.core.web_client import WebClient

    person = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Tam", "family": "Reed"}]}).json["id"]
    r = client.get(f"/api/v1/persons/{person}", "officer", headers={"X-MiPS-Purpose": purpose})
    assert r.status_code == 400 and r.json["code"] == "purpose_required"
    web = WebClient(client.app).sign_in("officer")
    page = web.get(f"/persons/{person}", query_string={"purpose": purpose})
    assert page.status_code == 400 and "in a few words" in page.get_data(as_text=True)
    assert client.get(f"/api/v1/persons/{person}", "officer", headers={"X-MiPS-Purpose": "CAD 4471"}).status_code == 200


def test_a_personal_value_held_beside_the_chain_cannot_be_altered_unseen(app, client, database_url):
    """The searched text is held beside the chain (erasable) under the digest its entry
    chained: changing it is refused by the database, and caught by verify if forced."""
    pid = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Opal", "family": "Vantongeren"}]}).json["id"]
    assert client.read("/api/v1/search", query_string={"q": "Vantongeren"}).status_code == 200
    entry = client.get("/api/v1/audit", "auditor", query_string={"action": "consultation", "entity_id": pid}).json[0]
    assert entry["details"]["search"] == "Vantongeren"
    with pytest.raises(Exception, match="append-only"):
        _raw(database_url, "UPDATE core_audit_personal SET value = '\"Someone Else\"'")
    if database_url.startswith("postgresql"):
        _raw(database_url, "DROP TRIGGER core_audit_personal_no_change ON core_audit_personal")
    else:
        _raw(database_url, "DROP TRIGGER core_audit_personal_no_update")
    _raw(database_url, "UPDATE core_audit_personal SET value = '\"Someone Else\"'")
    result = _verify(app)
    assert not result.ok and "personal value" in result.reason
