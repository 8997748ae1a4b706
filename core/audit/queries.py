"""Reading the audit trail for auditors: one filter for the page, its CSV export and the
API's questions ("who looked at this person, when and why"), and the names that make an
entry readable (the officer's name, the person's surviving name) instead of bare ids.

Read only: nothing here appends to the chain (the caller records that the trail itself
was consulted).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from core.audit.models import AuditEntry
from core.identity.models import User


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


def officers_matching(session: Session, text: str) -> list[str]:
    """Usernames of the accounts an auditor means by ``text``: the username itself, or any
    whose display name contains it ("Taylor" finds "PC Sam Taylor"). Accounts no longer in
    the user table (or the system's own actors) are found by their exact name."""
    text = text.strip()
    like = f"%{text.lower()}%"
    found = list(session.scalars(select(User.username).where(or_(
        User.username == text.lower(), func.lower(User.display_name).like(like))).order_by(User.username)))
    return found or [text]


def officer_names(session: Session, usernames: set[str]) -> dict[str, str]:
    """Display name per username, for the entries on a page."""
    if not usernames:
        return {}
    return dict(session.execute(select(User.username, User.display_name).where(User.username.in_(usernames))).all())
