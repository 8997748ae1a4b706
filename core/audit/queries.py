"""Reading the audit trail for auditors: one filter for the page, its CSV export and the
API's questions ("who looked at this person, when and why"). The names that make an entry
readable come from the layers that own them (:mod:`core.identity.directory` for officers,
survivorship for persons): the audit log sits below both and knows neither.

Read only: nothing here appends to the chain (the caller records that the trail itself
was consulted).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select

from core.audit.models import AuditEntry


@dataclass
class AuditFilter:
    """What an auditor asks for; ``until`` is exclusive (the day after the last day wanted)."""

    actors: list[str] | None = None  # None: anyone; []: nobody matched the officer asked for
    action: str = ""
    entity_type: str = ""
    entity_id: str = ""
    since: datetime | None = None
    until: datetime | None = None


def statement(f: AuditFilter) -> Select:
    """The entries ``f`` asks for, newest first."""
    stmt = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if f.actors is not None:
        stmt = stmt.where(AuditEntry.actor.in_(f.actors))
    for name in ("action", "entity_type", "entity_id"):
        if getattr(f, name):
            stmt = stmt.where(getattr(AuditEntry, name) == getattr(f, name))
    if f.since:
        stmt = stmt.where(AuditEntry.at >= f.since)
    if f.until:
        stmt = stmt.where(AuditEntry.at < f.until)
    return stmt


def day_after(day: datetime) -> datetime:
    return day + timedelta(days=1)
