"""The published domain events: the ones that cross from one module to another, or to a
still-live legacy system, declared here in the core so that the raiser, the module that
takes them and the adapter that pushes them all share one definition without importing
each other.

A module that takes one of these events declares it in ``mips_module_info`` under
``consumes``; while no module enabled for the event's unit takes it, the adapter of the
legacy system that still does the job pushes it there (see :mod:`core.legacy.outbox`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.events import Event


@dataclass(frozen=True, kw_only=True)
class ChargeRaised(Event):
    """A custody officer charged a detainee: the case must be prepared for court (COPA or
    the prosecution module). ``offences`` are ``{"wording", "code"}`` dicts."""

    name = "custody.charged"
    person_id: str
    detention_id: str
    custody_no: str
    suite: str
    charged_at: datetime
    offences: list[dict] = field(default_factory=list)
    defendant: dict = field(default_factory=dict)  # names, dob, address, identifiers as the persons API shows them


@dataclass(frozen=True, kw_only=True)
class WarrantExecuted(Event):
    """A person was arrested on a warrant and brought into custody: the warrant is executed
    (EWMS or the module that keeps warrants)."""

    name = "custody.warrant_executed"
    warrant_no: str
    person_id: str
    custody_no: str
    executed_at: datetime
