"""Headers every answer carries, the session cookie, the signing key (issue 21, Low and
Medium): a CSP that allows this site only, no framing, no sniffing, no referrer, no caching
of pages or API answers with personal data, a Secure cookie outside development, and a
signing key too short to be safe refused at start."""
from __future__ import annotations

import re

import pytest

from core.app import create_app
from core.platform.config import ConfigError, Settings
from tests.core.web_client import WebClient


def _common(r):
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "http:" not in csp and "https:" not in csp and " * " not in csp
    return csp


def test_pages_carry_a_nonce_csp_and_are_never_cached(app):
    web = WebClient(app).sign_in("officer")
    r = web.get("/search")
    csp = _common(r)
    assert "'unsafe-inline'" not in csp
    assert r.headers["Cache-Control"] == "no-store"
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    page = r.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline and all(f'nonce="{nonce}"' in attrs or 'type="application/json"' in attrs for attrs in inline)
    assert nonce != re.search(r"'nonce-([^']+)'", web.get("/search").headers["Content-Security-Policy"]).group(1)


def test_api_answers_with_personal_data_are_not_cached(client):
    r = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Ann", "family": "Lee"}], "dobs": ["1980-01-02"]})
    _common(r)
    assert r.headers["Cache-Control"] == "no-store"
    r = client.read(f"/api/v1/persons/{r.json['id']}")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/nothing", "officer").headers["Cache-Control"] == "no-store"


def test_swagger_ui_still_works_under_its_own_policy(client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    csp = _common(r)
    assert "script-src 'self' 'unsafe-inline'" in csp


def test_static_files_keep_their_caching(client):
    r = client.get("/static/web/init.mjs")
    assert r.status_code == 200 and r.headers.get("Cache-Control") != "no-store"


def test_the_session_cookie_is_secure_outside_development(app, monkeypatch):
    monkeypatch.delenv("MIPS_SECURE_COOKIES", raising=False)
    web = WebClient(app)
    web.get("/sign-in")
    r = web.post("/sign-in", {"username": "officer", "password": "correct-horse-battery"})
    cookie = r.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_only_development_sends_the_cookie_in_clear(database_url, monkeypatch):
    monkeypatch.delenv("MIPS_SECURE_COOKIES", raising=False)
    key = "k" * 32
    assert Settings(database_url=database_url, secret_key=key).secure_cookies
    assert not Settings(database_url=database_url, secret_key=key, environment="development").secure_cookies
    dev = create_app(Settings(database_url=database_url, secret_key=key, environment="development"))
    assert dev.config["SESSION_COOKIE_SECURE"] is False
    dev.extensions["mips"].db.dispose()


@pytest.mark.parametrize("key", ["x", "short-key-0123456789", "é" * 15])
def test_a_signing_key_shorter_than_32_bytes_is_refused_at_start(database_url, key):
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        create_app(Settings(database_url=database_url, secret_key=key))
