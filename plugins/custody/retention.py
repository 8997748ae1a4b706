"""Custody records under MoPI: each detention declared for review (``mips_retention``)
and erased with its person (``mips_erase``), its journal through the kit's erasure permit."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from core.kit import Retained, Rules, erasure_permit, load_rules, utcnow
from plugins.custody.models import CLOSED, CustodyEntry, Detention

RULES_FILE = Path(__file__).with_name("retention_rules.toml")


def rules() -> Rules:
    return load_rules(RULES_FILE)


def retained(session: Any, person_ids: list[str]) -> list[Retained]:
    groups, now = rules()["groups"], utcnow()
    out = []
    for det in session.scalars(select(Detention).where(Detention.person_id.in_(person_ids))):
        serious = any(o.get("indictable") for o in det.offences or [])
        live, why = False, ""
        if det.state != CLOSED:
            live, why = True, "in custody"
        elif det.bail_until is not None and det.bail_until > now:
            live, why = True, f"on pre-charge bail until {det.bail_until.date()}"
        out.append(Retained("custody.detention", det.id, det.person_id, groups["indictable" if serious else "summary"],
                            det.arrival_at, unit=det.unit or det.suite, live=live, why=why))
    return out


def erase(uow: Any, person_ids: list[str]) -> dict[str, int]:
    session = getattr(uow, "session", uow)
    ids = list(session.scalars(select(Detention.id).where(Detention.person_id.in_(person_ids))))
    if not ids:
        return {}
    with erasure_permit(uow, CustodyEntry.__tablename__):
        entries = session.execute(delete(CustodyEntry).where(CustodyEntry.detention_id.in_(ids))).rowcount
    detentions = session.execute(delete(Detention).where(Detention.id.in_(ids))).rowcount
    return {"custody.detention": detentions, "custody.entry": entries}
