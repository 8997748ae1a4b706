"""Bad input gets a clear 4xx JSON error, never a 500, and leaves nothing half-written."""
from __future__ import annotations

import pytest


def _assert_error(r, status, code=None):
    assert r.status_code == status, (r.status_code, r.data[:300])
    assert r.is_json and set(r.json) == {"code", "message", "errors"}
    assert r.json["message"]
    if code:
        assert r.json["code"] == code


def test_malformed_json(client):
    r = client.post("/api/v1/users", "admin", data='{"username": "x",', content_type="application/json")
    _assert_error(r, 400, "bad_request")
    assert "JSON" in r.json["message"]


@pytest.mark.parametrize("body,field", [
    ({"username": 7, "password": "long-enough-pw", "unit": "Camden"}, "username"),
    ({"username": "abc", "password": "long-enough-pw", "unit": "Camden", "roles": "admin"}, "roles"),
    ({"username": "abc", "password": "long-enough-pw"}, "unit"),
    ({"username": "abc", "password": "long-enough-pw", "unit": "Camden", "is_admin": True}, "is_admin"),
    ([1, 2, 3], "_schema"),
    ("just a string", "_schema"),
])
def test_wrong_types_missing_and_unknown_fields_are_422_with_the_field_named(client, body, field):
    r = client.post("/api/v1/users", "admin", json=body)
    _assert_error(r, 422, "validation_error")
    assert field in r.json["errors"]["json"]


def test_oversized_body_is_413(client):
    r = client.post("/api/v1/auth/token", json={"username": "admin", "password": "x" * (2 * 1024 * 1024)})
    _assert_error(r, 413, "payload_too_large")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_body_that_is_not_json_is_415(client, content_type):
    r = client.put("/api/v1/modules/mockmod", "admin", data='{"enabled": true}', content_type=content_type)
    _assert_error(r, 415, "unsupported_media_type")


def test_sign_in_with_a_form_body_is_refused_clearly(client):
    r = client.http.post("/api/v1/auth/token", data={"username": "admin", "password": "x"})
    assert r.status_code in (415, 422) and r.is_json and r.json["code"]


def test_unknown_route_and_wrong_method_are_json(client):
    _assert_error(client.get("/api/v1/nothing-here", "admin"), 404, "not_found")
    _assert_error(client.request("DELETE", "/api/v1/modules", "admin"), 405, "method_not_allowed")


def test_weak_password_and_duplicate_user_are_refused_and_nothing_is_written(client):
    r = client.post("/api/v1/users", "admin", json={"username": "short.pw", "password": "short", "unit": "Camden"})
    _assert_error(r, 422, "weak_password")
    assert client.get("/api/v1/users/short.pw", "admin").status_code == 404
    r = client.post("/api/v1/users", "admin", json={"username": "officer", "password": "long-enough-pw", "unit": "Camden"})
    _assert_error(r, 409, "user_exists")
    r = client.post("/api/v1/users", "admin", json={"username": "new.one", "password": "long-enough-pw", "unit": "Atlantis"})
    _assert_error(r, 422, "unknown_unit")
    assert client.get("/api/v1/users/new.one", "admin").status_code == 404


def test_sql_metacharacters_are_plain_text(client):
    r = client.get("/api/v1/audit", "auditor", query_string={"actor": "admin' OR '1'='1"})
    assert r.status_code == 200 and r.json == []
    r = client.get("/api/v1/users/x'; DROP TABLE core_users; --", "admin")
    _assert_error(r, 404, "unknown_user")
    assert client.get("/api/v1/users", "admin").status_code == 200


def test_every_response_carries_a_request_id(client):
    r = client.get("/api/v1/auth/me", "officer", headers={"X-Request-ID": "trace-123"})
    assert r.headers["X-Request-ID"] == "trace-123"
    r = client.get("/api/v1/auth/me", "officer", headers={"X-Request-ID": "bad id with spaces"})
    assert r.headers["X-Request-ID"] != "bad id with spaces" and len(r.headers["X-Request-ID"]) == 32


def test_an_unexpected_failure_is_a_json_500_without_a_traceback(client, app, monkeypatch):
    from core.identity import services

    def boom(*args, **kwargs):
        raise RuntimeError("database exploded at line 42")

    monkeypatch.setattr(services, "get_user", boom)
    r = client.get("/api/v1/users/officer", "admin")
    _assert_error(r, 500, "internal_error")
    assert "exploded" not in r.json["message"] and "Traceback" not in r.get_data(as_text=True)
