"""Finding accounts by what a person types: an auditor's "Taylor" is "PC Sam Taylor".

Read only, for pages that name officers (the audit trail) instead of showing bare
usernames.
"""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.identity.models import User


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
