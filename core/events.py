"""Domain events: how modules tell each other what happened without importing each other.

A service calls :func:`emit` with an :class:`Event`; the event waits on the unit of work
and is dispatched to every enabled module's ``mips_on_event`` only after
:func:`core.db.commit` has made the raiser's data durable. A handler that fails is
logged; it does not undo the work that raised the event.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from flask import g, has_app_context

from core.timeutil import utcnow
from core.current import current_kernel

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

    def payload(self) -> dict[str, Any]:
        """The event as JSON-ready data (times as ISO 8601 with their offset), for an outbox
        row or a legacy system that cannot take Python objects."""
        return {"name": self.name, **_jsonable(asdict(self))}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def emit(event: Event) -> None:
    """Queue an event to be dispatched after the current unit of work commits."""
    g.setdefault("pending_events", []).append(event)


def stage_pending(session: Any) -> None:
    """Before the commit: write the legacy pushes the pending events need into the same
    transaction (the outbox), so a charge is never committed without its push."""
    if not has_app_context() or not g.get("pending_events"):
        return
    from core.legacy import outbox

    kernel = current_kernel()
    g.staged_pushes = g.get("staged_pushes", []) + [
        push for event in g.pending_events for push in outbox.stage(session, kernel, event)]


def dispatch_pending() -> None:
    if not has_app_context():
        return
    pending = g.pop("pending_events", [])
    staged = g.pop("staged_pushes", [])
    if not pending:
        return
    kernel = current_kernel()
    from core.db import session

    for event in pending:
        # modules on where the event happened (a pilot unit's module does not take another
        # unit's events: those go to the legacy system, see core.legacy.outbox)
        caller = kernel.hook("mips_on_event", event.unit) if event.unit else kernel.hook("mips_on_event", anywhere=True)
        try:
            caller(event=event)
            session().commit()
        except Exception:
            session().rollback()
            log.exception("a handler of event %s (%s) failed", event.name, event.id)
    if staged:
        from core.legacy import outbox

        outbox.deliver(session(), kernel, [push.id for push in staged])
