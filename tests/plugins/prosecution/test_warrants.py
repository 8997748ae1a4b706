"""Warrants (EWMS's job): received by type, circulated, executed once (again, or after
withdrawal or cancellation, a 409 with the rule); execution published for custody; a
booking in on a warrant executes it; an outstanding warrant warns whoever opens the person."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from tests.plugins.prosecution.conftest import API, SUSPECT

ISSUED = (datetime.now(timezone.utc) - timedelta(days=3)).isoformat()
TYPES = ["fail_to_appear_not_backed", "fail_to_appear_backed", "fine_default", "breach", "recall"]


@pytest.fixture
def receive(prosecution, suspect):
    def _receive(warrant_type="fail_to_appear_not_backed", status=201, **extra):
        body = {"warrant_type": warrant_type, "person_id": suspect, "court": "Highbury Corner Magistrates' Court",
                "issued_at": ISSUED, "reason": "Failed to surrender to bail"} | extra
        if warrant_type == "fail_to_appear_backed" and "endorsement" not in extra:
            body["endorsement"] = "Bail to appear at Highbury Corner on the next Monday at 10:00"
        r = prosecution.post(f"{API}/warrants", "warrants", json=body)
        assert r.status_code == status, r.json
        return r.json

    return _receive


def _act(client, warrant, act, user="warrants", **body):
    return client.post(f"{API}/warrants/{warrant['id']}/{act}", user, json=body)


def _published(app, name):
    from core.kit import current_uow
    from core.platform.outbox import OutboxEvent

    with app.app_context():
        return [p for p in current_uow().session.scalars(select(OutboxEvent.payload).where(OutboxEvent.name == name))]


@pytest.mark.parametrize("warrant_type", TYPES)
def test_each_type_is_received_circulated_and_executed_once(receive, prosecution, app, warrant_type):
    w = receive(warrant_type)
    assert re.fullmatch(r"WA/\d{4}/000001", w["warrant_no"]) and w["state"] == "received"
    assert _act(prosecution, w, "circulation").status_code == 201
    done = _act(prosecution, w, "execution", place="Camden High St")
    assert done.status_code == 201, done.json
    backed = warrant_type == "fail_to_appear_backed"
    assert done.json["data"]["outcome"] == ("released_on_bail" if backed else "to_custody")
    assert done.json["data"]["circulation_cleared"] is True
    again = _act(prosecution, w, "execution")
    assert again.status_code == 409 and again.json["code"] == "warrant_already_executed"
    assert "s.125" in again.json["errors"]["cite"]
    (event,) = _published(app, "prosecution.warrant_executed")
    assert event["warrant_no"] == w["warrant_no"] and event["person_id"] == w["person_id"]
    assert event["outcome"] == done.json["data"]["outcome"] and event["backed_for_bail"] is backed
    assert event["custody_no"] == ""  # to be booked in by custody
    if backed:
        assert event["endorsement"].startswith("Bail to appear")
    got = prosecution.read(f"{API}/warrants/{w['id']}", "pros_reader").json
    assert got["state"] == "executed" and [h["kind"] for h in got["history"]] == ["received", "circulated", "executed"]


@pytest.mark.parametrize("act,code", [("withdrawal", "warrant_withdrawn"), ("cancellation", "warrant_cancelled")])
def test_a_warrant_no_longer_in_force_cannot_be_executed(receive, prosecution, app, act, code):
    w = receive()
    assert _act(prosecution, w, act, reason="Defendant surrendered to the court").status_code == 201
    r = _act(prosecution, w, "execution")
    assert r.status_code == 409 and r.json["code"] == code and "s.125" in r.json["errors"]["cite"]
    assert _published(app, "prosecution.warrant_executed") == []
    state = {"withdrawal": "withdrawn", "cancellation": "cancelled"}[act]
    assert prosecution.read(f"{API}/warrants/{w['id']}", "pros_reader").json["state"] == state


def test_an_executed_warrant_cannot_be_withdrawn_or_circulated(receive, prosecution):
    w = receive()
    _act(prosecution, w, "execution")
    assert _act(prosecution, w, "withdrawal", reason="too late").json["code"] == "warrant_already_executed"
    assert _act(prosecution, w, "circulation").status_code == 409


@pytest.mark.parametrize("extra,code", [
    ({"warrant_type": "fail_to_appear_backed", "endorsement": ""}, "endorsement_needed"),
    ({"warrant_type": "breach", "endorsement": "Bail to Monday"}, "not_backed_for_bail"),
    ({"warrant_type": "arrest_on_a_whim"}, "unknown_warrant_type"),
    ({"issued_at": (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()}, "in_the_future"),
])
def test_a_warrant_that_cannot_be_right_is_refused_with_the_rule(receive, prosecution, extra, code):
    r = receive(status=422, **extra)
    assert r["code"] == code
    if code != "in_the_future":
        assert r["errors"]["cite"]
    assert prosecution.get(f"{API}/warrants?state=all", "pros_reader").json == []


def test_execution_before_issue_is_refused(receive, prosecution):
    w = receive()
    r = _act(prosecution, w, "execution", at=(datetime.now(timezone.utc) - timedelta(days=5)).isoformat())
    assert r.status_code == 422 and r.json["code"] == "before_issue"


def test_only_warrant_officers_manage_warrants(receive, prosecution):
    w = receive()
    assert _act(prosecution, w, "execution", user="pros_reader").status_code == 403
    assert _act(prosecution, w, "execution", user="officer").status_code == 403


def test_the_list_shows_outstanding_warrants_first(receive, prosecution):
    first = receive()
    second = receive("recall")
    third = receive("breach")
    _act(prosecution, first, "execution")
    _act(prosecution, third, "cancellation", reason="issued in error")
    outstanding = prosecution.get(f"{API}/warrants", "pros_reader").json
    assert [w["warrant_no"] for w in outstanding] == [second["warrant_no"]]
    everything = prosecution.get(f"{API}/warrants?state=all", "pros_reader").json
    assert everything[0]["warrant_no"] == second["warrant_no"] and len(everything) == 3


def test_an_outstanding_warrant_warns_any_officer_who_opens_the_person(receive, prosecution, suspect):
    from tests.core.web_client import WebClient

    w = receive("recall")
    view = prosecution.read(f"/api/v1/persons/{suspect}/view", "officer").json  # no prosecution role
    (warning,) = view["warnings"]
    assert warning["module"] == "prosecution" and w["warrant_no"] in warning["text"] and "Recall" in warning["text"]
    assert not [s for s in view["sections"] if s["module"] == "prosecution" and s["items"]]  # details need the role
    status, html = WebClient(prosecution.app).sign_in("officer").text(f"/persons/{suspect}?purpose=wanted+check")
    assert status == 200 and f"Outstanding warrant {w['warrant_no']}" in html
    _act(prosecution, w, "execution")
    assert prosecution.read(f"/api/v1/persons/{suspect}/view", "officer").json["warnings"] == []
    section = [s for s in prosecution.read(f"/api/v1/persons/{suspect}/view", "pros_reader").json["sections"]
               if s["module"] == "prosecution"]
    assert section and section[0]["items"][0]["title"] == f"Warrant {w['warrant_no']}"


def test_search_finds_a_warrant_by_its_number(receive, prosecution):
    w = receive()
    hits = prosecution.read(f"/api/v1/search?q={w['warrant_no']}", "pros_reader").json
    assert any(h["title"] == f"Warrant {w['warrant_no']}" and h["source"] == "prosecution" for h in hits)


# -- with custody -------------------------------------------------------------------

def _book(client, warrant_no):
    now = datetime.now(timezone.utc)
    body = {"suite": "CAM", "person": SUSPECT, "arrest_at": (now - timedelta(hours=1)).isoformat(),
            "arrival_at": (now - timedelta(minutes=30)).isoformat(), "grounds": "Arrested on warrant",
            "offences": [{"wording": "Failure to surrender"}], "warrant_no": warrant_no}
    r = client.post("/api/v1/custody/detentions", "sergeant", json=body)
    assert r.status_code == 201, r.json
    return r.json


@pytest.fixture
def custody_on(app, enable):
    from tests.conftest import add_users
    from tests.plugins.prosecution.conftest import CUSTODY_USERS

    add_users(app, CUSTODY_USERS)
    enable("custody")


def _legacy_pushes(app):
    from core.kit import current_uow
    from core.legacy.models import LegacyPush

    with app.app_context():
        return list(current_uow().session.scalars(select(LegacyPush.event_name)))


def test_booked_in_on_a_warrant_executes_it_and_ewms_gets_nothing(receive, prosecution, custody_on, app):
    w = receive()
    det = _book(prosecution, w["warrant_no"])
    got = prosecution.read(f"{API}/warrants/{w['id']}", "pros_reader").json
    assert got["state"] == "executed" and got["custody_no"] == det["custody_no"] and got["outcome"] == "to_custody"
    (event,) = _published(app, "prosecution.warrant_executed")
    assert event["custody_no"] == det["custody_no"]  # already booked in: custody need not book in again
    assert _legacy_pushes(app) == []


def test_a_booking_after_the_module_executed_the_warrant_is_noted_not_refused(receive, prosecution, custody_on, app):
    w = receive()
    _act(prosecution, w, "execution")
    det = _book(prosecution, w["warrant_no"])  # custody books the arrested person in, naming the warrant
    got = prosecution.read(f"{API}/warrants/{w['id']}", "pros_reader").json
    assert got["custody_no"] == det["custody_no"] and [h["kind"] for h in got["history"]][-1] == "booked_in"
    assert len(_published(app, "prosecution.warrant_executed")) == 1


def test_a_warrant_for_someone_not_yet_known_resolves_them_to_the_one_person(prosecution, suspect):
    body = {"warrant_type": "breach", "court": "Highbury Corner Magistrates' Court", "issued_at": ISSUED,
            "person": SUSPECT}
    first = prosecution.post(f"{API}/warrants", "warrants", json=body)
    second = prosecution.post(f"{API}/warrants", "warrants", json=body | {"warrant_type": "recall"})
    assert first.status_code == second.status_code == 201, (first.json, second.json)
    assert first.json["person_id"] == second.json["person_id"] == suspect  # PNC ID matched: the same person
    both = prosecution.post(f"{API}/warrants", "warrants", json=body | {"person_id": suspect})
    assert both.status_code == 422 and both.json["code"] == "validation_error"
