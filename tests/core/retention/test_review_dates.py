"""MoPI review dates: the group of the strictest record governs, the clear period runs from
the last contact and a new contact restarts it, group 1 is kept to the 100th birthday and
reviewed every 10 years; the rules are data with a citation on every value."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from core.platform.rules import load
from core.retention import rules as mopi
from core.retention.schedule import Retained, add_years, schedule
from tests.core.retention.conftest import refresh

T0 = datetime(2020, 5, 17, 9, 30, tzinfo=timezone.utc)


def rec(group, at, **kw):
    return Retained("t.record", f"r{at:%Y%m%d}{group}", "p1", group, at, **kw)


def test_every_value_of_the_rule_file_is_cited():
    rules = load(mopi.DEFAULT)
    for n in ("1", "2", "3"):
        assert "MoPI" in rules.cite(f"groups.{n}")
    assert rules.cite("disposal.cooling_off_days")


@pytest.mark.parametrize("group, years", [(2, 10), (3, 6)])
def test_groups_2_and_3_review_after_their_clear_period_from_the_last_contact(group, years):
    s = schedule([rec(group, T0)], None, mopi.rules())
    assert (s.group, s.next_review_at, s.keep_until) == (group, add_years(T0, years), None)
    later = T0 + timedelta(days=400)
    again = schedule([rec(group, T0), rec(3, later)], None, mopi.rules())
    assert again.next_review_at == add_years(later, years) and again.last_contact_at == later


def test_the_strictest_group_governs():
    assert schedule([rec(3, T0), rec(2, T0 - timedelta(days=30))], None, mopi.rules()).group == 2


def test_group_1_is_reviewed_every_10_years_and_kept_to_the_100th_birthday():
    s = schedule([rec(1, T0), rec(3, T0 + timedelta(days=5))], date(2000, 2, 29), mopi.rules())
    assert s.group == 1 and s.next_review_at == add_years(T0 + timedelta(days=5), 10)
    assert s.keep_until == datetime(2100, 2, 28, tzinfo=timezone.utc)  # 2100 is no leap year
    assert schedule([rec(1, T0)], None, mopi.rules()).keep_until is None  # unknown date of birth: kept


def test_a_keepers_date_moves_the_review_later_never_earlier():
    rules = mopi.rules()
    assert schedule([rec(3, T0)], None, rules, kept_until=add_years(T0, 9)).next_review_at == add_years(T0, 9)
    assert schedule([rec(3, T0)], None, rules, kept_until=add_years(T0, 2)).next_review_at == add_years(T0, 6)


def test_a_live_record_is_named(app):
    s = schedule([rec(3, T0, live=True, why="in custody")], None, mopi.rules())
    assert s.live and "in custody" in s.live_reason


def test_a_booking_schedules_the_person_and_a_new_contact_restarts_the_clock(im, book):
    det = book()  # theft from shop, summary: group 3; in custody: live
    pid = det["person_id"]
    first = im.get(f"/api/v1/retention/persons/{pid}", "info_manager").json
    assert first["group"] == 3 and first["live"] and "in custody" in first["live_reason"]
    assert first["group_name"] == "All other offences"
    assert im.post(f"/api/v1/custody/detentions/{det['id']}/release", "sergeant", json={"outcome": "no_further_action"}).status_code == 201
    second = book(offences=[{"wording": "Robbery", "code": "RO01001", "indictable": True}], arrival=timedelta(minutes=20),
                  arrest=timedelta(minutes=30))
    assert second["person_id"] == pid
    after = im.get(f"/api/v1/retention/persons/{pid}", "info_manager").json
    assert after["group"] == 2 and after["last_contact_at"] > first["last_contact_at"]
    assert after["next_review_at"] > first["next_review_at"]


def test_the_queue_lists_reviews_due_by_group_and_unit_and_needs_the_right(im, client):
    pid = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Ida", "family": "Quell"}]}).json["id"]
    refresh(im.app, pid)
    far = (datetime.now(timezone.utc) + timedelta(days=365 * 7)).isoformat()
    due = im.get("/api/v1/retention/reviews/due", "info_manager", query_string={"on": far, "group": 3}).json
    assert pid in [row["person_id"] for row in due]
    assert im.get("/api/v1/retention/reviews/due", "info_manager", query_string={"on": far, "group": 2}).json == []
    assert im.get("/api/v1/retention/reviews/due", "info_manager").json == []  # nobody due today
    assert im.get("/api/v1/retention/reviews/due", "officer").status_code == 403
    assert im.get("/api/v1/retention/report", "info_manager").json["overdue"] == {}
    assert im.get("/api/v1/retention/reviews/due", "info_manager", query_string={"group": 7}).status_code == 422
