"""Reading a report as the viewer may: each item in the forms the access rules allow, the
grades with their meanings, and the history; a report the viewer may see nothing of
answers exactly as one that does not exist, and the refusal is audited."""
from __future__ import annotations

from typing import Any

from core.kit import NotFound, UnitOfWork, audit
from plugins.intelligence import access, grading, services
from plugins.intelligence.models import Report, Source

MODULE = "intelligence"


def _absent(uow: UnitOfWork, report_id: str, why: str) -> NotFound:
    uow.rollback()  # nothing of this request is kept; the refusal is logged on its own
    audit.refused_read("intelligence_report", report_id, module=MODULE, details={"why": why})
    return NotFound("unknown_report", f"No intelligence report with id {report_id!r}")


def visible(uow: UnitOfWork, report_id: str, viewer: Any, *, lock: bool = False) -> tuple[Report, list[access.Seen]]:
    """The report and the items the viewer may see, or NotFound (audited when it exists)."""
    try:
        report = services.get(uow, report_id, lock=lock)
    except NotFound:
        raise
    items = services.items_of(uow, [report.id])[report.id]
    subjects = services.subjects_of(uow, [report.id])[report.id]
    person_ids = [s.person_id for s in subjects if s.person_id]
    shown = access.may_see(uow, viewer, report, items, person_ids)
    if not shown:
        raise _absent(uow, report_id, "access rules")
    uow.read_persons(person_ids)
    return report, shown


def grades(item: Any) -> dict[str, Any]:
    return {"source_evaluation": grading.meaning("source_evaluation", item.source_evaluation),
            "intelligence_assessment": grading.meaning("intelligence_assessment", item.assessment),
            "handling": grading.meaning("handling", item.handling),
            "code": f"{item.source_evaluation}{item.assessment}{item.handling}"}


def item_view(seen: access.Seen) -> dict[str, Any]:
    item = seen.item
    return {"seq": item.seq, "grading": grades(item), "handling": item.handling, "conditions": list(item.conditions),
            "conditions_text": item.conditions_text, "original": item.text if seen.original else None,
            "sanitised": item.sanitised if seen.sanitised else None}


def report_view(uow: UnitOfWork, report: Report, shown: list[access.Seen]) -> dict[str, Any]:
    """The report as its reader may see it. The whole original text (and the history's
    details, which name every item's grades) only to a reader of every item's original; the
    source only by its type (never its reference or name)."""
    items = services.items_of(uow, [report.id])[report.id]
    whole = len(shown) == len(items) and all(s.original for s in shown)
    subjects = services.subjects_of(uow, [report.id])[report.id]
    source = uow.session.get(Source, report.source_id)
    return {"id": report.id, "number": report.number, "state": report.state, "restricted": report.restricted,
            "submitted_at": report.submitted_at, "unit": report.unit, "source_type": source.kind,
            "text": report.text if whole else None, "items": [item_view(s) for s in shown],
            "subjects": [{"kind": s.kind, "person_id": s.person_id, "value": s.value} for s in subjects],
            "original_grading": report.original_grading if whole else None,
            "grading_mapping": report.grading_mapping if whole else None,
            "history": [{"seq": e.seq, "kind": e.kind, "at": e.at, "by": e.by, "data": e.data if whole else {}}
                        for e in services.JOURNAL.entries_of(uow, [report.id])[report.id]]}


def shown_text(shown: list[access.Seen]) -> str:
    """What a list or a search hit shows of a report: the sanitised text where the viewer
    may see it, else the original (to those who may read it)."""
    parts = [(s.item.sanitised if s.sanitised else s.item.text) for s in shown]
    return " / ".join(p for p in parts if p)
