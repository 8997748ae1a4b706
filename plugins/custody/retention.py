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


def subject_access(session: Any, person_ids: list[str]) -> dict[str, Any]:
    """Every detention of these persons with its whole record, as the custody officer wrote it."""
    dets = list(session.scalars(select(Detention).where(Detention.person_id.in_(person_ids)).order_by(Detention.arrival_at)))
    entries: dict[str, list] = {d.id: [] for d in dets}
    for e in session.scalars(select(CustodyEntry).where(CustodyEntry.detention_id.in_(list(entries)))
                             .order_by(CustodyEntry.detention_id, CustodyEntry.seq)):
        entries[e.detention_id].append({"seq": e.seq, "kind": e.kind, "at": e.at.isoformat(), "by": e.by,
                                        "text": e.text, "data": e.data, "corrects": e.corrects})
    return {"module": "custody", "records": [
        {"custody_no": d.custody_no, "suite": d.suite, "state": d.state, "arrival_at": d.arrival_at.isoformat(),
         "released_at": d.released_at.isoformat() if d.released_at else None, "outcome": d.outcome,
         "offences": d.offences, "grounds": d.grounds, "entries": entries[d.id]} for d in dets], "exempt": []}
