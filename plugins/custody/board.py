"""The custody board: every detainee in a suite with the state of their clock, the next
check due and anything overdue, soonest first. Four queries whatever the number of
detainees (detentions, clock entries, names, markers), so a full suite stays fast."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.entities.models import Person, PersonName, WarningMarker
from plugins.custody import clock
from plugins.custody.models import OPEN, Detention
from plugins.custody.services import entries_of

RESTRICTED_NAME = "(restricted record)"


def board(session: Session, suite: str, at: datetime, *, see_restricted: bool) -> dict[str, Any]:
    dets = list(session.scalars(select(Detention).where(Detention.suite == suite, Detention.state == OPEN)))
    ids = [d.id for d in dets]
    person_ids = [d.person_id for d in dets]
    entries = entries_of(session, ids, clock.kinds_for(dets, at)) if ids else {}
    names = _names(session, person_ids)
    restricted = set(session.scalars(select(Person.id).where(Person.id.in_(person_ids), Person.restriction.is_not(None))))
    markers: dict[str, list[str]] = {}
    for person_id, marker in session.execute(select(WarningMarker.person_id, WarningMarker.marker)
                                             .where(WarningMarker.person_id.in_(person_ids))):
        markers.setdefault(person_id, []).append(marker)
    rows = []
    for det in dets:
        state = clock.state(det, entries.get(det.id, []), at)
        hidden = det.person_id in restricted and not see_restricted
        rows.append({"detention_id": det.id, "custody_no": det.custody_no, "person_id": det.person_id,
                     "name": RESTRICTED_NAME if hidden else names.get(det.person_id, ""), "cell": det.cell,
                     "decision": det.decision, "observation_level": det.observation_level,
                     "in_hospital": det.in_hospital, "markers": [] if hidden else markers.get(det.person_id, []),
                     "clock": state, "soonest": state.soonest})
    rows.sort(key=lambda r: (not r["clock"].overdue, r["soonest"]))
    return {"suite": suite, "at": at, "detainees": rows, "overdue": sum(1 for r in rows if r["clock"].overdue)}


def _names(session: Session, person_ids: list[str]) -> dict[str, str]:
    """The primary name of each person ("FAMILY, Given")."""
    primary: dict[str, str] = {}
    first: dict[str, str] = {}
    stmt = select(PersonName.person_id, PersonName.given, PersonName.family, PersonName.kind).where(
        PersonName.person_id.in_(person_ids)).order_by(PersonName.id)
    for person_id, given, family, kind in session.execute(stmt):
        shown = f"{family.upper()}, {given}"
        first.setdefault(person_id, shown)
        if kind == "primary":
            primary.setdefault(person_id, shown)
    return first | primary
