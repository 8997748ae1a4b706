"""Custody law the clock must follow: only questioning counts in hospital (s.41(6)); a
superintendent's shorter period and its top-up (s.42(2)) and the 24 counted hours of
s.42(4)(a); delayed rights (s.56, s.58); the court after charge (s.46); pre-charge bail
and who may extend it (PACE as amended by the PCSC Act 2022); and a clock asked for a
moment before it started."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from plugins.custody import after, pace
from plugins.custody.pace import Detention, Extension, HospitalStay, PaceError, Review, check_extension, clock

API = "/api/v1/custody"
UTC = timezone.utc


def t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def ago(**kw) -> datetime:
    return datetime.now(UTC) - timedelta(**kw)


# -- s.41(6): only questioning in hospital counts -----------------------------------

def test_only_the_time_questioned_in_hospital_counts():
    """Four hours at hospital with one hour of questioning add three hours to the limit."""
    d = Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10), hospital=[HospitalStay(t(1, 12), t(1, 16))],
                  questioning=[(t(1, 13), t(1, 14))])
    assert clock(d, t(1, 20)).limit_at == t(2, 13)


def test_questioning_in_hospital_through_the_api(custody, book):
    det = book(arrest=timedelta(hours=7), arrival=timedelta(hours=6))
    url = f"{API}/detentions/{det['id']}"
    for kind, hours in (("hospital_out", 5), ("hospital_back", 1)):
        assert custody.post(f"{url}/entries", "sergeant", json={"kind": kind, "at": ago(hours=hours).isoformat()}).status_code == 201
    r = custody.post(f"{url}/entries", "sergeant", json={"kind": "hospital_questioning", "at": ago(hours=4).isoformat(),
                                                        "data": {"until": ago(hours=3).isoformat()}})
    assert r.status_code == 201, r.json
    limit = datetime.fromisoformat(custody.get(f"{url}/clock", "custody_reader").json["limit_at"])
    expected = datetime.fromisoformat(det["arrival_at"]) + timedelta(hours=24 + 3)  # 4 hours away, 1 of them questioned
    assert abs(limit - expected) < timedelta(seconds=1)
    r = custody.post(f"{url}/entries", "sergeant", json={"kind": "hospital_questioning", "at": ago(hours=2).isoformat()})
    assert r.status_code == 422 and r.json["code"] == "questioning_end_needed" and "s.41(6)" in r.json["errors"]["cite"]


# -- s.42: a shorter period, topped up; the 24 counted hours ---------------------------

REVIEWED = dict(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10), indictable=True,
                reviews=[Review(t(1, 15), "inspector"), Review(t(2, 0), "inspector")])


def test_a_superintendent_may_authorise_a_shorter_period_and_top_it_up():
    first = Extension("superintendent", t(2, 9), rank="superintendent", hours=30)
    d = Detention(**REVIEWED, extensions=[first])
    check_extension(Detention(**REVIEWED), first)
    assert clock(d, t(2, 12)).limit_at == t(2, 16)
    top_up = Extension("superintendent", t(2, 15), rank="superintendent", hours=36)
    check_extension(d, top_up)
    assert clock(Detention(**REVIEWED, extensions=[first, top_up]), t(2, 16)).limit_at == t(2, 22)
    with pytest.raises(PaceError, match=r"s.42\(2\)"):  # the shorter period had ended
        check_extension(d, Extension("superintendent", t(2, 17), rank="superintendent", hours=36))
    with pytest.raises(PaceError, match=r"s.42\(2\)"):  # no longer than what was given
        check_extension(d, Extension("superintendent", t(2, 15), rank="superintendent", hours=30))
    with pytest.raises(PaceError, match=r"s.42\(1\)"):
        check_extension(Detention(**REVIEWED), Extension("superintendent", t(2, 9), rank="superintendent", hours=40))


def test_an_extension_is_refused_only_more_than_24_counted_hours_after_the_relevant_time():
    check_extension(Detention(**REVIEWED), Extension("superintendent", t(2, 10), rank="superintendent"))  # exactly 24
    with pytest.raises(PaceError, match=r"s.42\(4\)\(a\)"):
        check_extension(Detention(**REVIEWED), Extension("superintendent", t(2, 10, 1), rank="superintendent"))
    in_hospital = Detention(**REVIEWED, hospital=[HospitalStay(t(1, 20), t(1, 23))])
    check_extension(in_hospital, Extension("superintendent", t(2, 12), rank="superintendent"))  # 3 hours not counted


# -- s.56, s.58: delaying rights ----------------------------------------------------------

def test_an_inspector_delays_legal_advice_for_an_indictable_offence_never_past_36_hours(custody, book):
    det = book(offences=[{"wording": "Robbery", "code": "RB", "indictable": True}],
               arrest=timedelta(hours=3), arrival=timedelta(hours=2))
    url = f"{API}/detentions/{det['id']}"
    body = {"right": "legal_advice", "grounds": "would lead to the alerting of other suspects"}
    assert custody.post(f"{url}/rights-delays", "sergeant", json=body).status_code == 403  # not an inspector
    r = custody.post(f"{url}/rights-delays", "inspector", json=body)
    assert r.status_code == 201, r.json
    until = datetime.fromisoformat(r.json["data"]["until"])
    assert until == datetime.fromisoformat(det["arrival_at"]) + timedelta(hours=36)
    assert custody.post(f"{url}/rights-delays", "inspector", json=body).status_code == 409
    state = custody.get(f"{url}/clock", "custody_reader").json
    assert state["delays"][0]["right"] == "legal_advice" and "s.58(5)" in state["delays"][0]["cite"]
    late = custody.get(f"{url}/clock", "custody_reader", query_string={"at": (until + timedelta(minutes=1)).isoformat()}).json
    assert any("delay of legal advice ran past" in o for o in late["overdue"])
    assert custody.post(f"{url}/rights-delays-ended", "sergeant", json={"right": "legal_advice"}).status_code == 201
    assert custody.get(f"{url}/clock", "custody_reader").json["delays"] == []


def test_a_right_is_not_delayed_for_a_summary_offence(custody, book):
    det = book()
    r = custody.post(f"{API}/detentions/{det['id']}/rights-delays", "inspector",
                     json={"right": "someone_informed", "grounds": "x"})
    assert r.status_code == 422 and r.json["code"] == "not_indictable" and "s.56(2)(b)" in r.json["errors"]["cite"]


# -- s.46: the court after charge -------------------------------------------------------

def test_the_next_sitting_after_charge():
    saturday_evening = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)  # sittings Monday to Saturday at 10:00
    assert after.next_sitting(saturday_evening).at == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    tuesday_early = datetime(2026, 12, 8, 7, 0, tzinfo=UTC)
    assert after.next_sitting(tuesday_early).at == datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 7, 8, 0, tzinfo=UTC)  # 09:00 in London: the 10:00 sitting is 09:00 UTC
    assert after.next_sitting(summer).at == datetime(2026, 7, 7, 9, 0, tzinfo=UTC)


def test_a_charged_detainee_kept_for_court_is_due_before_it(custody, book):
    det = book()
    url = f"{API}/detentions/{det['id']}"
    assert custody.post(f"{url}/charge", "sergeant", json={}).status_code == 201
    state = custody.get(f"{url}/clock", "custody_reader").json
    assert state["court_due"] and "s.46(2)" in state["court_cite"]
    late = datetime.fromisoformat(state["court_due"]) + timedelta(minutes=1)
    later = custody.get(f"{url}/clock", "custody_reader", query_string={"at": late.isoformat()}).json
    assert any(o.startswith("court overdue") for o in later["overdue"])


# -- pre-charge bail --------------------------------------------------------------------

def test_pre_charge_bail_runs_three_months_and_each_extension_needs_its_rank(custody, book):
    det = book()
    url = f"{API}/detentions/{det['id']}"
    r = custody.post(f"{url}/release", "sergeant", json={"outcome": "bailed"})
    assert r.status_code == 201 and "s.47ZB" in r.json["data"]["cite"]
    released = datetime.fromisoformat(r.json["at"])
    record = custody.read(url, "custody_reader").json
    assert datetime.fromisoformat(record["bail_until"]).month == (released.month + 3 - 1) % 12 + 1
    assert custody.post(f"{url}/bail-extensions", "inspector", json={"grounds": "awaiting forensics"}).status_code == 201
    r = custody.post(f"{url}/bail-extensions", "inspector", json={"grounds": "more forensics"})
    assert r.status_code == 403 and "superintendent" in r.json["message"]
    assert custody.post(f"{url}/bail-extensions", "superintendent", json={"grounds": "complex"}).status_code == 201
    r = custody.post(f"{url}/bail-extensions", "superintendent", json={"grounds": "still complex"})
    assert r.status_code == 422 and "magistrates' court" in r.json["message"]
    board = custody.get(f"{API}/suites/CAM/board", "custody_reader").json
    assert board["bail_due"] == []  # nine months away: not due soon


def test_bail_ending_soon_is_on_the_board(custody, book):
    det = book(arrest=timedelta(days=100, hours=2), arrival=timedelta(days=100, hours=1), authorise=False)
    url = f"{API}/detentions/{det['id']}"
    custody.post(f"{url}/decision", "sergeant", json={"decision": "authorise", "reason": "x",
                                                      "at": ago(days=100, minutes=50).isoformat()})
    custody.post(f"{url}/release", "sergeant", json={"outcome": "bailed", "at": ago(days=85).isoformat()})
    board = custody.get(f"{API}/suites/CAM/board", "custody_reader").json
    assert [r["custody_no"] for r in board["bail_due"]] == [det["custody_no"]]
    assert board["bail_due"][0]["name"] == "LANSBURY, Robert" and board["bail_due"][0]["overdue"] is False


# -- a clock asked about a moment before it started ----------------------------------------

def test_a_clock_before_the_relevant_time_says_so(custody, book):
    det = book()
    r = custody.get(f"{API}/detentions/{det['id']}/clock", "custody_reader",
                    query_string={"at": "2020-01-01T00:00:00+00:00"})
    assert r.status_code == 422 and r.json["code"] == "before_relevant_time"
    assert pace.rules().cite("limits.detention_hours") == "PACE 1984 s.41(1)"
