"""Legacy intelligence and child records follow the rights of the module that replaces them
(issue 21, Medium): a CrimInt log or a Merlin record, found by reference in search or
through a person it mentions, is read only by those the intelligence module lets read
intelligence or safeguarding records, never by every officer; and every read of one is
audited with its purpose, naming the record and the persons it mentions."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.audit.models import AuditEntry
from core.audit.queries import about
from core.legacy.bridge import bridge
from core.legacy.connections import engine_for
from core.legacy.records import persons_mentioned
from core.platform.db import session
from tests.conftest import add_users
from tests.core.web_client import WebClient


@pytest.fixture
def force(app, kernel, simulated_force):
    simulated_force(30, 5)
    add_users(app, {"intel": ["reader:intelligence", "officer"], "safeguard": ["safeguarding:intelligence", "officer"]})
    with app.app_context():
        bridge(session(), kernel.plugins.adapters())
        session().commit()
    return kernel


def _first(app, kernel, system: str) -> tuple[str, list[str]]:
    """A record of ``system`` that mentions someone, and the persons it mentions."""
    adapter = kernel.plugins.adapters()[system]
    with engine_for(system).connect() as conn:
        keys = [record.key for record in adapter.extract(conn)]
    with app.app_context():
        for key in keys:
            people = [pid for pid, _ in persons_mentioned(session(), system, key)]
            if people:
                return key, people
    raise AssertionError(f"no {system} record mentions anyone")


def _hits(client, user: str, key: str) -> list[dict]:
    r = client.read("/api/v1/search", as_user=user, query_string={"q": key}, purpose="Op Lantern intel check")
    assert r.status_code == 200, r.json
    return [h for h in r.json if h["type"] != "person"]


def _view(client, user: str, pid: str) -> dict:
    r = client.read(f"/api/v1/persons/{pid}/view", as_user=user)
    assert r.status_code == 200, r.json
    return r.json


@pytest.mark.parametrize(("system", "reader"), [("crimint", "intel"), ("merlin", "safeguard")])
def test_search_by_reference_shows_a_legacy_record_only_to_the_replacing_modules_readers(app, client, force,
                                                                                           system, reader):
    key, _ = _first(app, force, system)
    others = {"crimint": "safeguard", "merlin": "intel"}[system]
    for user in ("officer", "records", "vetted", others):
        assert _hits(client, user, key) == [], (user, system)
    assert [h["id"] for h in _hits(client, reader, key)] == [f"{system}:{key}"]


@pytest.mark.parametrize(("system", "reader"), [("crimint", "intel"), ("merlin", "safeguard")])
def test_the_person_view_shows_legacy_records_only_to_the_replacing_modules_readers(app, client, force,
                                                                                      system, reader):
    key, people = _first(app, force, system)
    pid = people[0]
    seen = _view(client, "officer", pid)
    assert [i for i in seen["timeline"] if i["source"] == system] == []
    assert [r for r in seen["legacy_records"] if r["system"] == system] == []
    assert system not in {s["system"] for s in seen["sources"]}
    assert not any(system in link["source"] for a in seen["associates"] for link in a["links"])
    assert not any(system in str(edge) for edge in seen["chart"]["edges"])
    shown = _view(client, reader, pid)
    assert any(r["system"] == system and r["reference"] == key for r in shown["legacy_records"])


def test_a_legacy_record_found_by_reference_is_audited_with_the_persons_it_mentions(app, client, force):
    key, people = _first(app, force, "crimint")
    assert _hits(client, "intel", key)
    with app.app_context():
        entries = session().scalars(select(AuditEntry).where(AuditEntry.action == "consultation", AuditEntry.actor == "intel",
                                                             about("legacy_record", f"crimint:{key}"))).all()
        assert [e.justification for e in entries] == ["Op Lantern intel check"]
        for pid in people:
            about_person = session().scalars(select(AuditEntry).where(AuditEntry.actor == "intel",
                                                                      about("person", pid))).all()
            assert [e.justification for e in about_person] == ["Op Lantern intel check"], pid


def test_the_web_search_names_the_persons_of_a_legacy_record_only_to_its_readers_and_audits_them(app, force):
    key, people = _first(app, force, "merlin")
    page = WebClient(app).sign_in("officer").text("/search", query_string={"q": key, "purpose": "CAD 12 welfare"})[1]
    assert "Merlin (children" not in page and "/persons/" not in page
    page = WebClient(app).sign_in("safeguard").text("/search", query_string={"q": key, "purpose": "CAD 12 welfare"})[1]
    assert "Merlin (children" in page and "/persons/" in page
    with app.app_context():
        assert session().scalars(select(AuditEntry).where(AuditEntry.actor == "safeguard",
                                                          about("legacy_record", f"merlin:{key}"))).all()
        logged = {pid for pid in people if session().scalars(select(AuditEntry).where(
            AuditEntry.actor == "safeguard", about("person", pid))).first()}
        assert logged and logged <= set(people)
        assert not session().scalars(select(AuditEntry).where(AuditEntry.actor == "officer",
                                                              about("legacy_record", f"merlin:{key}"))).all()


def test_the_intelligence_rights_hold_while_the_module_is_off(app, client, force):
    assert "intelligence" not in force.enabled_anywhere()
    key, _ = _first(app, force, "crimint")
    assert _hits(client, "intel", key) and not _hits(client, "officer", key)
