"""The clock endpoint, the check schedule per observation level, and who may do what."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from plugins.custody import care
from tests.plugins.custody.conftest import ago

API = "/api/v1/custody"


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_clock_endpoint_answers_for_any_moment(custody, book):
    det = book(arrest=timedelta(hours=3), arrival=timedelta(hours=2))
    url = f"{API}/detentions/{det['id']}/clock"
    now = custody.get(url, "custody_reader").json
    arrival = _at(det["arrival_at"])
    assert _at(now["relevant_time"]) == arrival                       # s.41(2)(d): arrival at the station
    assert _at(now["limit_at"]) == arrival + timedelta(hours=24)
    assert _at(now["next_review_due"]) == arrival + timedelta(hours=6)  # authorised on arrival
    assert now["overdue"] == []
    later = custody.get(url, "custody_reader", query_string={"at": (arrival + timedelta(hours=7)).isoformat()}).json
    assert any("review overdue" in o for o in later["overdue"])
    assert _at(later["at"]).utcoffset() is not None


def test_relevant_time_for_arrest_in_another_force_area(custody, book):
    arrest = ago(hours=10)
    det = book(arrest=timedelta(hours=10), arrival=timedelta(hours=2), case="other_force_area",
               arrival_in_area_at=ago(hours=2).isoformat())
    clock = custody.get(f"{API}/detentions/{det['id']}/clock", "custody_reader").json
    assert abs(_at(clock["relevant_time"]) - ago(hours=2)) < timedelta(minutes=1)
    assert "s.41(2)(a)" in clock["relevant_time_cite"]
    assert arrest < _at(clock["relevant_time"])


@pytest.mark.parametrize("level,intoxicated,minutes", [(1, False, 60), (1, True, 30), (2, False, 30), (3, False, 15),
                                                        (4, True, 15)])
def test_check_schedule_per_observation_level(level, intoxicated, minutes):
    plan = care.schedule(level, intoxicated)
    assert plan.every == timedelta(minutes=minutes)
    assert plan.continuous == (level >= 3)
    assert plan.cite


def test_a_late_check_shows_as_overdue(custody, book):
    det = book(arrest=timedelta(hours=4), arrival=timedelta(hours=3))
    url = f"{API}/detentions/{det['id']}"
    r = custody.post(f"{url}/risk", "sergeant", json={"observation_level": 1, "intoxicated": True,
                                                      "at": ago(hours=3).isoformat()})
    assert r.status_code == 201 and r.json["data"]["check_every_minutes"] == 30
    clock = custody.get(f"{url}/clock", "custody_reader").json
    assert any(o.startswith("check overdue") for o in clock["overdue"])
    assert custody.post(f"{url}/checks", "gaoler", json={"roused": True, "condition": "responsive"}).status_code == 201
    clock = custody.get(f"{url}/clock", "custody_reader").json
    assert not any(o.startswith("check overdue") for o in clock["overdue"])
    assert _at(clock["next_check_due"]) > ago(minutes=0)


def test_rights_matrix(custody, book):
    det = book()
    url = f"{API}/detentions/{det['id']}"
    expectations = {
        # act: (path, body, who may, who may not)
        "check": ("checks", {}, ["gaoler", "sergeant"], ["custody_reader", "inspector", "officer"]),
        "risk": ("risk", {"observation_level": 2}, ["sergeant"], ["gaoler", "inspector", "custody_reader"]),
        "review": ("reviews", {"notes": "necessary"}, ["inspector", "superintendent"], ["sergeant", "gaoler", "custody_reader"]),
    }
    for act, (path, body, allowed, refused) in expectations.items():
        for user in refused:
            r = custody.post(f"{url}/{path}", user, json=body)
            assert r.status_code == 403, (act, user, r.json)
        for user in allowed:
            r = custody.post(f"{url}/{path}", user, json=body)
            assert r.status_code == 201, (act, user, r.json)
    assert custody.read(url, "custody_reader").status_code == 200
    assert custody.read(url, "officer").status_code == 403


def test_review_by_an_involved_officer_is_refused(custody, book):
    det = book(officer_in_case="inspector")
    r = custody.post(f"{API}/detentions/{det['id']}/reviews", "inspector", json={})
    assert r.status_code == 403 and r.json["code"] == "involved_officer"
    assert "s.40(1)(b)" in str(r.json)


def test_superintendent_extension_follows_section_42(custody, book):
    det = book(arrival=timedelta(hours=16), arrest=timedelta(hours=16, minutes=30),
               offences=[{"wording": "Robbery", "code": "TH68023", "indictable": True}])
    url = f"{API}/detentions/{det['id']}"
    r = custody.post(f"{url}/extensions", "superintendent", json={"grounds": "evidence outstanding"})
    assert r.status_code == 422 and "second review" in r.json["message"]
    for hours_ago in (11, 3):
        assert custody.post(f"{url}/reviews", "inspector", json={"at": ago(hours=hours_ago).isoformat()}).status_code == 201
    assert custody.post(f"{url}/extensions", "inspector", json={"grounds": "x"}).status_code == 403
    r = custody.post(f"{url}/extensions", "superintendent", json={"grounds": "evidence outstanding"})
    assert r.status_code == 201, r.json
    clock = custody.get(f"{url}/clock", "custody_reader").json
    assert _at(clock["limit_at"]) == _at(det["arrival_at"]) + timedelta(hours=36)


def test_extension_refused_for_a_summary_offence(custody, book):
    det = book(arrival=timedelta(hours=16), arrest=timedelta(hours=17))
    url = f"{API}/detentions/{det['id']}"
    for hours_ago in (11, 3):
        custody.post(f"{url}/reviews", "inspector", json={"at": ago(hours=hours_ago).isoformat()})
    r = custody.post(f"{url}/extensions", "superintendent", json={"grounds": "x"})
    assert r.status_code == 422 and "indictable" in r.json["message"]


def test_hospital_time_is_not_counted_unless_questioned(custody, book):
    det = book(arrest=timedelta(hours=6), arrival=timedelta(hours=5))
    url = f"{API}/detentions/{det['id']}"
    for kind, hours_ago in (("hospital_out", 4), ("hospital_back", 2)):
        r = custody.post(f"{url}/entries", "sergeant", json={"kind": kind, "at": ago(hours=hours_ago).isoformat()})
        assert r.status_code == 201, r.json
    clock = custody.get(f"{url}/clock", "custody_reader").json
    expected = _at(det["arrival_at"]) + timedelta(hours=26)   # s.41(6): the 2 hours in hospital are not counted
    assert abs(_at(clock["limit_at"]) - expected) < timedelta(seconds=1)
    assert "s.41(1)" in clock["limit_cite"]
    r = custody.post(f"{url}/entries", "sergeant", json={"kind": "hospital_back"})
    assert r.status_code == 409 and r.json["code"] == "not_in_hospital"


def test_after_charge_the_custody_officer_reviews(custody, book):
    det = book(arrest=timedelta(hours=8), arrival=timedelta(hours=7))
    url = f"{API}/detentions/{det['id']}"
    r = custody.post(f"{url}/charged-reviews", "sergeant", json={})
    assert r.status_code == 403 and r.json["code"] == "not_charged"
    assert custody.post(f"{url}/charge", "sergeant", json={}).status_code == 201
    r = custody.post(f"{url}/charged-reviews", "sergeant", json={"notes": "kept for court"})
    assert r.status_code == 201 and r.json["data"]["after_charge"] is True
    clock = custody.get(f"{url}/clock", "custody_reader").json
    assert not any("review overdue" in o for o in clock["overdue"])
    assert custody.post(f"{url}/charged-reviews", "gaoler", json={}).status_code == 403
