"""Bridging the live systems: every person they mention becomes part of one MiPS person.

The adapters' mentions are resolved together in one batch (``core.resolution.batch``),
and each cluster becomes a person whose source records are the mentions, kept as they
came under their mention keys, so search and the person view show the legacy records
at once, marked with their systems. A mention already bridged creates nothing twice; if
the live system changed it since (an officer updated an address there), its source
record takes the new data and the person's derived view follows: incremental sync, with
the change audited (what the source said before and after). A mention that cannot be
read is counted with its reason.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

import pandas as pd
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from core.audit.log import record
from core.audit.personal import Personal
from core.legacy.connections import engine_for
from core.legacy.protocol import LegacyRecord, Mention, Rejection
from core.persons import bulk, service as persons
from core.persons.models import Person, SourceRecord, new_id
from core.persons.person_data import to_record
from core.resolution.batch import resolve_frame
from core.resolution.features import from_columns

IDENTIFIERS = ("pnc_id", "cro_number", "ni_number", "driving_licence")


@dataclass
class BridgeReport:
    mentions: dict[str, int] = field(default_factory=dict)  # per system
    already: int = 0
    updated: int = 0  # mentions the live system changed since they were bridged
    loaded: int = 0
    joined: int = 0  # clusters that joined a person MiPS already held
    persons: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    not_connected: list[str] = field(default_factory=list)


@dataclass
class Census:
    """What one read of a system held, for its reconciliation report."""

    records: int = 0
    mention_keys: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # mention key -> reason


@dataclass
class Intake:
    """Every mention of one read of the connected systems, kept compact: its system, its
    key, its data as the JSON text a source record stores (with the role), and its
    features for batch resolution, column by column (the shape of :func:`_csv_row`)."""

    systems: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    columns: dict[str, list[Any]] = field(default_factory=lambda: {c: [] for c in COLUMNS})
    census: dict[str, Census] = field(default_factory=dict)

    def add(self, system: str, m: Mention) -> None:
        self.systems.append(system)
        self.keys.append(m.mention_key)
        self.data.append(json.dumps(m.person | {"role": m.role}))  # json.dumps: what the JSON column stores
        row = _csv_row(m)
        for column, values in self.columns.items():
            values.append(row.get(column))

    def extend(self, other: Intake) -> None:
        self.systems.extend(other.systems)
        self.keys.extend(other.keys)
        self.data.extend(other.data)
        for column, values in self.columns.items():
            values.extend(other.columns[column])
        self.census.update(other.census)

    def frame(self, rows: list[int] | None = None) -> pd.DataFrame:
        """The features of all mentions, or of those at ``rows``, as ``mips resolve`` reads them."""
        if rows is None:
            return pd.DataFrame(self.columns)
        return pd.DataFrame({c: [values[i] for i in rows] for c, values in self.columns.items()})


COLUMNS = ("record_id", "given_name", "family_name", "dob", "sex", "postcode", "address", *IDENTIFIERS)
# From this many legacy records on, the systems are read by other processes at once; from
# this many new persons on, their derived rows are worked out by other processes while
# this one writes (starting them costs a second or two).
PARALLEL_FROM = 20_000
WORKERS = 2       # processes reading the legacy systems
LOAD_WORKERS = 1  # processes preparing persons' rows while this one writes them
LOAD_BATCH = 10_000  # persons per committed batch: fewer, larger commits write each index page fewer times
# New mentions are resolved in one batch together with every source record MiPS holds
# when there are at least 1/WITH_HELD_FROM as many of them: resolving one cluster against
# the persons held costs about 20 ms, a record in a batch about 0.1 ms, so from there the
# batch is the cheaper. It is also what makes a bridge killed while loading persons
# resume to the same persons as a run never stopped: the batch sees the same records.
WITH_HELD_FROM = 100


def _csv_row(m: Mention) -> dict[str, Any]:
    """A mention in the shape batch resolution reads."""
    name = (m.person.get("names") or [{}])[0]
    dob = max(m.person.get("dobs", []), key=len, default=None)  # a full date, else a year alone
    address = (m.person.get("addresses") or [{}])[0]
    row = {"record_id": m.mention_key, "given_name": name.get("given") or None, "family_name": name.get("family") or None,
           "dob": dob, "sex": m.person.get("sex"), "postcode": address.get("postcode"),
           "address": ", ".join(address.get("lines", [])) or None}
    for ident in m.person.get("identifiers", []):
        if ident["kind"] in IDENTIFIERS:
            row[ident["kind"]] = ident["value"]
    return row


def document_row(adapter: Any, legacy: LegacyRecord, as_text: bool = True) -> dict[str, Any]:
    """A record as a row of ``core_legacy_records`` waiting for its module (document as JSON
    text, or as data for a module to take), or rejected with the reason when it cannot be
    read."""
    row = {"system": adapter.system, "key": legacy.key, "kind": "", "document": "{}" if as_text else {},
           "status": "waiting", "reason": "", "module_record_id": None}
    try:
        row["kind"], row["document"] = (adapter.document_text if as_text else adapter.document)(legacy)
    except Exception as exc:  # a malformed row never stops the run
        row["status"], row["reason"] = "rejected", f"unreadable record: {exc}"
    return row


def fingerprint(document: dict[str, Any] | str) -> str:
    """A short digest of a document (as data or as its JSON text), the same whichever way
    it was stored: the catch-up of a migration compares what it took with what the live
    system holds now without keeping every document in memory."""
    data = json.loads(document) if isinstance(document, str) else document
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def changed_row(adapter: Any, legacy: LegacyRecord, held: str, as_text: bool = True) -> dict[str, Any] | None:
    """The document row of a record taken before whose document no longer has the
    fingerprint ``held`` (the live system changed it since), else None."""
    row = document_row(adapter, legacy, as_text=as_text)
    return row if fingerprint(row["document"]) != held else None


@dataclass
class SystemRead:
    intake: Intake
    rejected: list[tuple[str, str]]
    taken: list[dict[str, Any]]    # document rows of the records not taken before (when asked)
    changed: list[dict[str, Any]]  # document rows of the records taken before that changed since


def read_system(adapter: Any, take: dict[str, str | None] | None = None) -> SystemRead:
    """One read of one system: its mentions and census, and with ``take`` (keys taken
    before, each with the fingerprint of its document when changes are to be found) the
    document rows of the other records, and of those that changed. Runs in a worker
    process too."""
    system = adapter.system
    intake, rejected, taken, changed = Intake(), [], [], []
    census = intake.census[system] = Census()
    with engine_for(system).connect() as conn:
        for legacy in adapter.extract(conn):
            census.records += 1
            if take is not None:
                if legacy.key not in take:
                    taken.append(document_row(adapter, legacy))
                elif take[legacy.key] is not None and (row := changed_row(adapter, legacy, take[legacy.key])):
                    changed.append(row)
            for item in adapter.mentions(legacy):
                if isinstance(item, Rejection):
                    rejected.append((item.mention_key, item.reason))
                    census.rejected[item.mention_key] = item.reason
                elif isinstance(item, Mention):
                    intake.add(system, item)
                    census.mention_keys.append(item.mention_key)
    return SystemRead(intake, rejected, taken, changed)


def records_in(adapters: dict[str, Any]) -> dict[str, int]:
    """Records in each system's main table."""
    counts = {}
    for system, adapter in adapters.items():
        with engine_for(system).connect() as conn:
            counts[system] = conn.scalar(select(func.count()).select_from(adapter.table(conn, adapter.main_table))) or 0
    return counts


def collect(adapters: dict[str, Any], report: BridgeReport, progress: Callable[[str, int], None] | None = None,
            take: dict[str, dict[str, str | None]] | None = None,
            on_taken: Callable[[str, list[dict[str, Any]], list[dict[str, Any]]], None] | None = None) -> Intake:
    """Read every connected system once: its mentions and the census of what it held; for
    the systems in ``take`` (keys already taken, see :func:`read_system`), the document
    rows of the other records and of the changed ones, handed to ``on_taken`` system by
    system. Systems come in name order whether or not
    they were read in other processes, so the result is the same."""
    take = take or {}
    connected = {}
    for system, adapter in sorted(adapters.items()):
        if engine_for(system) is None:
            report.not_connected.append(system)
        else:
            connected[system] = adapter
    intake = Intake()

    def merge(system: str, read: SystemRead) -> None:
        intake.extend(read.intake)
        report.rejected.extend(read.rejected)
        report.mentions[system] = len(read.intake.keys)
        if on_taken is not None and system in take:
            on_taken(system, read.taken, read.changed)
        if progress:
            progress(system, len(read.intake.keys))

    sizes = records_in(connected)
    if sum(sizes.values()) < PARALLEL_FROM:
        for system, adapter in connected.items():
            merge(system, read_system(adapter, take.get(system)))
        return intake
    # spawn, not fork: the workers start small instead of sharing this process's memory
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=get_context("spawn")) as pool:
        # the biggest systems first, so that the workers finish at about the same time
        futures = {system: pool.submit(read_system, connected[system], take.get(system))
                   for system in sorted(connected, key=lambda s: -sizes[s])}
        for system in connected:
            merge(system, futures.pop(system).result())
    return intake


def bridge(session: Session, adapters: dict[str, Any], *, progress: Callable[[str, int], None] | None = None,
           intake: Intake | None = None, report: BridgeReport | None = None) -> BridgeReport:
    """Resolve every mention not bridged yet into persons, and sync the ones the live
    systems changed since. ``intake`` (with its ``report``): mentions already read."""
    report = report or BridgeReport()
    if intake is None:
        intake = collect(adapters, report, progress)
    systems = sorted(set(intake.census))
    # The stored JSON text, compared with the mention's: equal text is equal data, and
    # only the rest is parsed and compared as data.
    known: dict[str, tuple[str, str]] = {key: (src_id, text) for key, src_id, text in session.execute(
        select(SourceRecord.key, SourceRecord.id, cast(SourceRecord.data, Text))
        .where(SourceRecord.system.in_(systems)))} if systems else {}
    fresh: list[int] = []
    changed: list[tuple[str, dict]] = []
    for i, key in enumerate(intake.keys):
        seen = known.get(key)
        if seen is None:
            fresh.append(i)
        elif seen[1] != intake.data[i]:
            data = json.loads(intake.data[i])
            if json.loads(seen[1]) != data:
                changed.append((seen[0], data))
    report.already = len(intake.keys) - len(fresh)
    del known
    if changed:
        report.updated = sync_changed(session, changed)
        session.commit()
    if not fresh:
        return report
    held = session.scalar(select(func.count()).select_from(SourceRecord)) or 0
    together = held > 0 and len(fresh) * WITH_HELD_FROM >= held
    if together:
        # every mention read, in the order a first run reads them, then what else MiPS holds
        held_rows, person_of = _held(session, set(intake.keys))
        rows = pd.concat([intake.frame(None), held_rows], ignore_index=True)
        del held_rows
    else:
        rows = intake.frame(None if len(fresh) == len(intake.keys) else fresh)
    intake.columns = {c: [] for c in COLUMNS}  # the features live in the frame now
    frame, _ = from_columns(rows)
    del rows
    clusters = resolve_frame(frame).clusters
    del frame
    grouped: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for i in fresh:
        key = intake.keys[i]
        grouped[clusters[key]].append((intake.systems[i], key, intake.data[i]))
    if together:
        # each cluster joins the person already holding most of its records, if any
        held_in: dict[str, Counter] = defaultdict(Counter)
        for source_id, person_id in person_of.items():
            held_in[clusters[source_id]][person_id] += 1
        del person_of
        new = []
        for cluster_id, sources in grouped.items():
            there = held_in.get(cluster_id)
            if there:
                person_id = min(there, key=lambda pid: (-there[pid], pid))
                _join(session, person_id, sources, "resolved with the records it already holds", report)
            else:
                new.append(sources)
        session.commit()
    else:
        new = list(grouped.values())
    del clusters, grouped
    if held and not together:
        # A few new mentions against many persons already held (recorded in MiPS, or
        # bridged before): each new cluster is resolved against them one at a time.
        new = [sources for sources in new if not _joins_existing(session, sources, report)]
        session.commit()
    report.loaded = bulk.load(session, _in_id_order(new), actor="legacy-bridge",
                              batch_size=LOAD_BATCH, workers=LOAD_WORKERS if len(new) >= PARALLEL_FROM else 0)
    report.persons = len(new)
    return report


def _in_id_order(clusters: list[list[tuple[str, str, str]]]) -> list[bulk.PersonSources]:
    """New persons with new ids, in the order of their ids, their sources' ids ascending
    too, so that a bulk load appends to the id indexes (see :mod:`core.persons.bulk`)."""
    person_ids = sorted(new_id() for _ in clusters)
    source_ids = iter(sorted(new_id() for _ in range(sum(map(len, clusters)))))
    return [(pid, [(system, key, data, next(source_ids)) for system, key, data in sources])
            for pid, sources in zip(person_ids, clusters)]


def _held(session: Session, read: set[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The person of every source record MiPS holds, by mention key for the mentions just
    ``read`` and by source id for the rest (records made in MiPS, systems not read now),
    and those others as rows for batch resolution under their source ids."""
    rows, person_of = [], {}
    for source_id, key, person_id in session.execute(select(SourceRecord.id, SourceRecord.key, SourceRecord.person_id)):
        if key in read:
            person_of[key] = person_id
        else:
            person_of[source_id] = person_id
            rows.append(source_id)
    if rows:
        wanted = set(rows)
        rows = [_csv_row(Mention(source_id, "", json.loads(text))) for source_id, text in session.execute(
            select(SourceRecord.id, cast(SourceRecord.data, Text))) if source_id in wanted]
    return pd.DataFrame(rows, columns=list(COLUMNS)), person_of


def _join(session: Session, person_id: str, sources: list[tuple[str, str, str]], reason: str,
          report: BridgeReport) -> None:
    """New mentions become source records of a person MiPS already holds."""
    person = session.get(Person, person_id)
    for system, key, text in sources:
        session.add(SourceRecord(id=new_id(), person_id=person.id, system=system, key=key, data=json.loads(text),
                                 received_by="legacy-bridge"))
    person.version += 1
    session.flush()
    persons.rebuild(session, person)
    record(session, "combination", "person", person.id, actor="legacy-bridge",
           details={"joined": [key for _, key, _ in sources], "reason": reason})
    report.joined += 1


def _joins_existing(session: Session, sources: list[tuple[str, str, str]], report: BridgeReport) -> bool:
    incoming = [json.loads(text) for _, _, text in sources]
    matches = persons.best_matches(session, to_record("incoming", incoming))
    if not matches or matches[0][1].outcome != "match":
        return False
    _join(session, matches[0][0], sources, matches[0][1].reason, report)
    return True


SYNC_CHUNK = 1000  # changed source records read per statement


def sync_changed(session: Session, changed: list[tuple[str, dict]]) -> int:
    """Give changed mentions their new data and rebuild the persons they belong to, a
    chunk at a time (a new reading of a system's format can change every mention)."""
    touched: set[str] = set()
    for start in range(0, len(changed), SYNC_CHUNK):
        new_data = dict(changed[start:start + SYNC_CHUNK])
        for src in session.scalars(select(SourceRecord).where(SourceRecord.id.in_(list(new_data)))):
            before, data = src.data, new_data[src.id]
            src.data = data
            touched.add(src.person_id)
            record(session, "alteration", "source_record", src.id, actor="legacy-sync",
                   details={"system": src.system, "key": src.key, "person": src.person_id,
                            "changed": sorted(k for k in set(before) | set(data) if before.get(k) != data.get(k)),
                            "before": Personal(before, (src.person_id,))})
        session.flush()
    ids = sorted(touched)
    for start in range(0, len(ids), SYNC_CHUNK):
        for person in session.scalars(select(Person).where(Person.id.in_(ids[start:start + SYNC_CHUNK]))):
            person.version += 1
    persons.rebuild_many(session, ids)
    return len(changed)
