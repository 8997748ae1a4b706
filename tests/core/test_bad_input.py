"""Input that broke the machinery before any schema saw it gets a 4xx JSON error, not a 500
(issue 21, Low): a huge page number, JSON nested too deep, a lone surrogate, an integer of
thousands of digits, NaN, NUL characters (PostgreSQL cannot store them), a time so far out
that converting it to UTC overflows, CR/LF in the page to go back to after sign-in."""
from __future__ import annotations

import pytest

from core.identity.services import create_user
from core.platform.db import commit, session
from tests.core.web_client import WebClient

HUGE_PAGE = "99999999999999999999"
LIST_ROUTES = [("/api/v1/users", "admin"), ("/api/v1/audit", "auditor"), ("/api/v1/objects", "officer"),
               ("/api/v1/locations", "officer"), ("/api/v1/persons/matches", "records")]


def _assert_4xx(r, status=400):
    assert r.status_code == status, (r.status_code, r.data[:300])
    assert r.is_json and set(r.json) == {"code", "message", "errors"} and r.json["message"]


@pytest.mark.parametrize("path,user", LIST_ROUTES)
def test_a_huge_page_number_is_422(client, path, user):
    r = client.read(f"{path}?page={HUGE_PAGE}", as_user=user)
    _assert_4xx(r, 422)
    assert "page" in r.json["errors"]["query"]
    assert client.read(f"{path}?page=1000000", as_user=user).status_code == 200


def test_a_huge_page_number_on_the_custody_list_is_422(app, client, enable):
    with app.app_context():
        create_user(session(), app.extensions["mips"].known_roles(), username="sergeant", password="correct-horse-battery",
                    unit="Camden", roles=["custody_officer:custody", "officer"])
        commit()
    enable("custody")
    _assert_4xx(client.read(f"/api/v1/custody/detentions?page={HUGE_PAGE}", as_user="sergeant"), 422)


BAD_BODIES = {
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "nested past the limit": '{"username": ' + "[" * 40 + "]" * 40 + "}",
    "lone surrogate": '{"username": "\\ud800", "password": "x"}',
    "surrogate in a key": '{"\\udfff": 1, "username": "a", "password": "x"}',
    "4,301 digits": '{"username": ' + "9" * 4301 + ', "password": "x"}',
    "beyond 64 bits": '{"username": 99999999999999999999, "password": "x"}',
    "NaN": '{"username": NaN, "password": "x"}',
    "Infinity": '{"username": 1e999, "password": "x"}',
    "NUL": '{"username": "off\\u0000icer", "password": "x"}',
    "not UTF-8": b'{"username": "\xff\xfe", "password": "x"}',
}


@pytest.mark.parametrize("name", BAD_BODIES)
def test_the_unauthenticated_token_endpoint_refuses_undecodable_bodies(client, name):
    r = client.http.post("/api/v1/auth/token", data=BAD_BODIES[name], content_type="application/json")
    _assert_4xx(r)
    assert r.json["errors"]["json"]


@pytest.mark.parametrize("name", ["deeply nested", "lone surrogate", "4,301 digits", "NUL"])
def test_a_signed_in_write_refuses_undecodable_bodies_and_writes_nothing(client, name):
    before = client.get("/api/v1/users", "admin").json
    body = BAD_BODIES[name].replace('"username"', '"unit": "Camden", "username"')
    r = client.post("/api/v1/users", "admin", data=body, content_type="application/json")
    _assert_4xx(r)
    assert client.get("/api/v1/users", "admin").json == before


def test_nul_in_any_text_field_is_refused_on_every_database(client):
    r = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Ann", "family": "Sm\x00ith"}]})
    _assert_4xx(r)
    r = client.post("/api/v1/users", "admin", json={"username": "nul.user", "password": "long-enough-pw",
                                                    "unit": "Camden", "display_name": "a\x00b"})
    _assert_4xx(r)
    assert client.get("/api/v1/users/nul.user", "admin").status_code == 404


def test_nul_in_the_query_or_the_address_is_refused(client):
    _assert_4xx(client.get("/api/v1/audit?actor=a%00b", "auditor"))
    _assert_4xx(client.read("/api/v1/search?q=sm%00ith"))
    _assert_4xx(client.get("/api/v1/users/a%00b", "admin"))


def test_a_valid_body_still_passes(client):
    r = client.post("/api/v1/users", "admin", json={"username": "plain.user", "password": "long-enough-pw",
                                                    "unit": "Camden", "display_name": "Zoë Ünïcode 😀"})
    assert r.status_code == 201 and r.json["display_name"] == "Zoë Ünïcode 😀"


@pytest.mark.parametrize("bound", ["until=9999-12-31T23:59:59-14:00", "since=0001-01-01T00:00:00%2B14:00",
                                   "until=0001-01-01T00:00:00Z"])
def test_an_audit_time_out_of_range_is_422(client, bound):
    r = client.get(f"/api/v1/audit?{bound}", "auditor")
    _assert_4xx(r, 422)
    assert set(r.json["errors"]["query"]) <= {"since", "until"}


@pytest.mark.parametrize("target", ["/%0d%0aSet-Cookie:%20x=1", "/%09/evil.example", "/%0a/evil.example",
                                    "/\\evil.example", "https://evil.example/", "///evil.example"])
def test_sign_in_never_redirects_off_site_nor_fails_on_control_characters(app, target):
    web = WebClient(app)
    assert web.get(f"/sign-in?next={target}").status_code == 200
    r = web.post(f"/sign-in?next={target}", {"username": "officer", "password": "correct-horse-battery"})
    assert r.status_code == 302 and r.headers["Location"] == "/search"


def test_nul_in_a_sign_in_form_is_a_400_page(app):
    web = WebClient(app)
    web.get("/sign-in")
    r = web.post("/sign-in", {"username": "off\x00icer", "password": "x"})
    assert r.status_code == 400 and "<html" in r.get_data(as_text=True)
