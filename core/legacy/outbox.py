"""Pushing events into still-live legacy systems, so nobody re-keys them: one stager of
the kernel's transactional outbox (:mod:`core.platform.outbox`) among its consumers.

While the module that would take an event (a charge -> prosecution) is not on for the
raiser's unit, the legacy system that still does the job (COPA) must get it. At commit,
:func:`stage` writes one ``core_legacy_pushes`` row per system that takes the event, in
the same transaction as the work; after the commit :func:`deliver` hands each row to the
adapter's ``push`` on the legacy database. A push that fails stays pending with its error
and is retried by ``mips legacy push`` (delivery is at least once: a crash between the
legacy commit and the outbox update can repeat one push).
"""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit.log import record
from core.legacy.connections import engine_for
from core.legacy.models import LegacyPush, LegacySystem
from core.platform.timeutil import utcnow

log = logging.getLogger(__name__)


def taken_by_module(kernel: Any, event_name: str, unit: str | None) -> str | None:
    """The module enabled for ``unit`` that declares it consumes the event, if any."""
    for name in sorted(kernel.enabled_for(unit)):
        info = kernel.plugins.modules.get(name)
        if info is not None and event_name in info.consumes:
            return name
    return None


def stage(session: Session, kernel: Any, event: Any) -> list[LegacyPush]:
    """Outbox rows for the legacy systems that must get ``event`` (none if a module takes it)."""
    if taken_by_module(kernel, event.name, event.unit):
        return []
    retired = set(session.scalars(select(LegacySystem.system).where(LegacySystem.state == "retired")))
    rows = []
    for system, adapter in sorted(kernel.plugins.adapters().items()):
        if event.name in getattr(adapter, "pushes", ()) and system not in retired and engine_for(system) is not None:
            rows.append(LegacyPush(event_id=event.id, event_name=event.name, system=system, payload=event.payload()))
    if rows:
        session.add_all(rows)
        session.flush()
        for row in rows:
            record(session, "disclosure", "legacy_push", row.id, details={"system": row.system, "event": row.event_name})
    return rows


def deliver(session: Session, kernel: Any, ids: list[int] | None = None) -> dict[str, int]:
    """Push pending rows (the given ones, or every pending one) into their systems."""
    stmt = select(LegacyPush).where(LegacyPush.status != "delivered").order_by(LegacyPush.id)
    if ids is not None:
        stmt = stmt.where(LegacyPush.id.in_(ids))
    counts = {"delivered": 0, "failed": 0}
    adapters = kernel.plugins.adapters()
    for push in session.scalars(stmt).all():
        push.attempts += 1
        try:
            adapter, engine = adapters[push.system], engine_for(push.system)
            if engine is None:
                raise RuntimeError(f"{push.system} is not connected")
            with engine.begin() as conn:
                push.legacy_ref = str(adapter.push(conn, push.event_name, push.payload) or "")
            push.status, push.delivered_at, push.last_error = "delivered", utcnow(), ""
            counts["delivered"] += 1
        except Exception as exc:  # the legacy system may be down: keep it for the retry
            push.status, push.last_error = "failed", f"{type(exc).__name__}: {exc}"[:2000]
            counts["failed"] += 1
            log.warning("push of %s to %s failed: %s", push.event_name, push.system, exc)
        session.commit()
    return counts


class LegacyPushes:
    """The legacy push as a stager of the outbox: rows written at commit, pushed after."""

    def __init__(self, kernel: Any):
        self.kernel = kernel

    def stage(self, session: Session, event: Any) -> list[LegacyPush]:
        return stage(session, self.kernel, event)

    def deliver(self, session: Session, staged: list[LegacyPush]) -> None:
        deliver(session, self.kernel, [push.id for push in staged])
