"""Sign-in and the 401 cases: no token, a bad one, an expired one, a disabled account."""
from __future__ import annotations

import jwt
import pytest

from core.identity import tokens
from tests.conftest import PASSWORD


def test_sign_in_returns_a_bearer_token(client):
    r = client.post("/api/v1/auth/token", json={"username": "officer", "password": PASSWORD})
    assert r.status_code == 200
    assert r.json["token_type"] == "bearer"
    assert r.json["expires_in"] > 0
    me = client.http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json['access_token']}"})
    assert me.status_code == 200 and me.json["username"] == "officer" and me.json["unit"] == "Camden"


@pytest.mark.parametrize("username,password", [("officer", "wrong-password"), ("ghost", PASSWORD)])
def test_wrong_credentials_get_401_and_are_audited(client, username, password):
    r = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert r.status_code == 401 and r.json["code"] == "invalid_credentials"
    failed = client.get("/api/v1/audit?action=authentication_failed", "auditor").json
    assert [e["entity_id"] for e in failed] == [username]


def _expired_token(app) -> str:
    return tokens.issue("officer", app.extensions["mips"].settings.secret_key, ttl_seconds=-10)


@pytest.mark.parametrize("header", [
    None,
    "Bearer",
    "Basic b2ZmaWNlcjpwdw==",
    "Bearer not-a-jwt",
    "Bearer " + jwt.encode({"sub": "admin", "iss": "mips", "iat": 0, "exp": 4102444800}, "a-different-signing-key-0123456789abcdef", algorithm="HS256"),
    "Bearer " + jwt.encode({"sub": "admin", "iss": "mips", "iat": 0, "exp": 4102444800}, None, algorithm="none"),
])
def test_missing_or_bad_tokens_get_401(client, header):
    r = client.http.get("/api/v1/auth/me", headers={"Authorization": header} if header else {})
    assert r.status_code == 401
    assert r.json["code"] in ("unauthorized", "invalid_token")
    assert "WWW-Authenticate" in r.headers


def test_expired_token_gets_401(client, app):
    r = client.http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {_expired_token(app)}"})
    assert r.status_code == 401 and "expired" in r.json["message"]


def test_a_disabled_account_is_locked_out_at_once(client):
    token = client.token("officer")
    assert client.patch("/api/v1/users/officer", "admin", json={"active": False}).status_code == 200
    r = client.http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"username": "officer", "password": PASSWORD})
    assert r.status_code == 401


def test_passwords_are_stored_as_argon2_hashes(app):
    from sqlalchemy import select

    from core.identity.models import User
    from core.platform.db import session

    with app.app_context():
        stored = session().scalar(select(User.password_hash).where(User.username == "officer"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, app):
    from datetime import timedelta

    from core.identity import services
    from core.identity.throttle import SignInThrottle
    from core.platform.db import commit, session
    from core.platform.timeutil import utcnow

    for _ in range(services.MAX_FAILED_SIGN_INS):
        r = client.post("/api/v1/auth/token", json={"username": "officer", "password": "guess-guess-guess"})
        assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"username": "officer", "password": PASSWORD})
    assert r.status_code == 429 and r.json["code"] == "account_locked"      # even the right password waits
    assert "try again after" in r.json["message"]
    assert int(r.headers["Retry-After"]) > (services.LOCK_MINUTES - 1) * 60
    with app.app_context():
        count = session().get(SignInThrottle, "account:officer")
        count.first_at = utcnow() - timedelta(minutes=services.LOCK_MINUTES, seconds=1)  # the window runs out
        commit()
    assert client.post("/api/v1/auth/token", json={"username": "officer", "password": PASSWORD}).status_code == 200
    # a success clears the count: one more mistake does not lock again
    client.post("/api/v1/auth/token", json={"username": "officer", "password": "one-more-slip"})
    assert client.post("/api/v1/auth/token", json={"username": "officer", "password": PASSWORD}).status_code == 200


def test_signing_out_ends_every_token_of_the_user(client):
    first = client.token("officer")
    second = client.http.post("/api/v1/auth/token", json={"username": "officer", "password": PASSWORD}).json["access_token"]
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    r = client.http.post("/api/v1/auth/sign-out", headers={"Authorization": f"Bearer {first}"})
    assert r.status_code == 204
    for token in (first, second):
        r = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401 and "signed out" in r.json["message"]
    fresh = client.http.post("/api/v1/auth/token", json={"username": "officer", "password": PASSWORD}).json["access_token"]
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
