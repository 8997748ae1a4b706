"""The authorisation matrix: every core role against every core endpoint, allowed or 403.

Deny by default: a role may do only what a policy line grants it, a user with no roles
may do nothing, and a view that declares no right is refused to everyone.
"""
from __future__ import annotations

import pytest

# (method, path, json body, roles allowed). Bodies are valid so an allowed call succeeds.
ENDPOINTS = [
    ("GET", "/api/v1/auth/me", None, {"admin", "auditor", "officer"}),
    ("GET", "/api/v1/modules", None, {"admin", "auditor", "officer"}),
    ("PUT", "/api/v1/modules/custody", {"enabled": False}, {"admin"}),
    ("GET", "/api/v1/users", None, {"admin", "auditor"}),
    ("POST", "/api/v1/users", {"username": "new.user", "password": "long-enough-pw", "unit": "Camden"}, {"admin"}),
    ("GET", "/api/v1/users/officer", None, {"admin", "auditor"}),
    ("PATCH", "/api/v1/users/nobody", {"active": True}, {"admin"}),
    ("GET", "/api/v1/users/officer/grants", None, {"admin", "auditor"}),
    ("PUT", "/api/v1/users/nobody/grants", {"grants": []}, {"admin"}),
    ("POST", "/api/v1/users/nobody/unlock", None, {"admin"}),
    ("PUT", "/api/v1/users/nobody/password", {"password": "long-enough-secret"}, {"admin"}),
    ("GET", "/api/v1/roles", None, {"admin", "auditor"}),
    ("GET", "/api/v1/units", None, {"admin", "auditor", "officer"}),
    ("POST", "/api/v1/units", {"name": "Lambeth"}, {"admin"}),
    ("GET", "/api/v1/audit", None, {"auditor"}),
    ("GET", "/api/v1/audit/verify", None, {"auditor"}),
    ("GET", "/api/v1/search?q=smith", None, {"officer", "records", "vetted"}),
    ("GET", "/api/v1/legacy", None, {"admin", "auditor"}),
    ("POST", "/api/v1/legacy/nosuch/migrate", None, {"admin"}),
    ("GET", "/api/v1/legacy/nosuch/report", None, {"admin", "auditor"}),
    ("POST", "/api/v1/legacy/nosuch/retire", None, {"admin"}),
    ("POST", "/api/v1/persons", {"names": [{"given": "Ann", "family": "Lee"}]}, {"officer", "records", "vetted"}),
    ("GET", "/api/v1/persons/{person}", None, {"officer", "records", "vetted"}),
    ("GET", "/api/v1/persons/{person}/view", None, {"officer", "records", "vetted"}),
    ("PUT", "/api/v1/persons/{person}", {"names": [{"family": "Lee"}]}, {"officer", "records", "vetted"}),
    ("POST", "/api/v1/persons/{person}/markers", {"marker": "violent"}, {"officer", "records", "vetted"}),
    ("PUT", "/api/v1/persons/{person}/restriction", {"restriction": None, "reason": "no change"}, {"records", "vetted"}),
    ("POST", "/api/v1/persons/{person}/merge", {"person_id": "0" * 32}, {"records"}),
    ("POST", "/api/v1/persons/{person}/unmerge", {"person_id": "0" * 32}, {"records"}),
    ("GET", "/api/v1/persons/matches", None, {"records"}),
    ("POST", "/api/v1/persons/matches/{match}", {"decision": "reject"}, {"records"}),
    ("GET", "/api/v1/objects", None, {"officer", "records", "vetted"}),
    ("POST", "/api/v1/objects", {"kind": "vehicle", "vrm": "AB12CDE"}, {"officer", "records", "vetted"}),
    ("GET", "/api/v1/objects/{object}", None, {"officer", "records", "vetted"}),
    ("PUT", "/api/v1/objects/{object}", {"kind": "vehicle", "vrm": "AB12CDE"}, {"officer", "records", "vetted"}),
    ("GET", "/api/v1/locations", None, {"officer", "records", "vetted"}),
    ("POST", "/api/v1/locations", {"postcode": "E1 6AN"}, {"officer", "records", "vetted"}),
    ("GET", "/api/v1/locations/{location}", None, {"officer", "records", "vetted"}),
    ("PUT", "/api/v1/locations/{location}", {"postcode": "E1 6AN"}, {"officer", "records", "vetted"}),
    ("GET", "/api/v1/links?entity_type=person&entity_id={person}", None, {"officer", "records", "vetted"}),
    ("POST", "/api/v1/links", {"from_type": "person", "from_id": "{person}", "to_type": "object", "to_id": "{object}",
                               "role": "drives"}, {"officer", "records", "vetted"}),
    ("GET", "/api/v1/retention/reviews/due", None, {"info"}),
    ("GET", "/api/v1/retention/report", None, {"info"}),
    ("GET", "/api/v1/retention/persons/{person}", None, {"info"}),
    ("GET", "/api/v1/retention/persons/{person}/decisions", None, {"info"}),
    ("POST", "/api/v1/retention/persons/{person}/decisions", {"decision": "keep", "reason": "still needed for the case",
                                                              "next_review_at": "2040-01-01T00:00:00Z"}, {"info"}),
    ("POST", "/api/v1/retention/decisions/1/cancel", None, {"info"}),
    ("POST", "/api/v1/retention/run", None, {"info"}),
    ("POST", "/api/v1/retention/persons/{person}/subject-access", {"recipient": "the data subject"}, {"info"}),
    # last: it ends the caller's tokens
    ("POST", "/api/v1/auth/sign-out", None, {"admin", "auditor", "officer"}),
]
# records, vetted and info hold the officer role too, so they may do whatever an officer may
ENDPOINTS = [(m, p, b, a | {"records", "vetted", "info"} if "officer" in a else a) for m, p, b, a in ENDPOINTS]
# each test user holds just that role (records, vetted and info are officers too)
ROLES = ["admin", "auditor", "officer", "nobody", "records", "vetted", "info"]
PURPOSE = {"X-MiPS-Purpose": "authorisation test"}


@pytest.fixture
def entities(client):
    """One person, object and location to aim the item endpoints at."""
    ids = {"person": client.post("/api/v1/persons", "officer", json={"names": [{"given": "Zed", "family": "Quill"}]}).json["id"],
           "object": client.post("/api/v1/objects", "officer", json={"kind": "phone", "imei": "35693803564380"}).json["id"],
           "location": client.post("/api/v1/locations", "officer", json={"postcode": "N1 9GU"}).json["id"],
           "match": "f" * 32}
    return ids


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_core_endpoint(client, role, entities):
    results = {}
    for method, path, body, allowed in ENDPOINTS:
        path, body = _fill(path, entities), _fill(body, entities)
        kwargs = {"json": body} if body is not None else {}
        r = client.request(method, path, role, headers=PURPOSE, **kwargs)
        results[(method, path)] = r.status_code
        if role in allowed:
            # allowed: past the guard; the endpoint itself may still refuse (404 unknown id, 428 no If-Match)
            assert r.status_code != 403 and r.status_code < 500, (method, path, r.status_code, r.json)
            if (method, path) in STRICT:
                assert r.status_code in (200, 201), (method, path, r.status_code, r.json)
        else:
            assert r.status_code == 403, (method, path, r.status_code, r.json)
            assert r.json["code"] == "forbidden"
    assert len(results) == len(ENDPOINTS)


STRICT = {(m, p) for m, p, _, _ in ENDPOINTS if "{" not in p and "nosuch" not in p and m == "GET"}


def _core_api_methods(app):
    module_blueprints = app.config["MIPS_BLUEPRINT_MODULES"]  # modules test their own rights
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint.split(".")[0] not in module_blueprints:
            view = app.view_functions[rule.endpoint]
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                yield rule.rule, method, getattr(view.view_class, method.lower())


def test_the_matrix_covers_every_core_endpoint_and_only_sign_in_and_health_are_public(app):
    public = {(path, m) for path, m, fn in _core_api_methods(app) if getattr(fn, "_mips_public", False)}
    assert public == {("/api/v1/auth/token", "POST"), ("/api/v1/health", "GET")}
    guarded = {(path, m) for path, m, fn in _core_api_methods(app)} - public
    covered = {(_template(path), method) for method, path, _, _ in ENDPOINTS}
    assert guarded == covered, guarded ^ covered


def _template(path: str) -> str:
    path = path.split("?")[0]
    for name in ("person", "object", "location", "match"):
        path = path.replace("{%s}" % name, f"<{name}_id>")
    return (path.replace("/legacy/nosuch", "/legacy/<system>").replace("/modules/custody", "/modules/<name>").replace("/users/officer", "/users/<username>")
            .replace("/users/nobody", "/users/<username>").replace("/decisions/1/", "/decisions/<int:decision_id>/"))


def test_module_rights_come_from_the_modules_policies_with_inheritance(client, enable):
    enable()
    assert client.get("/api/v1/mockmod/things", "viewer").status_code == 200
    r = client.post("/api/v1/mockmod/things", "viewer", json={"label": "x"})
    assert r.status_code == 403
    assert client.post("/api/v1/mockmod/things", "editor", json={"label": "x"}).status_code == 201
    assert client.get("/api/v1/mockmod/things", "editor").status_code == 200  # editor includes viewer
    assert client.get("/api/v1/mockmod/things", "admin").status_code == 403  # admin has no module rights


def test_a_view_that_declares_no_right_is_refused_to_everyone(client, enable):
    enable()
    for user in ("admin", "editor", "viewer"):
        r = client.get("/api/v1/mockmod/things/undeclared", user)
        assert r.status_code == 403 and "leak" not in r.json


def test_grant_changes_take_effect_on_the_next_request(client, enable):
    enable()
    assert client.get("/api/v1/mockmod/things", "officer").status_code == 403
    r = client.put("/api/v1/users/officer/grants", "admin",
                   json={"grants": [{"role": "officer", "module": "core"}, {"role": "viewer", "module": "mockmod"}]})
    assert r.status_code == 200
    assert {"role": "viewer", "module": "mockmod"} in r.json
    assert client.get("/api/v1/mockmod/things", "officer").status_code == 200
    client.put("/api/v1/users/officer/grants", "admin", json={"grants": [{"role": "officer", "module": "core"}]})
    assert client.get("/api/v1/mockmod/things", "officer").status_code == 403


def test_unknown_roles_cannot_be_granted(client):
    r = client.put("/api/v1/users/officer/grants", "admin", json={"grants": [{"role": "god", "module": "core"}]})
    assert r.status_code == 422 and r.json["code"] == "unknown_role"
    assert client.get("/api/v1/users/officer/grants", "admin").json == [{"role": "officer", "module": "core"}]


def test_roles_list_names_core_and_module_roles(client):
    roles = {(r["role"], r["module"]) for r in client.get("/api/v1/roles", "admin").json}
    assert {("admin", "core"), ("auditor", "core"), ("custody_officer", "custody"), ("inspector", "custody"),
            ("superintendent", "custody"), ("investigator", "investigation"), ("analyst", "intelligence"),
            ("case_worker", "prosecution"), ("editor", "mockmod")} <= roles


def test_denials_are_audited(client):
    client.get("/api/v1/audit", "officer")
    denied = client.get("/api/v1/audit?action=access_denied", "auditor").json
    assert denied[0]["actor"] == "officer" and denied[0]["details"]["needs"] == "core:audit:read"


def test_bare_roles_resolve_to_their_only_module_and_ambiguous_ones_are_refused(client):
    r = client.post("/api/v1/users", "admin", json={"username": "sgt.one", "password": "long-enough-pw",
                                                     "unit": "Camden", "roles": ["custody_officer", "officer"]})
    assert r.status_code == 201
    assert {"role": "custody_officer", "module": "custody"} in r.json["grants"]
    r = client.post("/api/v1/users", "admin", json={"username": "sgt.two", "password": "long-enough-pw",
                                                     "unit": "Camden", "roles": ["reader"]})
    assert r.status_code == 422 and r.json["code"] == "ambiguous_role"
    assert client.get("/api/v1/users/sgt.two", "admin").status_code == 404  # nothing half-written
