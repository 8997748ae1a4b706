"""Erasure that erases: a person disposed of under MoPI leaves no trace of their personal
data anywhere MiPS holds it (a scan of every text column of every table, whatever module
made it), is found by no search, view or link; the audit chain still verifies; others'
records survive with the person redacted out; a failed run leaves them whole and a rerun
finishes; a new contact during the cooling-off period supersedes the disposal."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, inspect, select, text

from core.audit.log import verify
from core.platform.db import session
from core.platform.timeutil import utcnow
from core.retention import erasure
from tests.core.retention.conftest import refresh
from tests.plugins.investigation.conftest import person as party

TOKENS = ("Quillfeather", "Zebedee", "1971-02-03", "71/998877Q", "Larkspur Mews", "ZZ9 9ZZ")
SUBJECT = {"names": [{"given": "Zebedee", "family": "Quillfeather"}], "dobs": ["1971-02-03"], "sex": "M",
           "identifiers": [{"kind": "pnc_id", "value": "71/998877Q"}],
           "addresses": [{"lines": ["7 Larkspur Mews", "London"], "postcode": "ZZ9 9ZZ"}]}


def _everywhere(database_url: str) -> dict[str, list[str]]:
    """Every table and text column holding any of TOKENS (a generic scan: a future table
    cannot escape it). SQLite's full-text shadow tables are scanned like any other."""
    engine = create_engine(database_url)
    found: dict[str, list[str]] = {}
    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            tables = insp.get_table_names()
            if conn.dialect.name == "sqlite":
                tables += [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
                           if r[0] not in tables]
            for table in tables:
                cols = [c["name"] for c in insp.get_columns(table)] if table in insp.get_table_names() else None
                if cols is None:
                    cols = [r[1] for r in conn.execute(text(f'PRAGMA table_info("{table}")'))]
                for col in cols:
                    cast = f'CAST("{col}" AS TEXT)'
                    for token in TOKENS:
                        hit = conn.execute(text(f'SELECT 1 FROM "{table}" WHERE lower({cast}) LIKE :t LIMIT 1'),
                                           {"t": f"%{token.lower()}%"}).first()
                        if hit:
                            found.setdefault(f"{table}.{col}", []).append(token)
    finally:
        engine.dispose()
    return found


@pytest.fixture
def subject(im, book, report, client, submit):
    """A person known through custody (released), a crime only about them, a crime shared
    with another victim, an intelligence report about them (disseminated) with a marker
    raised from it, a warning marker, a linked home address."""
    det = book(person=SUBJECT)
    pid = det["person_id"]
    assert im.post(f"/api/v1/custody/detentions/{det['id']}/release", "sergeant",
                   json={"outcome": "no_further_action"}).status_code == 201
    own = report(["44"], [{"role": "victim", "person": SUBJECT}])["crimes"][0]
    shared = report(["8N"], [{"role": "suspect", "person": SUBJECT}, {"role": "victim", **party("Ann", "Other")}])["crimes"][0]
    for crime in (own, shared):  # no longer under investigation (cancelled with evidence)
        assert im.post(f"/api/v1/investigation/crimes/{crime['id']}/cancellation", "registrar",
                       json={"reason": "C4", "evidence": "duplicate of another report"}).status_code == 201
    intel = submit(items=[{"text": "Quillfeather keeps a knife at 7 Larkspur Mews", "source_evaluation": "2",
                           "assessment": "B", "handling": "P"}],
                   subjects=[{"kind": "person", "person": SUBJECT}], text="Caller said Quillfeather has a knife")
    url = f"/api/v1/intelligence/reports/{intel['id']}"
    assert im.post(f"{url}/evaluation", "intel_officer",
                   json={"items": [{"seq": 1, "sanitised": "A man keeps a knife at home"}]}).status_code == 201
    assert im.post(f"{url}/dissemination", "intel_officer").status_code == 201
    assert client.post(f"/api/v1/persons/{pid}/markers", "officer", json={"marker": "violent", "detail": "bit PC"}).status_code == 201
    home = client.post("/api/v1/locations", "officer", json={"lines": ["7 Larkspur Mews"], "postcode": "ZZ9 9ZZ"}).json["id"]
    assert client.post("/api/v1/links", "officer", json={"from_type": "person", "from_id": pid, "to_type": "location",
                                                        "to_id": home, "role": "lives_at"}).status_code == 201
    refresh(im.app, pid)
    return {"id": pid, "own_crime": own, "shared_crime": shared}


def _dispose(im, pid):
    made = im.post(f"/api/v1/retention/persons/{pid}/decisions", "info_manager",
                   json={"decision": "dispose", "reason": "No policing purpose remains after review"})
    assert made.status_code == 201, made.json
    return made.json


def _run(app, *, days=29):
    with app.test_request_context("/"):
        return erasure.run(app.extensions["mips"].db.writer_sessionmaker, "info_manager",
                           now=utcnow() + timedelta(days=days))


def test_an_erased_person_is_nowhere(im, subject, database_url, client, app):
    pid = subject["id"]
    found = client.read("/api/v1/search", query_string={"q": "Quillfeather 03/02/1971"}).json
    assert [h["id"] for h in found if h["type"] == "person"] == [pid]  # an officer's search text, audited
    assert client.get("/api/v1/audit", "auditor", query_string={"action": "consultation", "entity_id": pid}).json[0][
        "details"]["search"] == "Quillfeather 03/02/1971"  # the auditor reads it while it is held
    before = _everywhere(database_url)
    assert {"core_source_records.data", "core_person_names.family", "core_audit_personal.value",
            "intelligence_reports.text", "intelligence_report_items.text"} <= set(before)
    _dispose(im, pid)
    assert _run(app, days=1) == {"erased": 0, "superseded": 0}  # cooling off: nothing yet
    assert _run(app) == {"erased": 1, "superseded": 0}

    assert _everywhere(database_url) == {}
    erased = client.get("/api/v1/audit", "auditor", query_string={"action": "consultation", "entity_id": pid}).json
    assert erased and all("erased" in e["details"]["search"] for e in erased if "search" in e["details"])
    assert client.read("/api/v1/search", query_string={"q": "Zebedee Quillfeather"}).json == []
    assert client.read(f"/api/v1/persons/{pid}").status_code == 404
    assert client.read(f"/api/v1/persons/{pid}/view").status_code == 404
    assert client.read("/api/v1/links", query_string={"entity_type": "person", "entity_id": pid}).json in ([], {"links": []})
    shared = client.read(f"/api/v1/investigation/crimes/{subject['shared_crime']['id']}", "crime_reader")
    assert shared.status_code == 200  # the other victim's crime survives
    assert client.read(f"/api/v1/investigation/crimes/{subject['own_crime']['id']}", "crime_reader").status_code == 404
    with app.app_context():
        result = verify(session())
        assert result.ok, result.reason
    tomb = im.get(f"/api/v1/retention/persons/{pid}", "info_manager")
    assert tomb.status_code == 404 and tomb.json["code"] == "person_erased"
    audit = client.get("/api/v1/audit", "auditor", query_string={"action": "erasure", "entity_id": pid}).json
    assert len(audit) == 1 and audit[0]["details"]["erased"]["custody.detention"] == 1


def test_a_failed_erasure_leaves_the_person_whole_and_a_rerun_finishes(im, subject, database_url, app, monkeypatch):
    pid = subject["id"]
    decision = _dispose(im, pid)
    import plugins.investigation.retention as inv

    real = inv.erase

    def dies(uow, person_ids):
        real(uow, person_ids)
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(inv, "erase", dies)
    with pytest.raises(RuntimeError):
        _run(app)
    still = _everywhere(database_url)
    assert "core_source_records.data" in still and "core_person_names.family" in still
    assert im.read(f"/api/v1/persons/{pid}").status_code == 200
    assert im.get(f"/api/v1/retention/persons/{pid}/decisions", "info_manager").json[0]["state"] == "pending"
    monkeypatch.setattr(inv, "erase", real)
    assert _run(app) == {"erased": 1, "superseded": 0}
    assert _everywhere(database_url) == {}
    assert decision["id"]


def test_a_new_contact_during_the_cooling_off_supersedes_the_disposal(im, subject, app, book, database_url):
    pid = subject["id"]
    _dispose(im, pid)
    det = book(person=SUBJECT)  # arrested again: the clear period restarts
    assert det["person_id"] == pid
    assert im.post(f"/api/v1/custody/detentions/{det['id']}/release", "sergeant",
                   json={"outcome": "no_further_action"}).status_code == 201
    assert _run(app) == {"erased": 0, "superseded": 1}
    assert "core_source_records.data" in _everywhere(database_url)
    states = [d["state"] for d in im.get(f"/api/v1/retention/persons/{pid}/decisions", "info_manager").json]
    assert states == ["superseded"]


def test_a_journal_refuses_change_outside_the_erasure_permit(im, subject, database_url):
    with pytest.raises(Exception, match="append-only"):
        engine = create_engine(database_url)
        try:
            with engine.begin() as conn:
                conn.execute(text("DELETE FROM custody_entries"))
        finally:
            engine.dispose()
    with im.app.app_context():
        from core.platform.journal import open_permits

        assert open_permits(session()) == []
