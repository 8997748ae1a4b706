"""A busy database never turns a refusal into a 500 (issue 21, Medium): under write load
every denied request is a 403 with its access_denied entry kept; a write lock held past the
busy timeout answers 503 database_busy with Retry-After, and /health says so."""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from core.audit.models import AuditEntry
from core.platform import db
from core.platform.db import session
from tests.conftest import Client


def test_denials_under_write_load_are_403_and_each_is_audited(app):
    client = Client(app)
    for user in ("officer", "records", "vetted"):
        client.token(user)
    statuses: list[int] = []
    lock = threading.Lock()

    def writer(user: str) -> None:
        for i in range(25):
            r = client.post("/api/v1/objects", user, json={"kind": "vehicle", "vrm": f"LD{i:02d}ABC"})
            with lock:
                statuses.append(r.status_code)

    denied: list[int] = []

    def denier() -> None:
        for _ in range(40):
            denied.append(client.get("/api/v1/audit", "officer").status_code)

    threads = [threading.Thread(target=writer, args=(u,)) for u in ("officer", "records", "vetted")]
    threads.append(threading.Thread(target=denier))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert set(statuses) == {201} and len(statuses) == 75
    assert denied == [403] * 40
    with app.app_context():
        kept = session().scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "access_denied", AuditEntry.actor == "officer"))
    assert kept == 40


@contextmanager
def write_lock_held(database_url: str):
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_write_lock_held_too_long_is_503_not_500_and_health_says_so(app, database_url, monkeypatch):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's one write lock; PostgreSQL locks rows")
    monkeypatch.setattr(db, "SQLITE_BUSY_MS", 300)
    app.extensions["mips"].db.dispose()  # new connections wait 0.3 s, not 30 s
    client = Client(app)
    client.token("officer")
    with write_lock_held(database_url):
        r = client.post("/api/v1/objects", "officer", json={"kind": "vehicle", "vrm": "AB12CDE"})
        assert r.status_code == 503 and r.json["code"] == "database_busy" and r.headers["Retry-After"]
        r = client.get("/api/v1/health")
        assert r.status_code == 503 and r.json["code"] == "database_busy"
    assert client.post("/api/v1/objects", "officer", json={"kind": "vehicle", "vrm": "AB12CDE"}).status_code == 201


def test_health_is_200_when_writes_can_be_taken(client):
    assert client.get("/api/v1/health").status_code == 200
