"""The investigation module's part of the person view (crimes in which the person is a
victim, witness or suspect) and of unified search (crime references)."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from core.kit import UnitOfWork, reference_tokens
from plugins.investigation import hocr, reading
from plugins.investigation.models import Crime, CrimeParty

CRIME_REF = re.compile(r"^CR/\d{4}/\d{7}$")


def _summary(crime: Crime) -> str:
    spec = hocr.classifications()["codes"].get(crime.classification, {})
    state = {"cancelled": " (cancelled)", "incident": " (not yet a confirmed crime)"}.get(crime.state, "")
    return f"{crime.crime_ref}: {spec.get('name', crime.classification)}{state}" + (f" at {crime.place}" if crime.place else "")


def profile(uow: UnitOfWork, person_id: str, user: Any) -> dict[str, Any] | None:
    rows = uow.session.execute(select(Crime, CrimeParty.role).join(CrimeParty, CrimeParty.crime_id == Crime.id)
                               .where(CrimeParty.person_id == person_id).order_by(Crime.occurred_from.desc()))
    found = [(crime, role) for crime, role in rows]
    seen = {c.id for c in reading.may_see(uow, [c for c, _ in found], user)}
    shown = [(c, role) for c, role in found if c.id in seen]
    if not shown:
        return None
    return {"module": "investigation", "title": "Crimes",
            "items": [{"crime_id": c.id, "crime_ref": c.crime_ref, "classification": c.classification, "role": role,
                       "state": c.state} for c, role in shown],
            "timeline": [{"at": c.occurred_from, "summary": f"{role.capitalize()}: {_summary(c)}", "ref": c.crime_ref,
                          "source": "investigation"} for c, role in shown]}


def search(uow: UnitOfWork, query: Any, user: Any) -> list[dict[str, Any]]:
    refs = reference_tokens(query, CRIME_REF)
    if not refs:
        return []
    crimes = list(uow.session.scalars(select(Crime).where(Crime.crime_ref.in_(refs))))
    return [{"type": "crime", "id": c.id, "title": f"Crime {c.crime_ref}", "summary": _summary(c), "score": 1.0,
             "source": "investigation"} for c in reading.may_see(uow, crimes, user)]

