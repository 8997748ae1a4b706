"""Append-only journals: a record type's history as ordered entries never changed.

A custody record, an exhibit's continuity, a crime's decisions: each is a *journal* of
entries on one parent record (a detention, an exhibit...). An entry says what happened
(``kind``), when it happened (``at``), when and by whom it was written, in words
(``text``) and as data. Nothing is ever updated or deleted — the database refuses it
with triggers (:func:`append_only_ddl`) — so a mistake is put right by a *correction*:
a new entry naming the one it corrects (``corrects``), which either replaces its time,
text and data, or voids it. :meth:`Journal.effective` gives the record as it now stands.

A module declares its entry model with :class:`JournalEntryMixin` plus the foreign key
to its parent (whose row carries ``entry_count`` and ``version``), and one
:class:`Journal` to write and read it. Entries are numbered per parent (``seq``) under
the parent's row lock, so concurrent writers queue and the order is the order written.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime, utcnow

CORRECTION = "correction"


class JournalEntryMixin:
    """Columns of every journal entry. The model adds its parent's foreign key column and
    a unique constraint on (parent, seq)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(80))
    by_role: Mapped[str] = mapped_column(String(40), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    corrects: Mapped[int | None] = mapped_column(Integer, default=None)  # seq of the entry it corrects


def session_of(uow: Any) -> Session:
    """The session of a unit of work (kernel code may pass a bare session)."""
    return getattr(uow, "session", uow)


@dataclass(frozen=True)
class Author:
    """Who writes an entry, and in what role (shown on the printed record)."""

    username: str
    role: str = ""


class Journal:
    """Writing and reading one record type's journal.

    ``entry_model`` is the module's entry class; ``parent_key`` the name of its foreign
    key column (``"detention_id"``). ``on_append(session, parent, entry)`` is called with
    each new entry (the module's audit line, for instance). Methods take the unit of work.
    """

    def __init__(self, entry_model: type, parent_key: str, *,
                 on_append: Callable[[Session, Any, Any], None] | None = None):
        self.model = entry_model
        self.parent_key = parent_key
        self._on_append = on_append

    def append(self, uow: Any, parent: Any, author: Author, kind: str, at: datetime, *, text: str = "",
               data: dict[str, Any] | None = None, corrects: int | None = None, audited: bool = True) -> Any:
        """One more entry on ``parent``'s journal. The caller holds ``parent``'s row lock.
        ``audited=False`` skips ``on_append`` (a bulk migration audits the run instead)."""
        session = session_of(uow)
        parent.entry_count = (parent.entry_count or 0) + 1
        parent.version = (parent.version or 0) + 1
        entry = self.model(**{self.parent_key: parent.id}, seq=parent.entry_count, kind=kind, at=at,
                           recorded_at=utcnow(), by=author.username, by_role=author.role, text=text,
                           data=data or {}, corrects=corrects)
        session.add(entry)
        session.flush()
        if audited and self._on_append is not None:
            self._on_append(session, parent, entry)
        return entry

    def entries_of(self, uow: Any, parent_ids: list[str], kinds: tuple[str, ...] | None = None) -> dict[str, list[Any]]:
        """Each parent's entries in order (only ``kinds`` when given), in one query."""
        session = session_of(uow)
        key = getattr(self.model, self.parent_key)
        stmt = select(self.model).where(key.in_(parent_ids)).order_by(self.model.seq)
        if kinds:
            stmt = stmt.where(self.model.kind.in_(kinds))
        out: dict[str, list[Any]] = {p: [] for p in parent_ids}
        for entry in session.scalars(stmt):
            out[getattr(entry, self.parent_key)].append(entry)
        return out

    def entry(self, uow: Any, parent_id: str, seq: int) -> Any | None:
        session = session_of(uow)
        key = getattr(self.model, self.parent_key)
        return session.scalar(select(self.model).where(key == parent_id, self.model.seq == seq))

    def effective(self, entries: Iterable[Any]) -> list[Any]:
        """The journal as it now stands: each corrected entry replaced by its latest
        correction (same kind, corrected time, text and data) or left out when voided."""
        entries = sorted(entries, key=lambda e: e.seq)
        latest: dict[int, Any] = {}
        for entry in entries:
            if entry.kind == CORRECTION and entry.corrects is not None:
                latest[entry.corrects] = entry
        out = []
        for entry in entries:
            if entry.kind == CORRECTION:
                continue
            fix = latest.get(entry.seq)
            if fix is None:
                out.append(entry)
            elif not fix.data.get("void"):
                out.append(self.model(**{self.parent_key: getattr(entry, self.parent_key)}, seq=entry.seq,
                                      kind=entry.kind, at=fix.at, by=entry.by, by_role=entry.by_role,
                                      text=fix.text or entry.text, data={**entry.data, **fix.data.get("data", {})}))
        return out


#: Rows here open an append-only table to erasure for the one transaction that wrote them.
PERMITS = "core_erasure_permits"


class ErasurePermit(Base):
    """"This transaction may erase from ``table_name``." Written and deleted by
    :func:`erasure_permit` inside one transaction, so no other transaction ever sees it
    (uncommitted on PostgreSQL; SQLite has one writer): append-only and erasure do not
    contradict, since only the audited erasure procedure opens a journal, and only for
    itself. A permit found committed is a fault :func:`open_permits` reports."""

    __tablename__ = PERMITS

    table_name: Mapped[str] = mapped_column(String(120), primary_key=True)


@contextmanager
def erasure_permit(uow: Any, *tables: str) -> Iterator[None]:
    """Let the code inside delete or overwrite rows of these append-only ``tables``, in
    the caller's transaction (the disposal of a record under MoPI; nothing else)."""
    session = session_of(uow)
    table = ErasurePermit.__table__
    session.execute(delete(table).where(table.c.table_name.in_(tables)))
    session.execute(insert(table), [{"table_name": name} for name in tables])
    try:
        yield
    finally:
        session.execute(delete(table).where(table.c.table_name.in_(tables)))


def open_permits(session: Session) -> list[str]:
    """Tables left open to erasure by a committed permit (should be none)."""
    return list(session.scalars(select(ErasurePermit.table_name)))


def append_only_ddl(table: str, dialect: str, *, erasable: bool = True) -> list[str]:
    """Statements that make ``table`` refuse UPDATE and DELETE (except, when ``erasable``,
    to the erasure procedure: :func:`erasure_permit`), replacing any earlier such triggers
    (for a module's migration: ``for sql in append_only_ddl("x_entries",
    op.get_bind().dialect.name): op.execute(sql)``)."""
    message = f"{table} is append-only: write a correcting entry"
    if dialect == "postgresql":
        permitted = (f"IF EXISTS (SELECT 1 FROM {PERMITS} WHERE table_name = TG_TABLE_NAME) THEN "
                     f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END IF; ") if erasable else ""
        return [f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ BEGIN {permitted}"
                f"RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
                f"CREATE OR REPLACE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"]
    out = []
    for verb in ("UPDATE", "DELETE"):
        name = f"{table}_no_{verb.lower()}"
        when = f"WHEN NOT EXISTS (SELECT 1 FROM {PERMITS} WHERE table_name = '{table}') " if erasable else ""
        out += [f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} BEFORE {verb} ON {table} {when}BEGIN SELECT RAISE(ABORT, '{message}'); END"]
    return out
