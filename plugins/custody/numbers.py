"""Custody numbers: unique per suite and year, given out in order without gaps or clashes.

The counter row is bumped with one upsert that returns the new value, so two sergeants
booking in at the same moment in one suite get consecutive numbers (PostgreSQL locks the
row; SQLite's writer lock does the same). The format ``SUITE/YY/NNNNNN`` differs from
NSPIS's ``SUITE/NNNNN/YY``, so migrated NSPIS numbers never clash with new ones.
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.timeutil import to_london
from plugins.custody.models import CustodyNumber

PATTERN = re.compile(r"^[A-Z]{2,4}/\d{2}/\d{6}$")
SUITE_PATTERN = re.compile(r"^[A-Z]{2,4}$")


def next_number(session: Session, suite: str, when: datetime) -> str:
    year = to_london(when).year  # the custody year is the local one
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(CustodyNumber).values(suite=suite, year=year, last=1)
    stmt = stmt.on_conflict_do_update(index_elements=["suite", "year"], set_={"last": CustodyNumber.last + 1})
    last = session.execute(stmt.returning(CustodyNumber.last)).scalar_one()
    return f"{suite}/{year % 100:02d}/{last:06d}"
