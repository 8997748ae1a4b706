"""Prosecution records under MoPI: charging decisions, case files and warrants declared for
review (a case before its result and an outstanding warrant are live), erased with their
person (journals through the erasure permit), and listed in a subject access request (a
live case withheld with the provision, never left out)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from core.kit import Retained, Rules, erasure_permit, load_rules
from plugins.prosecution.models import (FINALISED, OUTSTANDING, CaseEntry, CaseFile, CaseForm, ChargingDecision,
                                        ChargingEntry, Warrant, WarrantEntry)

RULES_FILE = Path(__file__).parent / "rules" / "retention.toml"


def rules() -> Rules:
    return load_rules(RULES_FILE)


def _held(session: Any, person_ids: list[str]) -> tuple[list, list, list]:
    charging = list(session.scalars(select(ChargingDecision).where(ChargingDecision.person_id.in_(person_ids))))
    cases = list(session.scalars(select(CaseFile).where(CaseFile.person_id.in_(person_ids))))
    warrants = list(session.scalars(select(Warrant).where(Warrant.person_id.in_(person_ids))))
    return charging, cases, warrants


def retained(session: Any, person_ids: list[str]) -> list[Retained]:
    groups = rules()["groups"]
    charging, cases, warrants = _held(session, person_ids)
    out = [Retained("prosecution.charging", c.id, c.person_id, groups["charging"], c.created_at, unit=c.unit)
           for c in charging]
    out += [Retained("prosecution.case", c.id, c.person_id, groups["case"], c.charged_at, unit=c.unit,
                     live=c.state != FINALISED, why=f"case {c.urn} not finalised" if c.state != FINALISED else "")
            for c in cases]
    out += [Retained("prosecution.warrant", w.id, w.person_id, groups["warrant"], w.received_at, unit=w.unit,
                     live=w.state in OUTSTANDING, why="warrant outstanding" if w.state in OUTSTANDING else "")
            for w in warrants]
    return out


def erase(uow: Any, person_ids: list[str]) -> dict[str, int]:
    session = getattr(uow, "session", uow)
    charging, cases, warrants = _held(session, person_ids)
    if not (charging or cases or warrants):
        return {}
    c_ids, k_ids, w_ids = [c.id for c in charging], [c.id for c in cases], [w.id for w in warrants]
    with erasure_permit(uow, ChargingEntry.__tablename__, CaseEntry.__tablename__, WarrantEntry.__tablename__):
        session.execute(delete(ChargingEntry).where(ChargingEntry.decision_id.in_(c_ids)))
        session.execute(delete(CaseEntry).where(CaseEntry.case_id.in_(k_ids)))
        session.execute(delete(WarrantEntry).where(WarrantEntry.warrant_id.in_(w_ids)))
    session.execute(delete(CaseForm).where(CaseForm.case_id.in_(k_ids)))
    counts = {"prosecution.warrant": session.execute(delete(Warrant).where(Warrant.id.in_(w_ids))).rowcount,
              "prosecution.case": session.execute(delete(CaseFile).where(CaseFile.id.in_(k_ids))).rowcount,
              "prosecution.charging": session.execute(delete(ChargingDecision).where(ChargingDecision.id.in_(c_ids))).rowcount}
    return counts


def subject_access(session: Any, person_ids: list[str]) -> dict[str, Any]:
    charging, cases, warrants = _held(session, person_ids)
    cite = rules().cite("access.exempt_live")
    records, exempt = [], []
    for c in cases:
        if c.state != FINALISED:
            exempt.append({"record": f"prosecution.case {c.urn}", "reason": "case not finalised", "cite": cite})
        else:
            records.append({"urn": c.urn, "state": c.state, "charged_at": c.charged_at.isoformat()})
    records += [{"warrant": w.warrant_no, "state": w.state,
                 "received_at": w.received_at.isoformat()} for w in warrants]
    records += [{"charging_decision": c.id, "state": c.state, "created_at": c.created_at.isoformat()} for c in charging]
    return {"module": "prosecution", "records": records, "exempt": exempt}
