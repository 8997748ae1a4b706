"""Sign-in abuse (issue 21, Medium): five wrong passwords locked real names but never
unknown ones (an account oracle); ten concurrent guesses on PostgreSQL were all checked
before the lock; one client could guess across any number of names; and Argon2 ran
inside the write transaction, so guessers stalled every officer's writes."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, text

from core.identity import services, throttle
from tests.conftest import PASSWORD

TOKEN = "/api/v1/auth/token"


def _sign_in(app, username, password, address="192.0.2.10"):
    return app.test_client().post(TOKEN, json={"username": username, "password": password},
                                  environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("username", ["officer", "no.such.person"])
def test_a_known_and_an_unknown_name_lock_alike(app, username):
    answers = [_sign_in(app, username, "wrong-guess-123") for _ in range(services.MAX_FAILED_SIGN_INS + 1)]
    assert [r.status_code for r in answers] == [401] * services.MAX_FAILED_SIGN_INS + [429]
    assert answers[-1].json["code"] == "account_locked" and "Retry-After" in answers[-1].headers
    assert set(answers[0].json) == {"code", "message", "errors"} and answers[0].json["code"] == "invalid_credentials"


def test_the_answers_for_known_and_unknown_names_cannot_be_told_apart(app):
    def answers(name):
        out = [_sign_in(app, name, "wrong-guess-123", address=f"198.51.100.{len(name)}") for _ in range(6)]
        return [(r.status_code, r.json["code"], r.json["message"].split(" after ")[0]) for r in out]

    assert answers("officer") == answers("nobody.here")


def test_concurrent_guesses_check_at_most_five_passwords(app, monkeypatch):
    checked = []
    real = services.verify_password

    def counting(stored, password):
        checked.append(password)
        return real(stored, password)

    monkeypatch.setattr(services, "verify_password", counting)
    statuses: list[int] = []
    barrier = threading.Barrier(10)

    def guess(i):
        barrier.wait(timeout=10)
        statuses.append(_sign_in(app, "officer", f"guess-{i:03d}-xx", address=f"203.0.113.{i}").status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(checked) == services.MAX_FAILED_SIGN_INS
    assert sorted(statuses) == [401] * 5 + [429] * 5


def test_one_client_cannot_guess_across_many_names(app):
    statuses = [_sign_in(app, f"name{i}", "wrong-guess-123").status_code for i in range(throttle.CLIENT_LIMIT + 2)]
    assert statuses[:throttle.CLIENT_LIMIT] == [401] * throttle.CLIENT_LIMIT and statuses[-1] == 429
    assert _sign_in(app, "officer", PASSWORD, address="192.0.2.99").status_code == 200  # others are not affected


def test_the_password_is_checked_with_no_lock_held(app, database_url, monkeypatch):
    """While Argon2 runs, another writer can take the database's write lock at once."""
    real = services.verify_password
    probes = []

    def probe(stored, password):
        engine = create_engine(database_url, connect_args={"timeout": 0.2} if database_url.startswith("sqlite") else {})
        try:
            with engine.connect() as conn:
                if database_url.startswith("sqlite"):
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    conn.execute(text("SET lock_timeout = '200ms'"))
                    conn.execute(text("LOCK TABLE core_users, core_audit_head IN ACCESS EXCLUSIVE MODE"))
                conn.rollback()
            probes.append("free")
        except Exception as exc:  # the lock is held by the sign-in: the finding
            probes.append(f"locked: {exc}")
        finally:
            engine.dispose()
        return real(stored, password)

    monkeypatch.setattr(services, "verify_password", probe)
    assert _sign_in(app, "officer", "wrong-guess-123").status_code == 401
    assert _sign_in(app, "officer", PASSWORD).status_code == 200
    assert probes == ["free", "free"]


def test_a_success_clears_the_name_and_web_sign_in_is_throttled_too(app):
    from tests.core.web_client import WebClient

    for _ in range(services.MAX_FAILED_SIGN_INS - 1):
        _sign_in(app, "officer", "wrong-guess-123")
    assert _sign_in(app, "officer", PASSWORD).status_code == 200
    assert _sign_in(app, "officer", "wrong-guess-123").status_code == 401  # the count started again
    web = WebClient(app)
    web.get("/sign-in")
    for _ in range(services.MAX_FAILED_SIGN_INS):
        web.post("/sign-in", {"username": "ghost.name", "password": "nope-nope-nope"})
    assert web.post("/sign-in", {"username": "ghost.name", "password": "nope-nope-nope"}).status_code == 429
