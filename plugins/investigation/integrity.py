"""Crime data integrity: the share of crimes recorded within 24 hours of their report (the
National Crime Recording Standard, HOCR General Rules A), by classification and unit, and
the late ones by name, as an HMICFRS inspection asks.

Whether a crime was recorded in time is fixed when it is recorded (``within_standard``),
so the report is a few grouped counts on an index, whatever the number of crimes.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from core.kit import UnitOfWork
from plugins.investigation import hocr
from plugins.investigation.models import INCIDENT, Crime

LATE_LISTED = 200


def report(uow: UnitOfWork, since: datetime, until: datetime, unit: str | None = None) -> dict[str, Any]:
    rule = hocr.counting()
    base = [Crime.recorded_at >= since, Crime.recorded_at < until, Crime.state != INCIDENT,
            Crime.within_standard.is_not(None)]
    if unit:
        base.append(Crime.unit == unit)
    within = func.sum(case((Crime.within_standard.is_(True), 1), else_=0))

    def grouped(column) -> list[dict[str, Any]]:
        rows = uow.session.execute(select(column, func.count(), within).where(*base).group_by(column).order_by(column))
        return [{"key": key, "total": total, "within": int(inside or 0), "share": round((inside or 0) / total, 4)}
                for key, total, inside in rows]

    total, inside = uow.session.execute(select(func.count(), within).where(*base)).one()
    late = uow.session.execute(select(Crime.crime_ref, Crime.classification, Crime.unit, Crime.reported_at,
                                      Crime.recorded_at).where(*base, Crime.within_standard.is_(False))
                               .order_by(Crime.recorded_at).limit(LATE_LISTED))
    return {"since": since, "until": until,
            "standard": {"hours": rule["recording"]["within_hours"], "cite": rule.cite("recording.within_hours")},
            "total": total, "within": int(inside or 0), "share": round((inside or 0) / total, 4) if total else None,
            "by_classification": grouped(Crime.classification), "by_unit": grouped(Crime.unit),
            "late": [{"crime_ref": ref, "classification": code, "unit": u, "reported_at": rep.isoformat(),
                      "recorded_at": rec.isoformat(), "hours": round((rec - rep).total_seconds() / 3600, 1)}
                     for ref, code, u, rep, rec in late]}
