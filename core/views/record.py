"""The person as the caller sees it: derived view, markers first, restrictions enforced.

A restricted person (a protected witness, an undercover officer's cover identity) is
invisible to anyone without the ``persons_restricted`` right: it answers 404 rather than
403, so its existence is not given away, and search neither shows nor counts it.
"""
from __future__ import annotations

from typing import Any

from flask import g

from core.persons import service as persons, visibility
from core.persons.models import Person
from core.persons.survivorship import derive
from core.platform.errors import NotFound


def may_see_restricted() -> bool:
    """Whether the signed-in user may see restricted persons (see :mod:`core.persons.visibility`)."""
    return visibility.may_see_restricted(getattr(g, "principal", None))


def visible(person: Person) -> Person:
    if person.restriction and not may_see_restricted():
        raise NotFound("unknown_person", f"No person with id {person.id!r}")
    return person


def person_view(session, person: Person) -> dict[str, Any]:
    sources = persons.sources_of(session, person.id)
    return {
        "id": person.id,
        "version": person.version,
        "restriction": person.restriction,
        "markers": list(person.markers),
        **derive(sources),
        "sources": sources,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


def etag_of(person: Person) -> dict[str, Any]:
    return {"id": person.id, "version": person.version}


def lookup(session, person_id: str) -> Person:
    """The person, if it exists, is not merged away, and the caller may see it. A person
    merged into one the caller may not see answers exactly as one that does not exist."""
    try:
        return visible(persons.get(session, person_id))
    except NotFound as exc:
        survivor = exc.errors.get("merged_into")
        if survivor and not visibility.is_visible(session, persons.surviving_id(session, survivor),
                                                  getattr(g, "principal", None)):
            raise NotFound("unknown_person", f"No person with id {person_id!r}") from None
        raise
