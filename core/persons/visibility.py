"""Who may see which person: the one rule every surface applies.

A restricted person (a protected witness, an undercover officer's cover identity) is
seen only by users with the ``persons_restricted`` right; to everyone else it must look
exactly like a person that does not exist. Every surface (API, pages, search, person
view, link chart, module records about the person, exports) asks here, so the rule is
written once. Kernel code that acts for nobody in particular (a migration, an event
consumer) passes :data:`SYSTEM`.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.persons.models import Person

RESTRICTED_RIGHT = ("core", "persons_restricted", "read")


class _System:
    """The kernel acting for itself (migration, event delivery): sees every person."""

    username = "system"
    unit = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Any = _System()


def may_see_restricted(user: Any) -> bool:
    """Whether ``user`` (a principal, :data:`SYSTEM`, or None) may see restricted persons."""
    if user is SYSTEM:
        return True
    if not user:
        return False
    from core.platform.current import current_kernel

    return current_kernel().access.allowed(user.username, *RESTRICTED_RIGHT)


def visible_ids(session: Session, person_ids: Iterable[str], user: Any) -> set[str]:
    """The persons of ``person_ids`` that exist and ``user`` may see (one query)."""
    ids = {p for p in person_ids if p}
    if not ids:
        return set()
    stmt = select(Person.id).where(Person.id.in_(ids))
    if not may_see_restricted(user):
        stmt = stmt.where(Person.restriction.is_(None))
    return set(session.scalars(stmt))


def is_visible(session: Session, person_id: str, user: Any) -> bool:
    return person_id in visible_ids(session, [person_id], user)


def hidden_persons(user: Any):
    """A ``select`` of the person ids hidden from ``user`` (None when nothing is hidden),
    for filtering lists in SQL."""
    if may_see_restricted(user):
        return None
    return select(Person.id).where(Person.restriction.is_not(None))


def hidden_locations(user: Any):
    """Places linked to a person hidden from ``user`` (a protected witness's safe house):
    hidden with them, so no link, list or look-up leads there."""
    from core.persons.models import Link

    persons = hidden_persons(user)
    if persons is None:
        return None
    return select(Link.to_id).where(Link.from_type == "person", Link.from_id.in_(persons), Link.to_type == "location")


def entity_hidden(session: Session, kind: str, entity_id: str, user: Any) -> bool:
    """Whether a person or location is hidden from ``user`` (other kinds never are); one
    indexed look-up."""
    if kind not in ("person", "location") or may_see_restricted(user):
        return False
    if kind == "person":
        stmt = select(Person.id).where(Person.id == entity_id, Person.restriction.is_not(None))
    else:
        stmt = hidden_locations(user).where(_link_to_id() == entity_id)
    return session.scalar(stmt.limit(1)) is not None


def _link_to_id():
    from core.persons.models import Link

    return Link.to_id
