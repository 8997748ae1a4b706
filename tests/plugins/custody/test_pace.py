"""The PACE clock against scenarios worked out from the Act, edge cases included."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from plugins.custody.pace import Detention, Extension, HospitalStay, PaceError, Review, check_extension, check_review, clock

UTC = timezone.utc


def t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def H(hours: float) -> timedelta:
    return timedelta(hours=hours)


# (name, detention, at, expected relevant time, expected limit, expected next review due, overdue count)
SCENARIOS = [
    ("usual: the clock starts on arrival at the first station (s.41(2)(d))",
     Detention(arrest=t(1, 10), arrival=t(1, 10, 40), authorised=t(1, 11)), t(1, 12),
     t(1, 10, 40), t(2, 10, 40), t(1, 17), 0),
    ("voluntary attender arrested at the station: from the arrest (s.41(2)(c))",
     Detention(arrest=t(1, 14), arrival=t(1, 9), authorised=t(1, 14, 30), case="voluntary_attender"), t(1, 15),
     t(1, 14), t(2, 14), t(1, 20, 30), 0),
    ("arrested in another force area: arrival in the investigating area (s.41(2)(a))",
     Detention(arrest=t(1, 8), arrival=t(1, 8, 30), authorised=t(1, 15), case="other_force_area",
               arrival_in_investigating_area=t(1, 14)), t(1, 16),
     t(1, 14), t(2, 14), t(1, 21), 0),
    ("arrested in another force area, long transfer: 24 hours after arrest at most (s.41(3))",
     Detention(arrest=t(1, 8), arrival=t(1, 8, 30), authorised=t(2, 10), case="other_force_area",
               arrival_in_investigating_area=t(2, 9)), t(2, 10),
     t(2, 8), t(3, 8), t(2, 16), 0),
    ("arrested outside England and Wales: 24 hours after entering at most (s.41(2)(b))",
     Detention(arrest=t(1, 1), arrival=t(1, 2), authorised=t(3, 12), case="outside_england_and_wales",
               entered_england_and_wales=t(2, 6), arrival_in_investigating_area=t(3, 11)), t(3, 12),
     t(3, 6), t(4, 6), t(3, 18), 0),
    ("first review late: overdue after 6 hours from authorisation (s.40(3)(a))",
     Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10, 30)), t(1, 16, 31),
     t(1, 10), t(2, 10), t(1, 16, 30), 1),
    ("reviews at 6 then 9 hours: the next is 9 hours after the last (s.40(3)(b))",
     Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10),
               reviews=[Review(t(1, 15), "inspector"), Review(t(2, 0), "inspector")]), t(2, 1),
     t(1, 10), t(2, 10), t(2, 9), 0),
    ("hospital time not questioned does not count (s.41(6))",
     Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10),
               hospital=[HospitalStay(t(1, 12), t(1, 15))], reviews=[Review(t(1, 15), "inspector")]), t(1, 20),
     t(1, 10), t(2, 13), t(2, 0), 0),
    ("hospital time while questioned counts (s.41(6))",
     Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10),
               hospital=[HospitalStay(t(1, 12), t(1, 15), questioned=True)], reviews=[Review(t(1, 15), "inspector")]),
     t(1, 20), t(1, 10), t(2, 10), t(2, 0), 0),
    ("superintendent's extension: 36 hours from the relevant time (s.42(1))",
     Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10), indictable=True,
               reviews=[Review(t(1, 15), "inspector"), Review(t(2, 0), "inspector"), Review(t(2, 8), "inspector")],
               extensions=[Extension("superintendent", t(2, 9), rank="superintendent")]), t(2, 12),
     t(1, 10), t(2, 22), t(2, 17), 0),
    ("warrant of further detention: 36 hours from issue (s.43(12))",
     Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10), indictable=True,
               extensions=[Extension("superintendent", t(2, 9), rank="superintendent"),
                           Extension("warrant", t(2, 20), hours=36)],
               reviews=[Review(t(1, 15), "inspector"), Review(t(2, 0), "inspector"), Review(t(2, 8), "inspector"),
                        Review(t(2, 17), "inspector"), Review(t(3, 2), "inspector")]), t(3, 3),
     t(1, 10), t(4, 8), t(3, 11), 0),
    ("extensions never past 96 hours from the relevant time (s.44(3)(b))",
     Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10), indictable=True,
               extensions=[Extension("superintendent", t(2, 9), rank="superintendent"),
                           Extension("warrant", t(2, 20), hours=36), Extension("warrant_extension", t(4, 6), hours=36)]),
     t(4, 7), t(1, 10), t(5, 10), None, None),
    ("past the limit with no extension: overdue (s.41(1))",
     Detention(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10),
               reviews=[Review(t(1, 15), "inspector"), Review(t(2, 0), "inspector"), Review(t(2, 8), "inspector")]),
     t(2, 11), t(1, 10), t(2, 10), t(2, 17), 1),
]


@pytest.mark.parametrize("name,detention,at,relevant,limit,review_due,overdue", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_pace_scenarios(name, detention, at, relevant, limit, review_due, overdue):
    c = clock(detention, at)
    assert c.relevant_time == relevant
    assert c.limit_at == limit
    if review_due is not None:
        assert c.next_review_due == review_due
        assert len(c.overdue) == overdue, c.overdue
    assert c.limit_at.tzinfo is not None and c.relevant_time_cite.startswith("PACE 1984 s.41")


def test_every_answer_cites_the_act():
    c = clock(SCENARIOS[9][1], SCENARIOS[9][2])
    assert c.limit_cite == "PACE 1984 s.42(1)"
    late = clock(SCENARIOS[5][1], SCENARIOS[5][2])
    assert "s.40(3)(a)" in late.overdue[0]


BASE = dict(arrest=t(1, 10), arrival=t(1, 10), authorised=t(1, 10))


@pytest.mark.parametrize("detention,ext,cite", [
    (Detention(**BASE, indictable=True, reviews=[Review(t(1, 15), "inspector"), Review(t(2, 0), "inspector")]),
     Extension("superintendent", t(2, 9), rank="inspector"), "s.42(1)"),
    (Detention(**BASE, indictable=False, reviews=[Review(t(1, 15), "inspector"), Review(t(2, 0), "inspector")]),
     Extension("superintendent", t(2, 9), rank="superintendent"), "s.42(1)"),
    (Detention(**BASE, indictable=True, reviews=[Review(t(1, 15), "inspector"), Review(t(2, 0), "inspector")]),
     Extension("superintendent", t(2, 11), rank="superintendent"), "s.42(4)"),
    (Detention(**BASE, indictable=True, reviews=[Review(t(1, 15), "inspector")]),
     Extension("superintendent", t(2, 9), rank="chief_superintendent"), "s.42(4)(b)"),
    (Detention(**BASE, indictable=True), Extension("warrant", t(2, 9), hours=48), "s.43(12)"),
])
def test_extensions_the_act_does_not_allow_are_refused(detention, ext, cite):
    with pytest.raises(PaceError) as refused:
        check_extension(detention, ext)
    assert cite in str(refused.value)


def test_reviews_by_the_wrong_rank_or_an_involved_officer_are_refused():
    d = Detention(**BASE)
    with pytest.raises(PaceError, match="s.40"):
        check_review(d, Review(t(1, 15), "sergeant"))
    with pytest.raises(PaceError, match="not directly involved"):
        check_review(d, Review(t(1, 15), "inspector"), involved=True)
    check_review(d, Review(t(1, 15), "inspector"))
    check_review(d, Review(t(1, 15), "sergeant"), charged=True)  # after charge: the custody officer
