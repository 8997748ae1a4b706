"""A legacy system's life: live -> migrating -> migrated -> retired, with nothing lost.

Migrating a system first bridges every connected system's people (so each mention is
resolved against all of them, idempotently), then takes in each of the system's records
as a document for the replacing module, in committed batches: a killed run resumes where
it stopped and a rerun takes nothing twice. Documents are ingested through
``mips_ingest`` when the module is on, and otherwise wait. The reconciliation report
accounts for every legacy record and every mention; retiring is refused unless the
replacing module is on force-wide and the report leaves nothing unaccounted.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.audit.log import current_actor, record
from core.entities.models import SourceRecord
from core.errors import Conflict, DomainError, NotFound
from core.legacy.bridge import bridge
from core.legacy.connections import engine_for
from core.legacy.models import LegacyRecord, LegacySystem
from core.legacy.protocol import Mention, Rejection
from core.timeutil import utcnow

BATCH = 2000


def state_of(session: Session, system: str) -> LegacySystem:
    row = session.get(LegacySystem, system)
    if row is None:
        row = LegacySystem(system=system, state="live")
        session.add(row)
        session.flush()
    return row


def adapter_for(kernel, system: str):
    adapter = kernel.plugins.adapters().get(system)
    if adapter is None:
        raise NotFound("unknown_system", f"No legacy system {system!r}")
    if engine_for(system) is None:
        raise DomainError("not_connected", f"{system} is not connected: set MIPS_LEGACY_DIR or MIPS_LEGACY_{system.upper()}_URL")
    return adapter


def migrate(session: Session, kernel, system: str, *, progress: Callable[[int, int], None] | None = None) -> dict:
    adapter = adapter_for(kernel, system)
    row = state_of(session, system)
    if row.state in ("migrated", "retired"):
        raise Conflict("already_migrated", f"{system} is already {row.state}")
    row.state, row.updated_at, row.updated_by, row.error = "migrating", utcnow(), current_actor(), ""
    record(session, "alteration", "legacy_system", system, details={"state": "migrating"})
    session.commit()
    bridge(session, kernel.plugins.adapters())
    taken = set(session.scalars(select(LegacyRecord.key).where(LegacyRecord.system == system)))
    ingest = kernel.hook("mips_ingest", anywhere=True)
    engine = engine_for(system)
    with engine.connect() as conn:
        table = adapter.table(conn, adapter.main_table)
        row.total = conn.scalar(select(func.count()).select_from(table)) or 0
        row.done = len(taken)
        session.commit()
        batch: list[LegacyRecord] = []
        for legacy in adapter.extract(conn):
            if legacy.key in taken:
                continue
            batch.append(_take(adapter, legacy, ingest))
            if len(batch) >= BATCH:
                _commit_batch(session, row, batch, progress)
                batch = []
        _commit_batch(session, row, batch, progress)
    report = reconcile(session, kernel, system)
    row.report, row.state, row.updated_at = report, "migrated", utcnow()
    record(session, "alteration", "legacy_system", system, details={"state": "migrated", "unaccounted": report["unaccounted"]})
    session.commit()
    return report


def _take(adapter, legacy, ingest) -> LegacyRecord:
    try:
        kind, document = adapter.document(legacy)
    except Exception as exc:  # a malformed row never stops the run
        return LegacyRecord(system=adapter.system, key=legacy.key, kind="", document={}, status="rejected",
                            reason=f"unreadable record: {exc}")
    taken = LegacyRecord(system=adapter.system, key=legacy.key, kind=kind, document=document)
    from core.db import session as unit_of_work

    try:
        with unit_of_work().begin_nested():  # a record the module refuses leaves nothing half-written
            results = [r for r in ingest(kind=kind, document=document, source={"system": adapter.system, "key": legacy.key}) if r]
    except Exception as exc:  # a malformed row never stops the run
        taken.status, taken.reason = "rejected", f"refused by the {adapter.replaced_by} module: {exc}"
        return taken
    if results:
        taken.status, taken.module_record_id = "ingested", str(results[0])
    return taken


def ingest_waiting(session: Session, kernel, system: str) -> dict[str, int]:
    """Give the records that waited for the module (it was off during migration) to it now."""
    adapter = adapter_for(kernel, system)
    ingest = kernel.hook("mips_ingest", anywhere=True)
    counts = {"ingested": 0, "rejected": 0, "waiting": 0}
    ids = list(session.scalars(select(LegacyRecord.id).where(LegacyRecord.system == system,
                                                             LegacyRecord.status == "waiting").order_by(LegacyRecord.id)))
    for start in range(0, len(ids), BATCH):
        for taken in session.scalars(select(LegacyRecord).where(LegacyRecord.id.in_(ids[start:start + BATCH]))):
            try:
                with session.begin_nested():
                    results = [r for r in ingest(kind=taken.kind, document=taken.document,
                                                 source={"system": system, "key": taken.key}) if r]
            except Exception as exc:
                taken.status, taken.reason = "rejected", f"refused by the {adapter.replaced_by} module: {exc}"
                counts["rejected"] += 1
                continue
            if results:
                taken.status, taken.module_record_id = "ingested", str(results[0])
                counts["ingested"] += 1
            else:
                counts["waiting"] += 1
        record(session, "collection", "legacy_records", system, details={"ingested_waiting": counts})
        session.commit()
    return counts


def _commit_batch(session: Session, row: LegacySystem, batch: list[LegacyRecord], progress) -> None:
    if batch:
        session.add_all(batch)
        row.done += len(batch)
        record(session, "collection", "legacy_records", row.system, details={"records": len(batch), "done": row.done})
        session.commit()
    if progress:
        progress(row.done, row.total)


def reconcile(session: Session, kernel, system: str) -> dict[str, Any]:
    """Every legacy record and mention of the system, accounted for."""
    adapter = adapter_for(kernel, system)
    rejected_mentions: dict[str, str] = {}
    mention_keys: list[str] = []
    records = 0
    with engine_for(system).connect() as conn:
        for legacy in adapter.extract(conn):
            records += 1
            for item in adapter.mentions(legacy):
                if isinstance(item, Rejection):
                    rejected_mentions[item.mention_key] = item.reason
                elif isinstance(item, Mention):
                    mention_keys.append(item.mention_key)
    by_status = dict(session.execute(select(LegacyRecord.status, func.count()).where(LegacyRecord.system == system)
                                     .group_by(LegacyRecord.status)).all())
    rejected_records = {k: r for k, r in session.execute(select(LegacyRecord.key, LegacyRecord.reason)
                                                         .where(LegacyRecord.system == system,
                                                                LegacyRecord.status == "rejected"))}
    persons = dict(session.execute(select(SourceRecord.key, SourceRecord.person_id).where(SourceRecord.system == system)).all())
    shared = set(session.scalars(select(SourceRecord.person_id).where(SourceRecord.person_id.in_(set(persons.values())),
                                                                      SourceRecord.system != system)))
    migrated = sum(1 for k in mention_keys if k in persons and persons[k] not in shared)
    merged = sum(1 for k in mention_keys if k in persons and persons[k] in shared)
    missing_mentions = [k for k in mention_keys if k not in persons]
    accounted_records = sum(by_status.values())
    return {
        "system": system,
        "records": {"in_source": records, "ingested": by_status.get("ingested", 0),
                    "waiting_for_module": by_status.get("waiting", 0), "rejected": by_status.get("rejected", 0),
                    "rejections": rejected_records},
        "mentions": {"in_source": len(mention_keys) + len(rejected_mentions), "migrated": migrated,
                     "merged_into_existing_person": merged, "rejected": len(rejected_mentions),
                     "rejections": rejected_mentions},
        "unaccounted": (records - accounted_records) + len(missing_mentions),
        "unaccounted_mentions": missing_mentions[:100],
    }


def retire(session: Session, kernel, system: str) -> LegacySystem:
    adapter = adapter_for(kernel, system)
    row = state_of(session, system)
    if row.state != "migrated":
        raise Conflict("not_migrated", f"{system} is {row.state}: migrate it first")
    rollout = kernel.rollout(adapter.replaced_by)
    if not (rollout.enabled and not rollout.units):
        raise Conflict("module_not_force_wide",
                       f"{system} can only be retired once the {adapter.replaced_by} module is on force-wide")
    report = reconcile(session, kernel, system)
    if report["unaccounted"]:
        raise Conflict("unaccounted", f"{report['unaccounted']} {system} records or mentions are unaccounted for",
                       {"unaccounted_mentions": report["unaccounted_mentions"]})
    row.report, row.state, row.updated_at, row.updated_by = report, "retired", utcnow(), current_actor()
    record(session, "alteration", "legacy_system", system, details={"state": "retired"})
    return row
