"""The unit of work: one database session plus the domain events the work raised.

A service takes the unit of work, changes data through ``uow.session`` and announces
what happened with ``uow.emit(event)``; it never commits. Whoever owns the unit (the
HTTP resource, a page, a CLI command) calls :meth:`UnitOfWork.commit`, which writes
the raised events into the outbox *in the same transaction* as the work, commits, and
only then hands them to their subscribers (see :mod:`core.platform.outbox`). So an event
is never seen for work that was rolled back, and never lost for work that was committed.

One unit per request or command, opened on first use and closed at teardown; the
session is a reader (no transaction on PostgreSQL) for GET/HEAD/OPTIONS and a writer
(BEGIN IMMEDIATE on SQLite) otherwise.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import g, has_request_context, request
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from core.platform.events import Event

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_G_KEY = "mips_uow"


class UnitOfWork:
    """A session and the events collected on it, committed together or not at all."""

    def __init__(self, session: Session, *, on_commit: Callable[[UnitOfWork, list[Event]], Any] | None = None,
                 after_commit: Callable[[UnitOfWork, Any], None] | None = None, writer: bool = True,
                 before_commit: Callable[[UnitOfWork, set[str]], None] | None = None):
        self.session = session
        #: Whether the session writes (on SQLite its transactions take the one write lock).
        self.writer = writer
        self.events: list[Event] = []
        #: Persons whose data this unit read for the caller, for the consultation log
        #: (filled by the persons facade, written by :func:`core.kit.consulted`).
        self.persons_read: list[str] = []
        #: Persons this unit recorded something about (a new contact): their review
        #: dates are recomputed before it commits (MoPI: a new contact resets the clock).
        self.persons_touched: set[str] = set()
        self._on_commit = on_commit
        self._after_commit = after_commit
        self._before_commit = before_commit

    def emit(self, event: Event) -> None:
        """Raise a domain event; it is written to the outbox when this unit commits."""
        self.events.append(event)

    def read_persons(self, person_ids: list[str] | tuple[str, ...] | set[str]) -> None:
        """Note persons whose data is about to be shown (for the consultation log)."""
        for person_id in person_ids:
            if person_id and person_id not in self.persons_read:
                self.persons_read.append(person_id)

    def touch_persons(self, person_ids: list[str] | tuple[str, ...] | set[str]) -> None:
        """Note persons this unit recorded something about (see ``persons_touched``)."""
        self.persons_touched.update(p for p in person_ids if p)

    def commit(self) -> None:
        """Write the raised events to the outbox, commit, then dispatch them."""
        touched, self.persons_touched = self.persons_touched, set()
        if touched and self._before_commit:
            self._before_commit(self, touched)
        events, self.events = self.events, []
        staged = self._on_commit(self, events) if (self._on_commit and events) else None
        self.session.commit()
        if staged and self._after_commit:
            self._after_commit(self, staged)

    def release(self) -> None:
        """End a transaction that has only read (nothing pending to write), so that another
        connection may write: on SQLite a writer session's reads hold the one write lock."""
        session = self.session
        if not self.writer or session.get_bind().dialect.name != "sqlite":
            return
        if session.in_transaction() and not (session.new or session.dirty or session.deleted) and not self.events:
            session.rollback()

    def rollback(self) -> None:
        """Undo the work and forget the events it raised."""
        self.events.clear()
        self.persons_touched.clear()
        self.session.rollback()

    def close(self) -> None:
        self.events.clear()
        self.session.rollback()
        self.session.close()


def current_uow() -> UnitOfWork:
    """The unit of work of the current request or command, opened on first use."""
    uow = g.get(_G_KEY)
    if uow is None:
        from core.platform.current import current_kernel

        kernel = current_kernel()
        reads = has_request_context() and request.method in READ_ONLY_METHODS
        uow = kernel.new_unit_of_work(writer=not reads)
        setattr(g, _G_KEY, uow)
    return uow


def close_current(_exc: BaseException | None = None) -> None:
    """Teardown: roll back whatever was not committed and release the connection."""
    uow = g.pop(_G_KEY, None)
    if uow is not None:
        uow.close()
