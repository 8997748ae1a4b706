"""Rebuilding every person's derived rows after the resolution engine changed.

The rows search and resolution look persons up by (``PersonName``'s normalised,
nickname-canonical and phonetic forms; ``PersonIdentifier`` and ``PersonAddress``'s
normalised values; ``PersonBlockKey``'s blocking and search keys) are derived from the
source records by the code of the day. When that code changes (a new key format, a new
nickname rule), rows written by the old version no longer match what the new version
looks up, and the persons they belong to silently drop out of search and resolution.

:func:`rebuild_all` recomputes them from the source records, which are never touched,
in batches of persons, each batch one transaction: a person's rows are rewritten only
where they differ from what the current code derives, so a second run changes nothing
and an interrupted run is simply started again. Locations' ``text_norm`` is derived from
their address lines in the same way and is rebuilt too. Objects keep no derived key (a
registration is stored normalised and the original is not kept), so there is nothing
to redo for them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from core.audit.log import record
from core.persons.models import Location, Person, SourceRecord
from core.persons.pole import location_text_norm
from core.persons.service import DERIVED, derived_rows

Progress = Callable[[int], None]


@dataclass
class RebuildStats:
    persons: int = 0
    changed_persons: int = 0
    rows_deleted: Counter = field(default_factory=Counter)
    rows_inserted: Counter = field(default_factory=Counter)
    locations: int = 0
    changed_locations: int = 0


def _columns(model: type) -> tuple[str, ...]:
    """The columns that carry a derived row's content (not its surrogate id)."""
    return tuple(c.name for c in model.__table__.columns if c.name != "id")


_COLUMNS = {model: _columns(model) for model in DERIVED}


def _stored(session: Session, model: type, ids: list[str]) -> dict[str, Counter]:
    cols = _COLUMNS[model]
    table = model.__table__
    out: dict[str, Counter] = defaultdict(Counter)
    for row in session.execute(select(*[table.c[c] for c in cols]).where(table.c.person_id.in_(ids))):
        out[row.person_id][tuple(row)] += 1
    return out


def _wanted(rows: list[dict[str, Any]], cols: tuple[str, ...]) -> Counter:
    return Counter(tuple(r.get(c) for c in cols) for r in rows)


def _sources(session: Session, ids: list[str]) -> dict[str, list[tuple[str, dict]]]:
    out: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    stmt = (select(SourceRecord.person_id, SourceRecord.id, SourceRecord.data).where(SourceRecord.person_id.in_(ids))
            .order_by(SourceRecord.received_at, SourceRecord.id))
    for pid, sid, data in session.execute(stmt):
        out[pid].append((sid, data))
    return out


def rebuild_batch(session: Session, ids: list[str], stats: RebuildStats) -> None:
    """Bring the derived rows of these persons in line with their source records (caller commits)."""
    if session.get_bind().dialect.name == "postgresql":
        # An edit or merge of one of these persons bumps its version: lock the rows so one
        # cannot slip in between reading the sources and writing what follows from them.
        session.execute(select(Person.id).where(Person.id.in_(ids)).with_for_update())
    # (SQLite: the command's session is a writer, opened with BEGIN IMMEDIATE.)
    sources = _sources(session, ids)
    wanted = {pid: derived_rows(pid, sources.get(pid, [])) for pid in ids}
    changed: set[str] = set()
    conn = session.connection()
    for model in DERIVED:
        cols = _COLUMNS[model]
        stored = _stored(session, model, ids)
        stale = [pid for pid in ids if stored.get(pid, Counter()) != _wanted(wanted[pid][model], cols)]
        if not stale:
            continue
        changed.update(stale)
        table = model.__table__
        deleted = conn.execute(delete(table).where(table.c.person_id.in_(stale))).rowcount
        rows = [r for pid in stale for r in wanted[pid][model]]
        if rows:
            conn.execute(insert(table), rows)
        stats.rows_deleted[table.name] += max(deleted or 0, 0)
        stats.rows_inserted[table.name] += len(rows)
    stats.persons += len(ids)
    stats.changed_persons += len(changed)


def _rebuild_locations(session: Session, batch_size: int, stats: RebuildStats) -> None:
    last = ""
    while True:
        rows = session.execute(select(Location.id, Location.lines, Location.text_norm).where(Location.id > last)
                               .order_by(Location.id).limit(batch_size)).all()
        if not rows:
            return
        for loc_id, lines, text_norm in rows:
            wanted = location_text_norm(lines)
            if wanted != text_norm:
                session.execute(update(Location).where(Location.id == loc_id).values(text_norm=wanted))
                stats.changed_locations += 1
        stats.locations += len(rows)
        session.commit()
        last = rows[-1][0]


def count_persons(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Person)) or 0


def rebuild_all(session: Session, *, batch_size: int = 1000, progress: Progress | None = None) -> RebuildStats:
    """Rebuild the derived rows of every person (and location), committing each batch.

    Persons are walked in id order with a keyset, so each batch is one indexed range
    read whatever the table's size. Ends with one audit entry of what was changed and a
    refresh of the planner's statistics.
    """
    from core.persons.bulk import refresh_statistics

    stats = RebuildStats()
    last = ""
    while True:
        ids = list(session.scalars(select(Person.id).where(Person.id > last).order_by(Person.id).limit(batch_size)))
        if not ids:
            break
        rebuild_batch(session, ids, stats)
        session.commit()
        last = ids[-1]
        if progress:
            progress(len(ids))
    _rebuild_locations(session, batch_size, stats)
    record(session, "alteration", "person_keys", "all",
           details={"persons": stats.persons, "changed_persons": stats.changed_persons,
                    "rows_deleted": dict(stats.rows_deleted), "rows_inserted": dict(stats.rows_inserted),
                    "locations": stats.locations, "changed_locations": stats.changed_locations})
    session.commit()
    if stats.changed_persons or stats.changed_locations:
        refresh_statistics(session)
    return stats
