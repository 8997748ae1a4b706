"""A report's history as a journal of the module kit: submitted, sanitised, disseminated,
marker raised; each entry an audited collection naming the report by its number only."""
from __future__ import annotations

from typing import Any

from core.kit import Journal, audit
from plugins.intelligence.models import ReportEntry

MODULE = "intelligence"


def _audit(session: Any, report: Any, entry: ReportEntry) -> None:
    audit.collection(session, "intelligence_report_entry", f"{report.id}#{entry.seq}", module=MODULE,
                     details={"kind": entry.kind, "number": report.number})


JOURNAL = Journal(ReportEntry, "report_id", on_append=_audit)
