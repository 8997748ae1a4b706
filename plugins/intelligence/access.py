"""What a viewer may see of a report, item by item: the one place every surface asks.

An item is seen in a form (``original`` or ``sanitised``) when the casbin rules of
:mod:`plugins.intelligence.policies` allow that form for its handling code and, for a C
item, the viewer meets every condition written on it. The sanitised text is seen only
once the report is disseminated (the intelligence unit sees its draft before), and never
of a report migrated as restricted until it is re-evaluated. A report of which nothing
may be seen, or about a person the viewer may not see, looks exactly like one that does
not exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.kit import UnitOfWork, persons
from plugins.intelligence.models import DISSEMINATED, Report, ReportItem
from plugins.intelligence.policies import may


@dataclass(frozen=True)
class Seen:
    """One item as a viewer may see it: the original, the sanitised text, both or neither."""

    item: ReportItem
    original: bool
    sanitised: bool

    @property
    def any(self) -> bool:
        return self.original or self.sanitised


def meets_conditions(user: Any, item: ReportItem) -> bool:
    return item.handling == "P" or all(may(user, "meet", f"condition/{code}") for code in item.conditions or [])


def seen(user: Any, report: Report, item: ReportItem) -> Seen:
    if not meets_conditions(user, item):
        return Seen(item, False, False)
    original = may(user, "read", f"original/{item.handling}")
    drafted = item.sanitised is not None and may(user, "draft", f"sanitised/{item.handling}")
    shared = (item.sanitised is not None and report.state == DISSEMINATED and not report.restricted
              and may(user, "read", f"sanitised/{item.handling}"))
    return Seen(item, original, drafted or shared)


def visible_items(user: Any, report: Report, items: list[ReportItem]) -> list[Seen]:
    return [s for s in (seen(user, report, i) for i in items) if s.any]


def may_see(uow: UnitOfWork, user: Any, report: Report, items: list[ReportItem], person_ids: list[str]) -> list[Seen]:
    """The items of ``report`` the viewer may see; empty when the report must look absent
    (nothing in it may be seen, or a person it is about is hidden from the viewer)."""
    shown = visible_items(user, report, items)
    if not shown:
        return []
    if person_ids and len(persons.visible(uow, person_ids, user)) < len(set(person_ids)):
        return []
    return shown


def may_see_justification(user: Any) -> bool:
    return may(user, "justification", "marker")
