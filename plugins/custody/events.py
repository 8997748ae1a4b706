"""The events custody publishes: its contracts with the rest of the force.

Custody owns these names and versions. A module that takes one declares it under
``consumes`` in its ``mips_module_info`` and receives a :class:`core.kit.ReceivedEvent`
with exactly these fields (times as ISO 8601 with their offset); while no module enabled
for the event's unit takes it, the adapter of the legacy system that still does the job
gets it pushed (COPA for a charge, EWMS for an executed warrant). A field is only ever
added; removing one or changing its meaning is a new version.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.kit import Event


@dataclass(frozen=True, kw_only=True)
class ChargeRaised(Event):
    """A custody officer charged a detainee (PACE s.37(7)(d)): the case must be prepared
    for court, by the prosecution module or in COPA. ``offences`` are ``{"wording",
    "code", "indictable"}``; ``defendant`` is ``{"person_id", "given", "family", "dob",
    "address", "postcode", "pnc_id", "ni_number"}`` from the one person record."""

    name = "custody.charged"
    version = 1
    person_id: str
    detention_id: str
    custody_no: str
    suite: str
    charged_at: datetime
    offences: list[dict] = field(default_factory=list)
    defendant: dict = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class WarrantExecuted(Event):
    """A person was arrested on a warrant and booked into custody: the warrant is
    executed (by the module that keeps warrants, or in EWMS)."""

    name = "custody.warrant_executed"
    version = 1
    warrant_no: str
    person_id: str
    custody_no: str
    executed_at: datetime


PUBLISHED = (ChargeRaised, WarrantExecuted)
