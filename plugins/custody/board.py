"""The custody board: every detainee in a suite with the state of their clock, the next
check due and anything overdue, overdue first then soonest. A handful of queries whatever
the number of detainees (detentions, clock entries, and the persons facade's summaries),
so a full suite stays fast. A detainee the viewer may not see keeps their row (the check
is still due) without name or markers."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.kit import UnitOfWork, overdue_first, persons
from plugins.custody import clock
from plugins.custody.models import OPEN, Detention
from plugins.custody.services import entries_of

RESTRICTED_NAME = persons.RESTRICTED_NAME


def board(uow: UnitOfWork, suite: str, at: datetime, viewer: Any) -> dict[str, Any]:
    dets = list(uow.session.scalars(select(Detention).where(Detention.suite == suite, Detention.state == OPEN)))
    ids = [d.id for d in dets]
    entries = entries_of(uow, ids, clock.kinds_for(dets, at)) if ids else {}
    shown = persons.summaries(uow, [d.person_id for d in dets], viewer)
    rows = []
    for det in dets:
        state = clock.state(det, entries.get(det.id, []), at)
        person = shown.get(det.person_id)
        rows.append({"detention_id": det.id, "custody_no": det.custody_no, "person_id": det.person_id,
                     "name": person.name if person else RESTRICTED_NAME, "cell": det.cell,
                     "decision": det.decision, "observation_level": det.observation_level,
                     "in_hospital": det.in_hospital, "markers": list(person.markers) if person else [],
                     "clock": state, "soonest": state.soonest})
    rows = overdue_first(rows, overdue=lambda r: bool(r["clock"].overdue), soonest=lambda r: r["soonest"],
                         tie=lambda r: r["custody_no"])
    return {"suite": suite, "at": at, "detainees": rows, "overdue": sum(1 for r in rows if r["clock"].overdue)}
