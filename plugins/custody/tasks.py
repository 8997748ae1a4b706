"""What is outstanding for a detainee: the custody sergeant's task list.

Read from the record and the clock, never typed: the decision on detention (PACE s.37),
rights and entitlements (Code C 3.1), the risk assessment (Code C 3.6), the next check
(Code C 9.3), the next review (s.40) and the end of the detention. Each task says its
state and, for the user who may act on it, which form does it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.kit import london
from plugins.custody.clock import ClockState
from plugins.custody.models import CLOSED, CustodyEntry, Detention

DONE, TODO, DUE, OVERDUE = "Completed", "Not yet done", "Due", "Overdue"


@dataclass(frozen=True)
class Task:
    title: str
    status: str  # one of DONE, TODO, DUE, OVERDUE
    detail: str
    act: str | None = None  # the form (forms.FORMS key) that does it

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour for the status."""
        return {DONE: "", TODO: "govuk-tag--blue", DUE: "govuk-tag--yellow", OVERDUE: "govuk-tag--red"}[self.status]


def _when(at: datetime | None) -> str:
    return london(at, "%H:%M %d %b") if at else ""


def tasks(det: Detention, entries: list[CustodyEntry], clock: ClockState) -> list[Task]:
    kinds = {e.kind for e in entries}
    overdue = " ".join(clock.overdue)
    out = [
        Task("Decide on detention", DONE if det.decision != "pending" else TODO,
             f"{det.decision.capitalize()} by {det.authorised_by}" if det.decision != "pending" else "PACE s.37",
             None if det.decision != "pending" else "decision"),
        Task("Rights and entitlements", DONE if "rights" in kinds else TODO,
             "Given" if "rights" in kinds else "PACE Code C 3.1", None if "rights" in kinds else "rights"),
        Task("Risk assessment", DONE if det.observation_level is not None else TODO,
             f"Level {det.observation_level}" if det.observation_level is not None else "PACE Code C 3.6",
             "risk"),
    ]
    if det.state == CLOSED:
        out.append(Task("Detention ended", DONE, (det.outcome or "").replace("_", " ").capitalize()))
        return out
    if clock.next_check_due:
        out.append(Task("Next check", OVERDUE if "check overdue" in overdue else DUE,
                        f"By {_when(clock.next_check_due)}", "checks"))
    if clock.next_review_due:
        charged = "charge" in kinds
        out.append(Task("Review detention", OVERDUE if "review overdue" in overdue else DUE,
                        f"By {_when(clock.next_review_due)}", "charged-reviews" if charged else "reviews"))
    out.append(Task("Charge, bail or release", OVERDUE if "detention limit" in overdue else DUE,
                    f"Detention limit {_when(clock.limit_at)}", "release"))
    return out
