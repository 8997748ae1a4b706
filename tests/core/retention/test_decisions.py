"""Reviewers' decisions: each needs a reason; keeping needs a next review in the future;
disposal is refused for a live record and for group 1 before the 100th birthday, with the
rule's citation; who may decide is a right; every decision is audited and can be listed."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.retention import service
from core.retention.schedule import Retained
from tests.core.retention.conftest import refresh


def _person(client, given="Una", family="Rowe", **extra):
    body = {"names": [{"given": given, "family": family}], "dobs": ["1950-01-02"]} | extra
    return client.post("/api/v1/persons", "officer", json=body).json["id"]


def _decide(client, pid, user="info_manager", **body):
    return client.post(f"/api/v1/retention/persons/{pid}/decisions", user, json=body)


def test_keep_needs_a_reason_and_a_future_review_date(im, client):
    pid = _person(client)
    refresh(im.app, pid)
    past = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat()
    future = (datetime.now(timezone.utc) + timedelta(days=365 * 12)).isoformat()
    r = _decide(im, pid, decision="keep", reason="too short")
    assert r.status_code == 422 and r.json["code"] == "reason_required" and "DPA 2018 s.62" in r.json["errors"]["cite"]
    r = _decide(im, pid, decision="keep", reason="Linked to an open safeguarding concern", next_review_at=past)
    assert r.status_code == 422 and r.json["code"] == "next_review_in_past" and "MoPI" in r.json["errors"]["cite"]
    ok = _decide(im, pid, decision="keep", reason="Linked to an open safeguarding concern", next_review_at=future)
    assert ok.status_code == 201 and ok.json["state"] == "recorded"
    assert im.get(f"/api/v1/retention/persons/{pid}", "info_manager").json["next_review_at"][:10] == future[:10]
    audit = im.get("/api/v1/audit", "auditor", query_string={"entity_type": "retention_schedule", "entity_id": pid}).json
    assert [e["details"]["decision"] for e in audit] == ["keep"]


def test_disposal_is_refused_while_a_record_is_live(im, book):
    det = book()
    r = _decide(im, det["person_id"], decision="dispose", reason="No policing purpose remains")
    assert r.status_code == 409 and r.json["code"] == "record_live"


def test_group_1_is_not_disposed_of_before_the_100th_birthday(im, client, monkeypatch):
    pid = _person(client)
    real = service.records_of

    def with_public_protection(session, ids):
        found = real(session, ids)
        found[pid].append(Retained("test.mappa", "m1", pid, 1, datetime(2001, 1, 1, tzinfo=timezone.utc)))
        return found

    monkeypatch.setattr(service, "records_of", with_public_protection)
    refresh(im.app, pid)
    r = _decide(im, pid, decision="dispose", reason="No policing purpose remains")
    assert r.status_code == 422 and r.json["code"] == "group1_kept_to_100" and "group 1" in r.json["errors"]["cite"]
    assert "2050-01-02" in r.json["message"]


def test_deciding_needs_the_right_and_a_pending_disposal_can_be_cancelled(im, client):
    pid = _person(client)
    refresh(im.app, pid)
    assert _decide(im, pid, "officer", decision="dispose", reason="No policing purpose remains").status_code == 403
    made = _decide(im, pid, decision="dispose", reason="No policing purpose remains")
    assert made.status_code == 201 and made.json["state"] == "pending"
    cooling = datetime.fromisoformat(made.json["execute_after"]) - datetime.fromisoformat(made.json["decided_at"])
    assert cooling == timedelta(days=28)
    assert _decide(im, pid, decision="keep", reason="Second thoughts here", next_review_at="2040-01-01T00:00:00Z").status_code == 409
    cancelled = im.post(f"/api/v1/retention/decisions/{made.json['id']}/cancel", "info_manager")
    assert cancelled.status_code == 200 and cancelled.json["state"] == "cancelled"
    assert im.get(f"/api/v1/retention/persons/{pid}", "info_manager").json["state"] == "active"
    assert im.post(f"/api/v1/retention/decisions/{made.json['id']}/cancel", "info_manager").status_code == 409
    history = im.get(f"/api/v1/retention/persons/{pid}/decisions", "info_manager").json
    assert [(d["decision"], d["state"]) for d in history] == [("dispose", "cancelled")]


def test_bad_decisions_are_a_clear_4xx(im, client):
    pid = _person(client)
    refresh(im.app, pid)
    assert _decide(im, pid, decision="shred", reason="x" * 20).status_code == 422
    assert _decide(im, pid, decision="keep").status_code == 422
    assert _decide(im, "nobody", decision="keep", reason="x" * 20, next_review_at="2040-01-01T00:00:00Z").status_code == 404
    assert _decide(im, pid, decision="keep", reason="x" * 20, next_review_at="2040-01-01T00:00:00").status_code == 422
