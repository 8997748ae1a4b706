"""Reading crimes: who may see which. A crime is seen by those who may read crimes, a
restricted one only by roles given the restricted right, and never where its victim is a
person the reader may not see; either way a crime one may not see answers exactly as one
that does not exist."""
from __future__ import annotations

from typing import Any

from core.kit import NotFound, UnitOfWork, persons
from plugins.investigation import policies, services
from plugins.investigation.models import Crime


def visible(uow: UnitOfWork, crime_id: str, viewer: Any, *, lock: bool = False) -> Crime:
    crime = services.get(uow, crime_id, lock=lock)
    if not may_see(uow, [crime], viewer):
        raise NotFound("unknown_crime", f"No crime with id {crime_id!r}")
    if crime.victim_person_id:
        uow.read_persons([crime.victim_person_id])
    return crime


def may_see(uow: UnitOfWork, crimes: list[Crime], viewer: Any) -> list[Crime]:
    """The crimes of ``crimes`` the viewer may see."""
    restricted_ok = policies.may_read_restricted(viewer)
    seen = persons.visible(uow, [c.victim_person_id for c in crimes if c.victim_person_id], viewer)
    return [c for c in crimes if (restricted_ok or not c.restricted)
            and (c.victim_person_id is None or c.victim_person_id in seen)]
