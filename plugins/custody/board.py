"""The custody board: every detainee in a suite with the state of their clock, the next
check due and anything overdue, overdue first then soonest. A handful of queries whatever
the number of detainees (detentions, clock entries, and the persons facade's summaries),
so a full suite stays fast. A detainee the viewer may not see is not on their board at all
(as for someone not there): a suite that holds protected persons is staffed by officers
with the right to see them."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from core.kit import UnitOfWork, overdue_first, persons
from plugins.custody import clock, pace
from plugins.custody.models import CLOSED, OPEN, Detention
from plugins.custody.services import entries_of

def board(uow: UnitOfWork, suite: str, at: datetime, viewer: Any) -> dict[str, Any]:
    dets = list(uow.session.scalars(select(Detention).where(Detention.suite == suite, Detention.state == OPEN)))
    ids = [d.id for d in dets]
    entries = entries_of(uow, ids, clock.kinds_for(dets, at)) if ids else {}
    shown = persons.summaries(uow, [d.person_id for d in dets], viewer)
    rows = []
    for det in dets:
        person = shown.get(det.person_id)
        if person is None:
            continue
        state = clock.state(det, entries.get(det.id, []), at)
        rows.append({"detention_id": det.id, "custody_no": det.custody_no, "person_id": det.person_id,
                     "name": person.name, "cell": det.cell, "decision": det.decision,
                     "observation_level": det.observation_level, "in_hospital": det.in_hospital,
                     "markers": list(person.markers), "clock": state, "soonest": state.soonest})
    rows = overdue_first(rows, overdue=lambda r: bool(r["clock"].overdue), soonest=lambda r: r["soonest"],
                         tie=lambda r: r["custody_no"])
    return {"suite": suite, "at": at, "detainees": rows, "overdue": sum(1 for r in rows if r["clock"].overdue),
            "bail_due": bail_due(uow, suite, at, viewer)}


def bail_due(uow: UnitOfWork, suite: str, at: datetime, viewer: Any) -> list[dict[str, Any]]:
    """Pre-charge bail ending soon (or ended without a decision), soonest first: the
    investigation must decide, or an inspector extend it, before it runs out."""
    soon = pace.rules()["bail"]["due_soon_days"]
    dets = list(uow.session.scalars(select(Detention).where(
        Detention.suite == suite, Detention.state == CLOSED, Detention.bail_until.is_not(None),
        Detention.bail_until <= at + timedelta(days=soon)).order_by(Detention.bail_until, Detention.custody_no)))
    shown = persons.summaries(uow, [d.person_id for d in dets], viewer)
    return [{"detention_id": d.id, "custody_no": d.custody_no, "person_id": d.person_id, "name": shown[d.person_id].name,
             "bail_until": d.bail_until, "overdue": d.bail_until < at} for d in dets if d.person_id in shown]
