"""Separation of duties (issue 21, Medium: an admin granted itself auditor and vetted):
nobody changes their own roles, and only a security officer grants or removes the
privileged roles (auditor, vetted, security_officer), through the API and the pages alike."""
from __future__ import annotations

import pytest

from core.identity.services import create_user
from core.platform.db import commit, session
from tests.core.web_client import WebClient


@pytest.fixture
def security_officer(app):
    with app.app_context():
        create_user(session(), app.extensions["mips"].known_roles(), username="so", password="correct-horse-battery",
                    unit="Camden", roles=["security_officer"])
        commit()
    return "so"


def _grants(client, username):
    return {(g["role"], g["module"]) for g in client.get(f"/api/v1/users/{username}/grants", "admin").json}


def _put(client, actor, username, *roles):
    return client.put(f"/api/v1/users/{username}/grants", actor,
                      json={"grants": [{"role": r, "module": "core"} for r in roles]})


@pytest.mark.parametrize("role", ["auditor", "vetted", "officer"])
def test_an_admin_cannot_grant_itself_any_role(client, role):
    r = _put(client, "admin", "admin", "admin", role)
    assert r.status_code == 403 and r.json["code"] == "separation_of_duties"
    assert _grants(client, "admin") == {("admin", "core")}


@pytest.mark.parametrize("role", ["auditor", "vetted", "security_officer"])
def test_an_admin_cannot_grant_a_privileged_role_to_anyone(client, role):
    r = _put(client, "admin", "officer", "officer", role)
    assert r.status_code == 403 and r.json["code"] == "separation_of_duties"
    assert _grants(client, "officer") == {("officer", "core")}
    r = client.post("/api/v1/users", "admin", json={"username": "new.one", "password": "long-enough-pw",
                                                    "unit": "Camden", "roles": [role]})
    assert r.status_code == 403 and client.get("/api/v1/users/new.one", "admin").status_code == 404


def test_an_admin_cannot_remove_the_auditor(client):
    r = _put(client, "admin", "auditor")
    assert r.status_code == 403 and _grants(client, "auditor") == {("auditor", "core")}


def test_a_security_officer_grants_privileged_roles_to_others_only(client, security_officer):
    assert _put(client, security_officer, "officer", "officer", "vetted").status_code == 200
    assert _grants(client, "officer") == {("officer", "core"), ("vetted", "core")}
    r = _put(client, security_officer, "so", "security_officer", "auditor")
    assert r.status_code == 403 and r.json["code"] == "separation_of_duties"


def test_an_admin_still_grants_ordinary_roles(client):
    assert _put(client, "admin", "officer", "officer", "records_manager").status_code == 200


def test_the_admin_page_refuses_the_same(app):
    web = WebClient(app).sign_in("admin")
    web.get("/admin/users/officer")
    r = web.post("/admin/users/officer/grants", {"roles": ["officer:core", "vetted:core"]})
    assert r.status_code == 403 and "security_officer" in r.get_data(as_text=True)
    web.get("/admin/users/admin")
    r = web.post("/admin/users/admin/grants", {"roles": ["admin:core", "auditor:core"]})
    assert r.status_code == 403
