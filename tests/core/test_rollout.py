"""Staged rollout: a module switched on and off at run time, force-wide or per unit."""
from __future__ import annotations

from sqlalchemy import create_engine, func, select

from tests import mock_plugin


def test_a_module_that_is_off_answers_404_module_disabled(client):
    r = client.get("/api/v1/mockmod/things", "viewer")
    assert r.status_code == 404
    assert r.json["code"] == "module_disabled"


def test_force_wide_enable_opens_the_routes_without_a_restart(client, enable):
    enable()
    r = client.get("/api/v1/mockmod/things", "viewer")
    assert r.status_code == 200
    assert r.json == []


def test_pilot_units_only_see_the_module_in_those_units(client, enable):
    body = enable(units=["Camden"])
    assert body["scope"] == "units" and body["units"] == ["Camden"]
    assert client.get("/api/v1/mockmod/things", "editor").status_code == 200  # Camden
    r = client.get("/api/v1/mockmod/things", "hackney_editor")
    assert r.status_code == 404 and r.json["code"] == "module_disabled"


def test_disabling_keeps_the_data_and_reenabling_shows_it_again(client, enable, database_url):
    enable()
    assert client.post("/api/v1/mockmod/things", "editor", json={"label": "exhibit 1"}).status_code == 201
    enable(enabled=False)
    assert client.get("/api/v1/mockmod/things", "editor").json["code"] == "module_disabled"
    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(mock_plugin.MockThing.__table__)) == 1
    engine.dispose()
    enable()
    assert [t["label"] for t in client.get("/api/v1/mockmod/things", "editor").json] == ["exhibit 1"]


def test_a_change_made_by_another_worker_is_seen_on_the_next_request(client, app, database_url):
    """Two app instances share one database, as gunicorn workers do."""
    from tests.conftest import Client, make_app

    other = Client(make_app(database_url))
    assert client.get("/api/v1/mockmod/things", "viewer").status_code == 404
    r = other.put("/api/v1/modules/mockmod", "admin", json={"enabled": True, "units": []})
    assert r.status_code == 200
    assert client.get("/api/v1/mockmod/things", "viewer").status_code == 200
    other.app.extensions["mips"].db.dispose()


def test_module_list_shows_rollout_and_the_callers_view(client, enable):
    enable(units=["Hackney"])
    rows = {m["name"]: m for m in client.get("/api/v1/modules", "officer").json}
    assert set(rows) >= {"custody", "investigation", "intelligence", "prosecution", "mockmod"}
    assert rows["mockmod"]["units"] == ["Hackney"]
    assert rows["mockmod"]["enabled_for_me"] is False  # officer is in Camden
    assert rows["custody"]["retires"] == ["NSPIS"]


def test_only_an_admin_changes_rollout(client):
    for user in ("officer", "auditor", "editor"):
        r = client.put("/api/v1/modules/mockmod", user, json={"enabled": True})
        assert r.status_code == 403, user
    assert client.get("/api/v1/mockmod/things", "editor").status_code == 404


def test_rollout_changes_are_audited_with_before_and_after(client, enable):
    enable(units=["Camden"])
    entries = client.get("/api/v1/audit?entity_type=module&entity_id=mockmod", "auditor").json
    assert entries[0]["action"] == "alteration" and entries[0]["actor"] == "admin"
    assert entries[0]["details"]["after"] == {"enabled": True, "units": ["Camden"]}
    assert entries[0]["details"]["before"] == {"enabled": False, "units": []}


def test_unknown_module_and_unknown_unit_are_clear_errors(client):
    r = client.put("/api/v1/modules/nosuch", "admin", json={"enabled": True})
    assert r.status_code == 404 and r.json["code"] == "unknown_module"
    r = client.put("/api/v1/modules/mockmod", "admin", json={"enabled": True, "units": ["Camdne"]})
    assert r.status_code == 422 and r.json["code"] == "unknown_unit"
    assert r.json["errors"] == {"units": ["Camdne"]}


def test_enable_and_disable_per_unit_through_the_registry(app, kernel):
    from core.modules import registry
    from core.platform.db import commit, session

    with app.app_context():
        installed = kernel.installed
        assert registry.enable(session(), installed, "mockmod", "Camden").units == ("Camden",)
        assert registry.enable(session(), installed, "mockmod", "Hackney").units == ("Camden", "Hackney")
        assert registry.disable(session(), installed, "mockmod", "Camden").units == ("Hackney",)
        assert registry.disable(session(), installed, "mockmod", "Hackney").enabled is False
        registry.enable(session(), installed, "mockmod")
        # Taking one unit out of a force-wide rollout leaves every other unit on.
        after = registry.disable(session(), installed, "mockmod", "Camden")
        assert after.enabled and set(after.units) == {"Hackney", "Westminster"}
        commit()
