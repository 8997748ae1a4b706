"""Intelligence under MoPI: each report a person is the subject of, declared for review;
erasing a person removes them as a subject and the markers raised on them, and a report
about nobody else with them; a subject access request lists reports as withheld, with the
provision, never as absent."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from core.kit import Retained, Rules, erasure_permit, load_rules
from plugins.intelligence.models import DISSEMINATED, RaisedMarker, Report, ReportEntry, ReportItem, ReportSubject

RULES_FILE = Path(__file__).parent / "rules" / "retention.toml"


def rules() -> Rules:
    return load_rules(RULES_FILE)


def _reports(session: Any, person_ids: list[str]) -> list[tuple[str, Report]]:
    return session.execute(select(ReportSubject.person_id, Report).join(Report, Report.id == ReportSubject.report_id)
                           .where(ReportSubject.person_id.in_(person_ids))).all()


def retained(session: Any, person_ids: list[str]) -> list[Retained]:
    group = rules()["groups"]["report"]
    return [Retained("intelligence.report", r.id, pid, group, r.submitted_at, unit=r.unit,
                     live=r.state != DISSEMINATED, why=f"report {r.number} not yet disseminated" if r.state != DISSEMINATED else "")
            for pid, r in _reports(session, person_ids)]


def erase(uow: Any, person_ids: list[str]) -> dict[str, int]:
    session = getattr(uow, "session", uow)
    reports = {r.id for _, r in _reports(session, person_ids)}
    counts = {"intelligence.marker": session.execute(delete(RaisedMarker).where(RaisedMarker.person_id.in_(person_ids))).rowcount,
              "intelligence.subject": session.execute(delete(ReportSubject).where(ReportSubject.person_id.in_(person_ids))).rowcount}
    alone = [r for r in reports if not session.scalar(select(ReportSubject.id).where(ReportSubject.report_id == r).limit(1))]
    if alone:
        session.execute(delete(RaisedMarker).where(RaisedMarker.report_id.in_(alone)))
        session.execute(delete(ReportItem).where(ReportItem.report_id.in_(alone)))
        with erasure_permit(uow, ReportEntry.__tablename__):
            session.execute(delete(ReportEntry).where(ReportEntry.report_id.in_(alone)))
        counts["intelligence.report"] = session.execute(delete(Report).where(Report.id.in_(alone))).rowcount
    return counts


def subject_access(session: Any, person_ids: list[str]) -> dict[str, Any]:
    cite = rules().cite("access.exempt")
    return {"module": "intelligence", "records": [],
            "exempt": [{"record": f"intelligence.report {r.number}", "reason": "intelligence", "cite": cite}
                       for _, r in _reports(session, person_ids)]}
