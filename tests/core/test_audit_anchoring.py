"""The audit chain cannot be rewritten by someone who can write to the database (issue 21,
High 3). Each attack below passed ``mips audit verify`` when the chain was a plain SHA-256
chain with its head in the same database: the attacker drops the append-only trigger (as
the app's own role could), rewrites, and recomputes every hash the old way. The keyed
chain (HMAC, key outside the database) and the signed checkpoints of the head (a file
outside the database) catch each one.
"""
from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, delete, insert, select, text

from core.audit.chain import CONTENT_FIELDS
from core.audit.log import append, verify
from core.audit.models import AuditEntry
from core.cli import main
from core.platform.db import session

PERSON, OTHER = "p-witness-0001", "p-other-0002"
LOG = AuditEntry.__table__


def _verify(app):
    with app.app_context():
        return verify(session())


def _cli(database_url, monkeypatch, *args):
    monkeypatch.setenv("MIPS_DATABASE_URL", database_url)
    monkeypatch.setenv("MIPS_SECRET_KEY", "cli-test-key-0123456789abcdef0123456789")
    return CliRunner().invoke(main, ["audit", *args])


def _consult(app, actor, person):
    with app.extensions["mips"].db.writer_sessionmaker() as s:
        append(s, actor=actor, action="consultation", entity_type="person", entity_id=person, justification="case 7/2026")
        s.commit()


@pytest.fixture
def trail(app, client, database_url, monkeypatch):
    """Consultations of two persons by two officers, then the head checkpointed by cron."""
    client.get("/api/v1/auth/me", "officer")
    for i in range(4):
        _consult(app, "officer", PERSON if i % 2 else OTHER)
        _consult(app, "vetted", PERSON)
    assert _cli(database_url, monkeypatch, "checkpoint").exit_code == 0
    result = _verify(app)
    assert result.ok and result.checkpoints >= 1, result.reason
    return result.checked


# -- what an attacker with the database, but not the key, does -------------------------------

def _rows(database_url) -> list[dict]:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(LOG).order_by(LOG.c.seq))]
    engine.dispose()
    return rows


def _plain_hash(row: dict) -> str:
    """The unkeyed hash the chain used to have: all an attacker without the key can compute."""
    payload = {name: row[name] for name in CONTENT_FIELDS}
    payload["at"] = payload["at"].isoformat(timespec="microseconds")
    content = hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                                        default=str).encode("utf-8")).hexdigest()
    return hashlib.sha256((row["prev_hash"] + content).encode("ascii")).hexdigest()


def _rewrite(database_url, rows: list[dict], rechain_from: int) -> None:
    """Drop the trigger, replace the log with ``rows`` renumbered from 1, relinked from
    ``rechain_from`` on, and move the head to the last row."""
    prev = "0" * 64
    for seq, row in enumerate(rows, start=1):
        row["seq"] = seq
        if seq >= rechain_from:
            row["prev_hash"] = prev
            row["hash"] = _plain_hash(row)
        prev = row["hash"]
    engine = create_engine(database_url)
    with engine.begin() as conn:
        if database_url.startswith("postgresql"):
            conn.execute(text("ALTER TABLE core_audit_log DISABLE TRIGGER core_audit_log_no_change"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS core_audit_log_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS core_audit_log_no_delete"))
        conn.execute(delete(LOG))
        conn.execute(insert(LOG), rows)
        conn.execute(text("UPDATE core_audit_head SET seq = :s, hash = :h WHERE id = 1"), {"s": len(rows), "h": prev})
        if database_url.startswith("postgresql"):
            conn.execute(text("ALTER TABLE core_audit_log ENABLE TRIGGER core_audit_log_no_change"))
    engine.dispose()


# -- the three rewrites of the issue ---------------------------------------------------------

def test_cutting_off_the_end_and_moving_the_head_back_is_caught(app, trail, database_url, monkeypatch):
    rows = _rows(database_url)
    _rewrite(database_url, rows[:-3], rechain_from=len(rows))  # nothing to relink: a clean shorter chain
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == trail - 2 and "cut off the end" in result.reason
    cli = _cli(database_url, monkeypatch, "verify")
    assert cli.exit_code == 1 and f"entry {trail - 2}" in cli.output


def test_re_attributing_a_consultation_to_another_officer_is_caught(app, trail, database_url, monkeypatch):
    rows = _rows(database_url)
    target = next(r for r in rows if r["actor"] == "vetted" and r["entity_id"] == PERSON)
    target["actor"] = "officer"
    _rewrite(database_url, rows, rechain_from=target["seq"])
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == target["seq"] and "altered" in result.reason
    assert _cli(database_url, monkeypatch, "verify").exit_code == 1


def test_deleting_every_entry_about_a_person_and_renumbering_is_caught(app, trail, database_url, monkeypatch):
    rows = _rows(database_url)
    first = next(r["seq"] for r in rows if r["entity_id"] == PERSON)
    kept = [r for r in rows if r["entity_id"] != PERSON]
    _rewrite(database_url, kept, rechain_from=first)
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == first
    assert _cli(database_url, monkeypatch, "verify").exit_code == 1


def test_the_same_rewrites_are_caught_with_no_checkpoint_at_all(app, trail, database_url, audit_checkpoints):
    """The keyed chain alone catches rewriting; checkpoints are needed only for the cut-off end."""
    audit_checkpoints.unlink()
    rows = _rows(database_url)
    rows[2]["actor"] = "someone-else"
    _rewrite(database_url, rows, rechain_from=3)
    result = _verify(app)
    assert not result.ok and result.first_bad_seq == 3


def test_a_forged_checkpoint_line_is_caught(app, trail, audit_checkpoints):
    lines = audit_checkpoints.read_text().splitlines()
    record = json.loads(lines[-1])
    record["seq"] = 2
    audit_checkpoints.write_text("\n".join(lines + [json.dumps(record)]) + "\n")
    result = _verify(app)
    assert not result.ok and "checkpoint file" in result.reason


def test_verify_checkpoints_the_head_it_found_intact(app, trail, database_url, monkeypatch, audit_checkpoints):
    _consult(app, "officer", PERSON)
    before = len(audit_checkpoints.read_text().splitlines())
    cli = _cli(database_url, monkeypatch, "verify")
    assert cli.exit_code == 0 and "intact" in cli.output, cli.output
    assert len(audit_checkpoints.read_text().splitlines()) == before + 1
    assert json.loads(audit_checkpoints.read_text().splitlines()[-1])["seq"] == trail + 1


def test_the_key_never_reaches_the_database(app, trail, database_url):
    from core.audit.keys import audit_key

    key = audit_key().decode()
    blob = json.dumps(_rows(database_url), default=str)
    assert key not in blob


# -- chains written before the key -----------------------------------------------------------

def test_a_chain_from_before_the_key_is_adopted_explicitly_then_anchored(app, database_url, monkeypatch):
    for i in range(5):
        _consult(app, "officer", f"old-{i}")
    old = _rows(database_url)
    _rewrite(database_url, old, rechain_from=1)  # the whole chain as the unkeyed code wrote it
    refused = _verify(app)
    assert not refused.ok and refused.first_bad_seq == 1 and "adopt-legacy" in refused.reason
    adopted = _cli(database_url, monkeypatch, "adopt-legacy")
    assert adopted.exit_code == 0 and f"{len(old)} unkeyed entries adopted" in adopted.output, adopted.output
    _consult(app, "officer", "new-1")
    result = _verify(app)
    assert result.ok and result.legacy == len(old) and result.checked == len(old) + 1, result.reason
    rows = _rows(database_url)
    rows[1]["actor"] = "someone-else"  # the old, unkeyed part rewritten the old way
    _rewrite(database_url, rows, rechain_from=2)
    assert not _verify(app).ok


def test_workers_checkpoint_the_committed_head_after_requests(client, monkeypatch, audit_checkpoints):
    monkeypatch.setenv("MIPS_AUDIT_CHECKPOINT_SECONDS", "0")
    client.get("/api/v1/audit", "auditor")
    client.get("/api/v1/audit", "auditor")
    lines = [json.loads(line) for line in audit_checkpoints.read_text().splitlines()]
    assert len(lines) >= 2 and lines[-1]["seq"] > lines[0]["seq"] and all(line["sig"] for line in lines)
