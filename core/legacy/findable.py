""""Accounted for" means findable: a sample of a system's held records, looked for again.

Counting records proves none was dropped on the way in; it does not prove an officer
can find them. So the reconciliation report takes an even sample of the records MiPS
holds of the system and looks for each the two ways an officer does: by its reference
in unified search, and through a person it mentions (their person view). Both go through
the code that serves those pages, as a viewer for whom the replacing module is off, which
is the case a held record must cover; it reads the held documents whatever the system's
state, so a migration still running is checked as it will be shown. A sampled record not
found is unaccounted for, and retirement is refused.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.legacy.models import LegacyRecord as Held
from core.legacy.records import person_items, persons_mentioned
from core.legacy.search import held_hits
from core.persons.service import sources_of

SAMPLE = 20  # records looked for again per report: enough to catch a systematic loss, cheap to repeat


def _sample_keys(session: Session, system: str, size: int) -> list[str]:
    keys = list(session.scalars(select(Held.key).where(Held.system == system).order_by(Held.id)))
    if len(keys) <= size:
        return keys
    step = len(keys) / size
    return [keys[int(i * step)] for i in range(size)]


def by_reference(session: Session, kernel: Any, adapter: Any, key: str) -> bool:
    wanted = f"{adapter.system}:{key}"
    token = key.strip().upper()
    return any(hit["id"] == wanted for hit in held_hits(session, kernel, {adapter.system: adapter}, [token]))


def through_person(session: Session, adapters: dict[str, Any], system: str, key: str) -> bool | None:
    """Whether every person the record mentions shows it in their view (None: it mentions nobody)."""
    mentioned = persons_mentioned(session, system, key)
    if not mentioned:
        return None
    for person_id, _role in mentioned:
        items = person_items(session, adapters, sources_of(session, person_id), as_held={system})
        if not any(i.system == system and i.reference == key and i.found for i in items):
            return False
    return True


def sample(session: Session, kernel: Any, system: str, size: int = SAMPLE) -> dict[str, Any]:
    """The sample's result, as stored in the reconciliation report."""
    adapters = kernel.plugins.adapters()
    adapter = adapters[system]
    keys = _sample_keys(session, system, size)
    result: dict[str, Any] = {"sampled": len(keys), "found_by_reference": 0, "found_through_person": 0,
                              "mention_nobody": 0, "not_found": [],
                              "how": "looked for by reference in unified search and in the person view of "
                                     "each person mentioned, as a viewer for whom the module is off"}
    for key in keys:
        found_ref = by_reference(session, kernel, adapter, key)
        found_person = through_person(session, adapters, system, key)
        result["found_by_reference"] += found_ref
        if found_person is None:
            result["mention_nobody"] += 1
        else:
            result["found_through_person"] += found_person
        if not found_ref or found_person is False:
            result["not_found"].append({"key": key, "by_reference": found_ref, "through_person": found_person})
    return result
