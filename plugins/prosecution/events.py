"""The events prosecution publishes: its contracts with the rest of the force.

Prosecution owns these names and versions; a consumer declares the name under
``consumes`` and receives a :class:`core.kit.ReceivedEvent` with exactly these fields
(times as ISO 8601 with their offset). A field is only ever added; removing one or
changing its meaning is a new version.

It consumes custody's ``custody.charged`` v1 (a case file is built from it) and
``custody.warrant_executed`` v1 (a person booked in on one of its warrants: the warrant
is executed). Taking these is what stops their legacy push to COPA and EWMS for the units
where the module is on.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.kit import Event

CONSUMES = ("custody.charged", "custody.warrant_executed")


@dataclass(frozen=True, kw_only=True)
class CaseFileBuilt(Event):
    """A case file was built from a charge in custody: ``urn`` is its reference with the
    CPS and the courts; ``detention_id`` and ``custody_no`` name the custody record."""

    name = "prosecution.case_file_built"
    version = 1
    case_id: str
    urn: str
    person_id: str
    detention_id: str | None = None
    custody_no: str = ""


@dataclass(frozen=True, kw_only=True)
class WarrantExecuted(Event):
    """A warrant was executed: the person was arrested on it. ``outcome`` says what follows:
    ``to_custody`` (arrested on warrant: to be booked into custody and brought before the
    court) or ``released_on_bail`` (a warrant backed for bail: released on the terms of
    ``endorsement``). ``custody_no`` is set when custody booked the person in and told the
    module (``custody.warrant_executed``): a custody consumer books in only when it is empty.
    ``warrant_type`` is a key of the module's ``rules/warrants.toml``."""

    name = "prosecution.warrant_executed"
    version = 1
    warrant_id: str
    warrant_no: str
    person_id: str
    warrant_type: str
    court: str
    executed_at: str
    outcome: str
    backed_for_bail: bool = False
    endorsement: str | None = None
    place: str = ""
    custody_no: str = ""


PUBLISHED = (CaseFileBuilt, WarrantExecuted)
