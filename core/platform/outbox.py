"""The transactional outbox: domain events stored with the work that raised them,
delivered after commit, at least once.

At commit the unit of work writes one ``core_outbox`` row per event in the raiser's own
transaction, and lets each *stager* (the legacy push, see :mod:`core.legacy.outbox`)
write what it needs in that same transaction. After the commit :func:`dispatch` hands
each event to its consumers, one transaction per consumer: the consumer's work and its
*receipt* (``core_event_receipts``: consumer + event id) commit together, so a consumer
whose work committed never gets the event again, and one that failed gets it on the next
run of ``mips events deliver``. An event is marked dispatched when every consumer has
its receipt. Delivery is therefore at least once and the effect exactly once per consumer.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.platform.db import Base
from core.platform.events import Event, ReceivedEvent
from core.platform.timeutil import UTCDateTime, utcnow
from core.platform.uow import UnitOfWork

log = logging.getLogger(__name__)


class OutboxEvent(Base):
    """One raised event, as published (its contract's payload)."""

    __tablename__ = "core_outbox"
    __table_args__ = (UniqueConstraint("event_id", name="uq_core_outbox_event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[str | None] = mapped_column(String(80), default=None)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class EventReceipt(Base):
    """A consumer took an event: written in the consumer's own transaction."""

    __tablename__ = "core_event_receipts"
    __table_args__ = (UniqueConstraint("consumer", "event_id", name="uq_core_event_receipts_consumer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consumer: Mapped[str] = mapped_column(String(80))
    event_id: Mapped[str] = mapped_column(String(32))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Stager(Protocol):
    """Something that must write rows in the raiser's transaction (the legacy push)."""

    def stage(self, session: Session, event: ReceivedEvent) -> list[Any]: ...

    def deliver(self, session: Session, staged: list[Any]) -> None: ...


#: ``(consumer name, handler)`` pairs for an event: the kernel answers from module rollout.
ConsumersOf = Callable[[ReceivedEvent], Iterable[tuple[str, Callable[[ReceivedEvent], Any]]]]


@dataclass
class Staged:
    """What a commit wrote: outbox row ids and each stager's rows."""

    outbox_ids: list[int]
    by_stager: list[tuple[Stager, list[Any]]]


def stage(session: Session, events: list[Event], stagers: Iterable[Stager]) -> Staged:
    """Before the commit: the outbox rows, and whatever the stagers need, in this transaction."""
    rows = [OutboxEvent(event_id=e.id, name=e.name, version=e.version, unit=e.unit, payload=e.payload(), created_at=e.at)
            for e in events]
    session.add_all(rows)
    session.flush()
    received = [ReceivedEvent.from_payload(row.payload) for row in rows]
    by_stager = [(stager, [x for event in received for x in stager.stage(session, event)]) for stager in stagers]
    return Staged([row.id for row in rows], [(s, xs) for s, xs in by_stager if xs])


def dispatch(uow: UnitOfWork, consumers_of: ConsumersOf, staged: Staged) -> None:
    """After the commit: hand the events to their consumers, then let stagers deliver."""
    deliver(uow, consumers_of, staged.outbox_ids)
    for stager, rows in staged.by_stager:
        stager.deliver(uow.session, rows)


def deliver(uow: UnitOfWork, consumers_of: ConsumersOf, ids: list[int] | None = None) -> dict[str, int]:
    """Deliver undispatched events (the given ones, or all of them) to every consumer that
    has no receipt for them yet. Returns counts of events dispatched and still pending.

    A consumer works through the same unit of work; its receipt is added before the unit
    commits, so events the consumer raises in turn are staged and dispatched with it."""
    session = uow.session
    stmt = select(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None)).order_by(OutboxEvent.id)
    if ids is not None:
        stmt = stmt.where(OutboxEvent.id.in_(ids))
    counts = {"dispatched": 0, "pending": 0}
    for row_id, payload in [(r.id, r.payload) for r in session.scalars(stmt).all()]:
        session.commit()  # end the read; each consumer runs in a transaction of its own
        event = ReceivedEvent.from_payload(payload)
        failures = [error for error in (_consume(uow, name, handler, event) for name, handler in consumers_of(event))
                    if error]
        row = session.get(OutboxEvent, row_id)
        row.attempts += 1
        if failures:
            row.last_error = "; ".join(failures)[:2000]
            counts["pending"] += 1
        else:
            row.dispatched_at, row.last_error = utcnow(), ""
            counts["dispatched"] += 1
        session.commit()
    return counts


def _consume(uow: UnitOfWork, consumer: str, handler: Callable[[ReceivedEvent], Any], event: ReceivedEvent) -> str:
    """One consumer takes one event with its receipt, in one transaction; '' when done."""
    session = uow.session
    taken = session.scalar(select(EventReceipt.id).where(EventReceipt.consumer == consumer,
                                                         EventReceipt.event_id == event.id))
    if taken:
        session.commit()
        return ""
    try:
        handler(event)
        session.add(EventReceipt(consumer=consumer, event_id=event.id))
        uow.commit()
        return ""
    except Exception as exc:  # a failing consumer must not undo the raiser's work, nor stop the others
        uow.rollback()
        log.exception("consumer %s failed on event %s (%s)", consumer, event.name, event.id)
        return f"{consumer}: {type(exc).__name__}: {exc}"
