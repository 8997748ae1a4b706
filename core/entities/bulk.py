"""Loading many persons at once: the same derived rows as one-at-a-time, written in batches.

Used when a batch of records was already resolved into persons elsewhere (``mips
resolve``, a legacy migration, a benchmark): each person's source records and derived
index rows are inserted with one executemany per table and batch, and each batch is one
transaction with one audit entry of the collection it performed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from core.audit.log import record
from core.entities.models import Person, SourceRecord, new_id
from core.entities.persons import DERIVED, derived_rows
from core.timeutil import utcnow

PersonSources = tuple[str, list[tuple[str, str, dict[str, Any]]]]  # person id, [(system, key, data)]


def load_batch(session: Session, people: list[PersonSources], *, actor: str = "system") -> int:
    """Insert one batch of persons with their sources and derived rows (caller commits)."""
    now = utcnow()
    person_rows, source_rows = [], []
    derived: dict[type, list[dict[str, Any]]] = {model: [] for model in DERIVED}
    for person_id, sources in people:
        person_rows.append({"id": person_id, "version": 1, "created_at": now, "updated_at": now})
        pairs = []
        for system, key, data in sources:
            sid = new_id()
            source_rows.append({"id": sid, "person_id": person_id, "system": system, "key": key, "data": data,
                                "received_at": now, "received_by": actor})
            pairs.append((sid, data))
        for model, rows in derived_rows(person_id, pairs).items():
            derived[model].extend(rows)
    # Core inserts on the session's connection: the ORM's per-row bookkeeping would double the time.
    conn = session.connection()
    conn.execute(insert(Person.__table__), person_rows)
    conn.execute(insert(SourceRecord.__table__), source_rows)
    for model, rows in derived.items():
        if rows:
            conn.execute(insert(model.__table__), rows)
    record(session, "collection", "person_batch", f"{len(person_rows)} persons", actor=actor,
           details={"persons": len(person_rows), "source_records": len(source_rows),
                    "systems": sorted({r["system"] for r in source_rows})})
    return len(person_rows)


def load(session: Session, people: Iterable[PersonSources], *, batch_size: int = 2000, actor: str = "system",
         progress: Callable[[int], None] | None = None) -> int:
    """Load persons in committed batches; returns how many were loaded."""
    total, batch = 0, []
    for item in people:
        batch.append(item)
        if len(batch) >= batch_size:
            total += load_batch(session, batch, actor=actor)
            session.commit()
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        total += load_batch(session, batch, actor=actor)
        session.commit()
        if progress:
            progress(len(batch))
    refresh_statistics(session)
    return total


def refresh_statistics(session: Session) -> None:
    """Let the query planner see the new row counts (a sampled ANALYZE: seconds, not minutes)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
    conn.exec_driver_sql("ANALYZE")
    session.commit()
