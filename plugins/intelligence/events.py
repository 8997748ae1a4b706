"""The events intelligence publishes: its contracts with the rest of the force.

They carry references only (never a report's text), as anyone consuming them may not be
entitled to read it."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.kit import Event


@dataclass(frozen=True, kw_only=True)
class ReportSubmitted(Event):
    """An intelligence report was submitted (or migrated): ``person_ids`` it is about."""

    name = "intelligence.report_submitted"
    version = 1
    report_id: str
    number: str
    person_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class MarkerRaised(Event):
    """A warning marker was raised on a person from an intelligence report."""

    name = "intelligence.marker_raised"
    version = 1
    person_id: str
    marker: str
    report_number: str
    review_at: str


PUBLISHED = (ReportSubmitted, MarkerRaised)
