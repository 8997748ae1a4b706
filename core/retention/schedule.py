"""A person's MoPI review date from their records and the rules (pure: no database).

The strictest group among the person's records governs (group 1 before 2 before 3); the
clear period of groups 2 and 3 runs from the last contact, so any new record restarts it;
group 1 is reviewed every ``review_every_years`` from the last contact and may not be
disposed of before the subject's ``keep_until_age`` birthday. A reviewer's "keep until"
date moves the review later, never earlier.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any


@dataclass(frozen=True)
class Retained:
    """One record about a person, as its owner declares it for retention (``mips_retention``)."""

    record_type: str  #: e.g. ``custody.detention``
    record_id: str
    person_id: str
    group: int  #: MoPI group 1, 2 or 3
    contact_at: datetime  #: the contact the record stands for (arrest, report, receipt)
    unit: str = ""
    live: bool = False  #: on a live case or under a legal hold: not to be disposed of
    why: str = ""  #: what makes it live, or what put it in its group


@dataclass(frozen=True)
class Schedule:
    group: int
    first_contact_at: datetime
    last_contact_at: datetime
    next_review_at: datetime
    keep_until: datetime | None
    live: bool
    live_reason: str
    unit: str
    records: int


def add_years(when: datetime, years: int) -> datetime:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return when.replace(year=when.year + years)
    except ValueError:
        return when.replace(year=when.year + years, day=28)


def schedule(records: list[Retained], dob: date | None, rules: Any, kept_until: datetime | None = None) -> Schedule:
    """Where a person with these records stands (``records`` not empty)."""
    group = min(r.group for r in records)
    first = min(r.contact_at for r in records)
    last_record = max(records, key=lambda r: r.contact_at)
    last = last_record.contact_at
    rule = rules["groups"][str(group)]
    keep_until = None
    if group == 1:
        due = add_years(last, rule["review_every_years"])
        if dob is not None:
            keep_until = datetime(dob.year, dob.month, dob.day, tzinfo=timezone.utc)
            keep_until = add_years(keep_until, rule["keep_until_age"])
    else:
        due = add_years(last, rule["clear_period_years"])
    if kept_until is not None and kept_until > due:
        due = kept_until
    live = [r for r in records if r.live]
    return Schedule(group=group, first_contact_at=first, last_contact_at=last, next_review_at=due,
                    keep_until=keep_until, live=bool(live),
                    live_reason="; ".join(f"{r.record_type} {r.record_id}: {r.why or 'live'}" for r in live)[:2000],
                    unit=last_record.unit, records=len(records))
