"""Loading many persons at once: the same derived rows as one-at-a-time, written in batches.

Used when a batch of records was already resolved into persons elsewhere (``mips
resolve``, a legacy migration, a benchmark): each person's source records and derived
index rows are inserted with one executemany per table and batch (``COPY`` on
PostgreSQL), and each batch is one transaction with one audit entry of the collection it
performed.

Working out the derived rows (names, phonetic and blocking keys) is the Python-heavy half
of a load and the writing the database-heavy half, so with ``workers`` the rows of the
next batches are prepared in other processes while this one writes: the rows, their
order and so their ids are the same as without.

Persons loaded in the order of their ids (and sources given ids in that order) go into
the indexes on ids and person ids at their ends instead of at random places, which on
millions of rows is the difference between appending and reading a page per row.
"""
from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from core.audit.log import record_many
from core.persons.models import Person, SourceRecord, new_id
from core.persons.service import DERIVED, derived_rows
from core.platform.timeutil import utcnow

# (system, key, data[, source id]): data as a dict, or already as its JSON text (json.dumps,
# as stored); without an id, a new one is made.
Source = tuple
PersonSources = tuple[str, list[Source]]  # person id, its sources
PERSON_COLUMNS = ("id", "version", "created_at", "updated_at")
SOURCE_COLUMNS = ("id", "person_id", "system", "key", "data", "received_at", "received_by")
DERIVED_COLUMNS = {model: tuple(c.name for c in model.__table__.columns if c.name != "id") for model in DERIVED}
SQLITE_CACHE_KIB = 512 * 1024  # page cache of the writing connection during a load
SQLITE_CHECKPOINT_PAGES = 50_000  # WAL pages between checkpoints during a load (SQLite's default: 1,000)
IN_FLIGHT = 3  # batches prepared ahead per worker: enough to keep the writer busy, few enough to bound memory


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples of bound values, in ``columns`` order) on the connection's
    transaction at driver level: COPY on PostgreSQL, one prepared executemany on SQLite.
    Values must already be what the column types would bind (JSON as text...)."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    driver = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with driver.cursor() as cur, cur.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cur = driver.cursor()
        try:
            cur.executemany(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)
        finally:
            cur.close()


def bound(table: Table, column: str, value: Any, dialect: Dialect) -> Any:
    """``value`` as the column type binds it on ``dialect``."""
    process = table.c[column].type._cached_bind_processor(dialect)
    return process(value) if process else value


def prepare(people: list[PersonSources], stamp: Any, actor: str) -> dict[str, Any]:
    """The rows of one batch, as tuples per table (runs in a worker process too)."""
    person_rows, source_rows, systems = [], [], set()
    derived: dict[type, list[tuple]] = {model: [] for model in DERIVED}
    for person_id, sources in people:
        person_rows.append((person_id, 1, stamp, stamp))
        pairs = []
        for system, key, data, *given in sources:
            sid = given[0] if given else new_id()
            if isinstance(data, str):
                text, data = data, json.loads(data)
            else:
                text = json.dumps(data)  # what the JSON column type stores
            source_rows.append((sid, person_id, system, key, text, stamp, actor))
            pairs.append((sid, data))
            systems.add(system)
        # The order every later read uses (received_at, then id; the stamp is shared here).
        pairs.sort(key=lambda pair: pair[0])
        for model, rows in derived_rows(person_id, pairs).items():
            columns = DERIVED_COLUMNS[model]
            derived[model].extend(tuple(row[c] for c in columns) for row in rows)
    return {"persons": person_rows, "sources": source_rows, "derived": derived, "systems": sorted(systems)}


def write_batch(session: Session, prepared: dict[str, Any], *, actor: str = "system") -> int:
    """Insert one prepared batch and its audit entry (caller commits)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # The indexes of millions of rows take random inserts (uuids, keys): with SQLite's
        # default 2 MiB page cache nearly every one reads and spills pages.
        # Checkpointing less often writes a page dirtied by several batches back once.
        conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}")
    insert_rows(conn, Person.__table__, PERSON_COLUMNS, prepared["persons"])
    insert_rows(conn, SourceRecord.__table__, SOURCE_COLUMNS, prepared["sources"])
    for model, rows in prepared["derived"].items():
        insert_rows(conn, model.__table__, DERIVED_COLUMNS[model], rows)
    count = len(prepared["persons"])
    # one entry for the batch, naming every person it collected (issue 21)
    record_many(session, "collection", "person", [row[0] for row in prepared["persons"]], actor=actor,
                details={"persons": count, "source_records": len(prepared["sources"]), "systems": prepared["systems"]})
    return count


def _stamp(session: Session) -> Any:
    return bound(Person.__table__, "created_at", utcnow(), session.get_bind().dialect)


def load_batch(session: Session, people: list[PersonSources], *, actor: str = "system") -> int:
    """Insert one batch of persons with their sources and derived rows (caller commits)."""
    return write_batch(session, prepare(people, _stamp(session), actor), actor=actor)


def _chunks(people: Iterable[PersonSources], size: int) -> Iterable[list[PersonSources]]:
    batch: list[PersonSources] = []
    for item in people:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load(session: Session, people: Iterable[PersonSources], *, batch_size: int = 2000, actor: str = "system",
         progress: Callable[[int], None] | None = None, workers: int = 0) -> int:
    """Load persons in committed batches; returns how many were loaded. With ``workers``,
    that many processes prepare the rows of the batches ahead while this one writes."""
    total = 0

    def commit(prepared: dict[str, Any]) -> None:
        nonlocal total
        total += write_batch(session, prepared, actor=actor)
        session.commit()
        if progress:
            progress(len(prepared["persons"]))

    if workers <= 0:
        for batch in _chunks(people, batch_size):
            commit(prepare(batch, _stamp(session), actor))
    else:
        # spawn, not fork: the worker starts small instead of sharing the caller's memory
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            pending: deque[Future] = deque()
            for batch in _chunks(people, batch_size):
                pending.append(pool.submit(prepare, batch, _stamp(session), actor))
                while len(pending) >= IN_FLIGHT * workers:
                    commit(pending.popleft().result())
            while pending:
                commit(pending.popleft().result())
    refresh_statistics(session)
    return total


def refresh_statistics(session: Session) -> None:
    """Let the query planner see the new row counts (a sampled ANALYZE: seconds, not minutes)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-2000")  # back to SQLite's defaults after a load
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint=1000")
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
    conn.exec_driver_sql("ANALYZE")
    session.commit()
