"""Domain events: how modules tell each other what happened without importing each other.

A service calls :func:`emit` with an :class:`Event`; the event waits on the unit of work
and is dispatched to every enabled module's ``mips_on_event`` only after
:func:`core.db.commit` has made the raiser's data durable. A handler that fails is
logged; it does not undo the work that raised the event.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from flask import current_app, g, has_app_context

from core.timeutil import utcnow

log = logging.getLogger(__name__)

EVENT_TYPES: dict[str, type[Event]] = {}


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every domain event. Subclasses set ``name`` (``module.something_happened``)."""

    name: ClassVar[str] = "event"
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    at: datetime = field(default_factory=utcnow)
    actor: str = "system"
    unit: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        EVENT_TYPES[cls.name] = cls


def emit(event: Event) -> None:
    """Queue an event to be dispatched after the current unit of work commits."""
    g.setdefault("pending_events", []).append(event)


def dispatch_pending() -> None:
    if not has_app_context():
        return
    pending = g.pop("pending_events", [])
    if not pending:
        return
    kernel = current_app.extensions["mips"]
    caller = kernel.hook("mips_on_event", anywhere=True)
    from core.db import session

    for event in pending:
        try:
            caller(event=event)
            session().commit()
        except Exception:
            session().rollback()
            log.exception("a handler of event %s (%s) failed", event.name, event.id)
