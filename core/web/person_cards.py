"""What a search result shows of each person before it is opened: warning markers first
(officer safety), then the date of birth with the age it gives, and the latest address.

An officer at the roadside picks the right person from a list of similar names by these;
a name alone is not enough. Read in three indexed queries for the persons on the page only.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.persons.models import PersonAddress, PersonDob, WarningMarker
from core.platform.timeutil import to_london, utcnow


def age_on(year: int, month: int | None, day: int | None, today: date) -> int | None:
    """Age in whole years on ``today``; None unless the full date is known."""
    if not (year and month and day):
        return None
    return today.year - year - ((today.month, today.day) < (month, day))


def cards(session: Session, person_ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{person_id: {"markers": [...], "age": int | None, "address": str}}``."""
    ids = list(dict.fromkeys(person_ids))
    out: dict[str, dict[str, Any]] = {pid: {"markers": [], "age": None, "address": ""} for pid in ids}
    if not ids:
        return out
    for pid, marker in session.execute(select(WarningMarker.person_id, WarningMarker.marker).where(
            WarningMarker.person_id.in_(ids)).order_by(WarningMarker.created_at)):
        if marker not in out[pid]["markers"]:
            out[pid]["markers"].append(marker)
    today = to_london(utcnow()).date()
    ages: dict[str, list[int]] = defaultdict(list)
    for pid, year, month, day in session.execute(select(PersonDob.person_id, PersonDob.year, PersonDob.month,
                                                        PersonDob.day).where(PersonDob.person_id.in_(ids))):
        age = age_on(year, month, day, today)
        if age is not None:
            ages[pid].append(age)
    for pid, found in ages.items():
        out[pid]["age"] = found[0]
    for pid, text, postcode in session.execute(select(PersonAddress.person_id, PersonAddress.text, PersonAddress.postcode)
                                               .where(PersonAddress.person_id.in_(ids)).order_by(PersonAddress.id)):
        out[pid]["address"] = ", ".join(x for x in (text, postcode) if x)  # the last recorded wins
    return out
