"""Migrating a system never makes its records vanish for an officer (issue 19, section 1).

For each of the seven systems: the replacing module is on for another unit only, so it is
off for the officer's; every record the officer found before the migration, by reference
in unified search and through the persons it mentions, is still found after it, marked as
the record MiPS holds.
"""
from __future__ import annotations

import pytest

from core.legacy import lifecycle
from core.legacy.bridge import bridge
from core.legacy.connections import engine_for
from core.legacy.records import persons_mentioned
from core.platform.db import session
from tests.conftest import add_users

SYSTEMS = ["cris", "crimint", "merlin", "airspace", "nspis", "copa", "ewms"]


@pytest.fixture
def force(app, simulated_force):
    # CrimInt and Merlin records are read only with the intelligence module's rights (issue 21)
    add_users(app, {"analyst": ["reader:intelligence", "safeguarding:intelligence", "officer"]})
    return simulated_force(40, 7)


def _reader(kernel, system: str) -> str:
    """Who could find the system's records before: any officer, or the replacing module's readers."""
    return "analyst" if kernel.plugins.adapters()[system].module_right else "officer"


def _keys(kernel, system: str) -> list[str]:
    adapter = kernel.plugins.adapters()[system]
    with engine_for(system).connect() as conn:
        return [record.key for record in adapter.extract(conn)]


def _by_reference(client, system: str, key: str, user: str = "officer") -> dict | None:
    r = client.read("/api/v1/search", as_user=user, query_string={"q": key})
    assert r.status_code == 200, r.json
    return next((hit for hit in r.json if hit["id"] == f"{system}:{key}"), None)


def _through_persons(app, client, system: str, key: str, user: str = "officer") -> list[dict]:
    """The record as each person it mentions shows it in their view (one entry per person)."""
    with app.app_context():
        people = [pid for pid, _ in persons_mentioned(session(), system, key)]
    shown = []
    for pid in people:
        r = client.read(f"/api/v1/persons/{pid}/view", as_user=user)
        assert r.status_code == 200, r.json
        shown += [item for item in r.json["timeline"] if item["source"] == system and item["ref"] == key]
    return shown


def _found(app, client, system: str, keys: list[str], user: str = "officer") -> tuple[set[str], set[str]]:
    by_ref = {k for k in keys if _by_reference(client, system, k, user)}
    by_person = {k for k in keys if _through_persons(app, client, system, k, user)}
    return by_ref, by_person


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_record_found_before_migration_is_found_after_with_the_module_off_for_the_unit(
        system, app, kernel, client, enable, force, modules_take_legacy):
    module = kernel.plugins.adapters()[system].replaced_by
    enable(module, units=["Hackney"])  # on, but not for the officer's unit (Camden)
    with app.app_context():
        bridge(session(), kernel.plugins.adapters())
        session().commit()
    keys, user = _keys(kernel, system), _reader(kernel, system)
    before_ref, before_person = _found(app, client, system, keys, user)
    assert before_ref == set(keys) and before_person, (system, len(keys), len(before_ref), len(before_person))
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, system)
    assert report["unaccounted"] == 0 and report["findable"]["not_found"] == []
    after_ref, after_person = _found(app, client, system, keys, user)
    assert after_ref >= before_ref and after_person >= before_person
    hit = _by_reference(client, system, keys[0], user)
    assert "held record" in hit["summary"] and "held" in hit["why"]
    shown = next(item for k in sorted(before_person) for item in _through_persons(app, client, system, k, user))
    assert shown["held"] is True and "held record" in shown["note"]


def test_a_record_the_module_shows_is_shown_by_the_module_and_held_only_where_it_does_not(
        app, kernel, client, enable, force):
    """NSPIS into custody, on for Camden: a custody reader finds the custody record (once),
    an officer without custody rights still finds the held NSPIS record, and in Hackney,
    where custody is off, everyone does."""
    from core.identity.services import create_user

    with app.app_context():
        create_user(session(), kernel.known_roles(), username="custody_reader", password="correct-horse-battery",
                    unit="Camden", roles=["reader:custody", "officer"])
        create_user(session(), kernel.known_roles(), username="hackney_officer", password="correct-horse-battery",
                    unit="Hackney", roles=["officer"])
        session().commit()
    enable("custody", units=["Camden"])
    with app.app_context():
        lifecycle.migrate(session(), kernel, "nspis")
    key = _keys(kernel, "nspis")[0]
    r = client.read("/api/v1/search", as_user="custody_reader", query_string={"q": key})
    assert [h["source"] for h in r.json if h["type"] != "person"] == ["custody"]
    assert _through_persons(app, client, "nspis", key, "custody_reader") == []  # shown by custody instead
    for user in ("officer", "hackney_officer"):
        assert "held record" in _by_reference(client, "nspis", key, user)["summary"]
        assert _through_persons(app, client, "nspis", key, user)


def test_a_record_waiting_for_a_module_on_for_the_unit_is_still_found(app, kernel, client, enable, force,
                                                                       modules_take_legacy):
    enable("intelligence")  # on force-wide, but safeguarding is not built: every Merlin record waits
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "merlin")
    assert report["records"]["waiting_for_module"] == report["records"]["in_source"] > 0
    key = _keys(kernel, "merlin")[0]
    assert "waiting for the intelligence module" in _by_reference(client, "merlin", key, "analyst")["summary"]


def test_the_report_counts_a_sampled_record_nobody_can_find_as_unaccounted(app, kernel, client, enable, force,
                                                                           monkeypatch, modules_take_legacy):
    import re

    enable("prosecution")
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "ewms")
        assert report["findable"]["sampled"] > 0 and report["unaccounted"] == 0
        # an adapter whose references no longer match its keys: its records cannot be searched for
        monkeypatch.setattr(kernel.plugins.adapters()["ewms"].__class__, "reference_pattern", re.compile(r"^NOPE$"))
        broken = lifecycle.reconcile(session(), kernel, "ewms")
    assert broken["findable"]["found_by_reference"] == 0
    assert broken["unaccounted"] >= broken["findable"]["sampled"] > 0
    r = client.post("/api/v1/legacy/ewms/retire", "admin")
    assert r.status_code == 409 and r.json["code"] == "unaccounted"


def test_the_person_page_and_search_page_mark_a_held_record(app, kernel, enable, force, modules_take_legacy):
    from tests.core.web_client import WebClient

    with app.app_context():
        lifecycle.migrate(session(), kernel, "cris")
    key = _keys(kernel, "cris")[0]
    with app.app_context():
        pid = persons_mentioned(session(), "cris", key)[0][0]
    web = WebClient(app).sign_in("officer")
    page = web.get(f"/persons/{pid}", query_string={"purpose": "CAD 1 street check"}).get_data(as_text=True)
    item = page[page.index(f'<span class="mips-wrap">{key}</span>'):].split('class="moj-timeline__item"')[0]
    assert "Held record" in item and "held record from CRIS (crime recording), migrated" in item
    results = web.get("/search", query_string={"q": key, "purpose": "CAD 1 street check"}).get_data(as_text=True)
    assert key in results and "held record from CRIS (crime recording), migrated" in results
