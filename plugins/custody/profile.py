"""The custody module's part of the person view and of unified search: every detention of
the person (new ones and those migrated from NSPIS), and custody numbers as references."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from core.kit import UnitOfWork, persons, reference_tokens, utcnow
from plugins.custody import clock
from plugins.custody.models import OPEN, Detention
from plugins.custody.services import entries_of

# new MiPS numbers (CAM/26/000123) and those kept from NSPIS (CAM/00123/19)
CUSTODY_NO = re.compile(r"^[A-Z]{2,4}/\d{2,5}/\d{2,6}$")


def _summary(det: Detention) -> str:
    offences = "; ".join(o.get("wording", "") for o in det.offences or []) or "offence not recorded"
    end = "in custody now" if det.state == OPEN else (det.outcome or "ended").replace("_", " ")
    return f"Detained at {det.suite} ({det.custody_no}): {offences}; {end}"


def profile(uow: UnitOfWork, person_id: str) -> dict[str, Any] | None:
    dets = list(uow.session.scalars(select(Detention).where(Detention.person_id == person_id)
                                  .order_by(Detention.arrival_at.desc())))
    if not dets:
        return None
    now = utcnow()
    open_dets = [d for d in dets if d.state == OPEN]
    entries = entries_of(uow, [d.id for d in open_dets], clock.kinds_for(open_dets, now)) if open_dets else {}
    items = []
    for det in dets:
        item = {"detention_id": det.id, "custody_no": det.custody_no, "suite": det.suite, "state": det.state,
                "arrival_at": det.arrival_at.isoformat(), "outcome": det.outcome, "offences": det.offences,
                "source": "custody" if det.source_system == "mips" else f"custody (migrated from {det.source_system.upper()})"}
        if det.state == OPEN:
            state = clock.state(det, entries.get(det.id, []), now)
            item |= {"limit_at": state.limit_at.isoformat(), "overdue": list(state.overdue)}
        items.append(item)
    timeline = [{"at": det.arrival_at, "summary": _summary(det), "ref": det.custody_no,
                 "source": "custody" if det.source_system == "mips" else det.source_system} for det in dets]
    return {"module": "custody", "title": "Custody", "items": items, "timeline": timeline}


def search(uow: UnitOfWork, query: Any, user: Any) -> list[dict[str, Any]]:
    """Hits for custody numbers typed into the search box (the persons themselves are the
    core's), for detainees ``user`` may see."""
    numbers = reference_tokens(query, CUSTODY_NO)
    if not numbers:
        return []
    dets = list(uow.session.scalars(select(Detention).where(Detention.custody_no.in_(numbers))))
    see = persons.visible(uow, [d.person_id for d in dets], user)
    hits = []
    for det in dets:
        if det.person_id in see:
            hits.append({"type": "detention", "id": det.id, "title": f"Custody record {det.custody_no}",
                         "summary": _summary(det), "score": 1.0, "source": "custody", "person_id": det.person_id})
    return hits
