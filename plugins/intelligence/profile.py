"""The intelligence module's part of the person view (markers raised from intelligence
first, then the reports about the person the viewer may see, each item in the form the
viewer may see it) and of unified search (report numbers)."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from core.kit import UnitOfWork, reference_tokens
from plugins.intelligence import access, reading, services
from plugins.intelligence.models import Report, ReportSubject

NUMBER = re.compile(r"^IR/\d{4}/\d{6}$")


def _seen(uow: UnitOfWork, reports: list[Report], user: Any) -> list[tuple[Report, list[access.Seen]]]:
    ids = [r.id for r in reports]
    items, subjects = services.items_of(uow, ids), services.subjects_of(uow, ids)
    out = []
    for report in reports:
        shown = access.may_see(uow, user, report, items[report.id],
                               [s.person_id for s in subjects[report.id] if s.person_id])
        if shown:
            out.append((report, shown))
    return out


def _summary(report: Report, shown: list[access.Seen]) -> str:
    grades = ", ".join(reading.grades(s.item)["code"] for s in shown)
    return f"{report.number} ({grades}): {reading.shown_text(shown)[:200]}"


def profile(uow: UnitOfWork, person_id: str, user: Any) -> dict[str, Any] | None:
    about = select(ReportSubject.report_id).where(ReportSubject.person_id == person_id)
    reports = list(uow.session.scalars(select(Report).where(Report.id.in_(about)).order_by(Report.submitted_at.desc())))
    seen = _seen(uow, reports, user)
    raised = services.markers_of(uow, person_id)
    if not seen and not raised:
        return None
    numbers = {r.id: r.number for r in uow.session.scalars(select(Report).where(
        Report.id.in_([m.report_id for m in raised])))} if raised else {}
    justified = access.may_see_justification(user)
    markers = [{"marker": m.marker, "report": numbers.get(m.report_id), "review_at": m.review_at.isoformat(),
                "justification": m.justification if justified else None} for m in raised]
    return {"module": "intelligence", "title": "Intelligence",
            "items": [{"kind": "marker", **m} for m in markers] + [
                {"kind": "report", "report_id": r.id, "number": r.number, "state": r.state,
                 "items": [reading.item_view(s) for s in shown]} for r, shown in seen],
            "timeline": [{"at": r.submitted_at, "summary": _summary(r, shown), "ref": r.number,
                          "source": "intelligence"} for r, shown in seen]}


def search(uow: UnitOfWork, query: Any, user: Any) -> list[dict[str, Any]]:
    numbers = reference_tokens(query, NUMBER)
    if not numbers:
        return []
    reports = list(uow.session.scalars(select(Report).where(Report.number.in_(numbers))))
    return [{"type": "intelligence_report", "id": r.id, "title": f"Intelligence report {r.number}",
             "summary": _summary(r, shown), "score": 1.0, "source": "intelligence"}
            for r, shown in _seen(uow, reports, user)]
