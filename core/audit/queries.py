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

from sqlalchemy import ColumnElement, Select, and_, or_, select

from core.audit.models import AuditEntry, AuditSubject


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
    if f.action:
        stmt = stmt.where(AuditEntry.action == f.action)
    if f.entity_type or f.entity_id:
        stmt = stmt.where(about(f.entity_type, f.entity_id))
    if f.since:
        stmt = stmt.where(AuditEntry.at >= f.since)
    if f.until:
        stmt = stmt.where(AuditEntry.at < f.until)
    return stmt


def about(entity_type: str = "", entity_id: str = "") -> ColumnElement[bool]:
    """Entries about this record (either part may be empty: any): those naming it, and the
    reads of several records that included it (:class:`AuditSubject`)."""
    if not entity_id:
        return AuditEntry.entity_type == entity_type
    named = [AuditEntry.entity_id == entity_id]
    listed = [AuditSubject.entity_id == entity_id]
    if entity_type:
        named.append(AuditEntry.entity_type == entity_type)
        listed.append(AuditSubject.entity_type == entity_type)
    return or_(and_(*named), AuditEntry.seq.in_(select(AuditSubject.seq).where(*listed)))


def day_after(day: datetime) -> datetime:
    return day + timedelta(days=1)
