"""A legacy system's life: live -> migrating -> migrated -> retired, with nothing lost.

Migrating bridges every connected system's people (so each mention is resolved against
all of them, idempotently) and takes in each of the system's records as a document for
the replacing module, in committed batches: a killed run resumes where it stopped and a
rerun takes nothing twice. Several systems migrate together (``mips legacy migrate
--all``) with one read of each legacy database: while no module is on, the documents are
taken in the read that gathers the mentions (they only wait); when one is, they are
handed to it through ``mips_ingest`` after the bridge, so that it finds the persons they
name. The reconciliation report accounts for every legacy record and every mention of
that read; retiring is refused unless the replacing module is on force-wide and a fresh
report leaves nothing unaccounted and no record waiting for the module.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.audit.log import current_actor, record
from core.legacy.bridge import BridgeReport, Census, bridge, changed_row, collect, document_row, fingerprint, records_in
from core.legacy.connections import engine_for
from core.legacy.findable import sample as sample_findable
from core.legacy.handover import refuse_unless_taken
from core.legacy.models import LegacyRecord, LegacySystem
from core.legacy.protocol import Mention, Rejection
from core.persons import bulk
from core.persons.models import SourceRecord
from core.platform.errors import Conflict, DomainError, NotFound
from core.platform.timeutil import utcnow

BATCH = 2000


def state_of(session: Session, system: str) -> LegacySystem:
    row = session.get(LegacySystem, system)
    if row is None:
        row = LegacySystem(system=system, state="live")
        session.add(row)
        session.flush()
    return row


def refuse_if_retired(row: LegacySystem) -> None:
    """A live system migrates, a migrated one still in use catches up; a retired one gives nothing more."""
    if row.state == "retired":
        raise Conflict("retired", f"{row.system} is retired: nothing more is taken from it")


def adapter_for(kernel, system: str):
    adapter = kernel.plugins.adapters().get(system)
    if adapter is None:
        raise NotFound("unknown_system", f"No legacy system {system!r}")
    if engine_for(system) is None:
        raise DomainError("not_connected", f"{system} is not connected: set MIPS_LEGACY_DIR or MIPS_LEGACY_{system.upper()}_URL")
    return adapter


def migrate(session: Session, kernel, system: str, *, progress: Callable[[int, int], None] | None = None) -> dict:
    report = migrate_many(session, kernel, [system],
                          progress=(lambda _s, done, total: progress(done, total)) if progress else None)
    return report[system]


def migrate_many(session: Session, kernel, systems: list[str], *,
                 progress: Callable[[str, int, int], None] | None = None) -> dict[str, dict]:
    """Migrate several systems in four stages, with one read of each connected system and
    one bridge: **begin** (refuse what no module takes or what is retired; mark each
    system migrating), **read and resolve** (one streaming read of every system gathers
    the mentions for the bridge, which resolves every person), **hand over** (each
    record's document goes to the module that declares its kind, or waits for it), and
    **reconcile** (every legacy record accounted for, sampled back through search).

    When no module is on to take documents (``mips_ingest``), each record's document is
    taken in the same read that gathers the mentions for the bridge; otherwise they are
    taken after the bridge, so a module finds the persons its records name. The counts
    of that read are what each reconciliation report accounts for.

    A system already migrated is still in use until it is retired: running it again is
    the catch-up, which takes the records added since and takes again the ones changed
    since (found by comparing each document's fingerprint with what was taken), as the
    bridge does for the persons they mention.
    """
    adapters, rows, taken = _begin(session, kernel, systems)
    early = not kernel.ingest_kinds()
    intake = _read_and_resolve(session, kernel, rows, taken if early else None, progress)
    if not early:
        _hand_over_all(session, kernel, adapters, rows, taken, progress)
    return _reconcile(session, kernel, rows, intake)


def _begin(session: Session, kernel, systems: list[str]) -> tuple[dict, dict[str, LegacySystem], dict]:
    """Stage 1: refuse what cannot be migrated, mark each system migrating, and note what
    was taken before (with fingerprints, for a catch-up)."""
    adapters = {system: adapter_for(kernel, system) for system in systems}
    for adapter in adapters.values():
        refuse_unless_taken(kernel, adapter)
    rows = {system: state_of(session, system) for system in systems}
    for row in rows.values():
        refuse_if_retired(row)
    taken: dict[str, dict[str, str | None]] = {}
    for system, row in rows.items():
        catching_up = row.state == "migrated"
        row.state, row.updated_at, row.updated_by, row.error = "migrating", utcnow(), current_actor(), ""
        record(session, "alteration", "legacy_system", system, details={"state": "migrating", "catch_up": catching_up})
        taken[system] = _taken(session, system, with_fingerprints=catching_up)
        row.total = records_in({system: adapters[system]})[system]
        row.done = len(taken[system])
    session.commit()
    return adapters, rows, taken


def _read_and_resolve(session: Session, kernel, rows: dict[str, LegacySystem], take: dict | None, progress):
    """Stage 2: one read of every connected system for the bridge, which resolves every
    person mentioned; documents are taken in the same read when no module is on."""

    def taken_now(system: str, documents: list[dict], changed: list[dict]) -> None:
        for start in range(0, len(documents), BATCH):
            _commit_batch(session, rows[system], documents[start:start + BATCH], _progress_of(progress, system))
        _commit_batch(session, rows[system], [], _progress_of(progress, system))
        _retake(session, system, changed, None)

    report = BridgeReport()
    intake = collect(kernel.plugins.adapters(), report, take=take, on_taken=taken_now)
    bridge(session, kernel.plugins.adapters(), intake=intake, report=report)
    return intake


def _hand_over_all(session: Session, kernel, adapters: dict, rows: dict[str, LegacySystem], taken: dict,
                   progress) -> None:
    """Stage 3: each record's document to the module that declares its kind (after the
    bridge, so the module finds the persons its records name)."""
    for system in rows:
        _take_all(session, adapters[system], rows[system], taken[system], kernel.ingest, _progress_of(progress, system))


def _reconcile(session: Session, kernel, rows: dict[str, LegacySystem], intake) -> dict[str, dict]:
    """Stage 4: the reconciliation report of each system, stored; the system is migrated."""
    reports = {}
    for system, row in rows.items():
        reports[system] = result = reconcile(session, kernel, system, census=intake.census[system])
        row.report, row.state, row.updated_at = result, "migrated", utcnow()
        record(session, "alteration", "legacy_system", system,
               details={"state": "migrated", "unaccounted": result["unaccounted"]})
        session.commit()
    return reports


def _taken(session: Session, system: str, with_fingerprints: bool) -> dict[str, str | None]:
    """The keys of the system's records taken before; with their documents' fingerprints
    for a catch-up, which looks for the changed ones."""
    if not with_fingerprints:
        return dict.fromkeys(session.scalars(select(LegacyRecord.key).where(LegacyRecord.system == system)))
    rows = session.execute(select(LegacyRecord.key, LegacyRecord.document).where(LegacyRecord.system == system))
    return {key: fingerprint(document) for key, document in rows}


def _progress_of(progress, system: str):
    return (lambda done, total: progress(system, done, total)) if progress else None


def _take_all(session: Session, adapter, row: LegacySystem, taken: dict[str, str | None], ingest, progress) -> None:
    """Take every record not taken yet, each handed to the module that is on, and take
    again the ones changed since they were taken (a catch-up)."""
    changed = []
    with engine_for(adapter.system).connect() as conn:
        batch: list[dict] = []
        for legacy in adapter.extract(conn):
            if legacy.key in taken:
                if taken[legacy.key] is not None and (fresh := changed_row(adapter, legacy, taken[legacy.key], as_text=False)):
                    changed.append(fresh)
                continue
            batch.append(_take(session, adapter, legacy, ingest))
            if len(batch) >= BATCH:
                _commit_batch(session, row, batch, progress)
                batch = []
        _commit_batch(session, row, batch, progress)
    _retake(session, adapter.system, changed, (ingest, adapter))


def _retake(session: Session, system: str, changed: list[dict[str, Any]], hand_over: tuple | None) -> None:
    """Take again the records the live system changed after they were taken, so what MiPS
    keeps of it is its last state. A record still waiting (or rejected before) takes the
    new document, and is handed to the module when one is on (``hand_over``: the hook and
    the adapter). One a module already made its own is not handed over again: the
    module's record stands, and the reconciliation report lists it as changed after
    ingest, for a person to compare."""
    for start in range(0, len(changed), BATCH):
        fresh = {row["key"]: row for row in changed[start:start + BATCH]}
        now = utcnow()
        for held in session.scalars(select(LegacyRecord).where(LegacyRecord.system == system,
                                                               LegacyRecord.key.in_(fresh))):
            row = fresh[held.key]
            document = json.loads(row["document"]) if isinstance(row["document"], str) else row["document"]
            held.kind, held.document, held.updated_at = row["kind"], document, now
            if held.status == "ingested":
                continue
            held.status, held.reason = row["status"], row["reason"]
            if hand_over is not None and row["status"] == "waiting":
                ingest, adapter = hand_over
                held.status, held.reason, held.module_record_id = _hand_over(
                    session, ingest, adapter, held.kind, document, held.key)
        record(session, "alteration", "legacy_records", system, details={"retaken": sorted(fresh)})
        session.commit()


def _take(session: Session, adapter, legacy, ingest) -> dict[str, Any]:
    """A record as a row of ``core_legacy_records``, handed to the module that is on."""
    taken = document_row(adapter, legacy, as_text=False)
    if taken["status"] == "rejected":
        return taken
    taken["status"], taken["reason"], taken["module_record_id"] = _hand_over(
        session, ingest, adapter, taken["kind"], taken["document"], legacy.key)
    return taken


def _hand_over(session: Session, ingest, adapter, kind: str, document: dict, key: str) -> tuple[str, str, str | None]:
    """Give one document to the module that is on: ``(status, reason, module record id)``.
    In a savepoint, so a record the module refuses leaves nothing half-written and never
    stops the run."""
    kind, document = adapter.upgrade_document(kind, key, document)
    try:
        with session.begin_nested():
            result = ingest(kind=kind, document=document, source={"system": adapter.system, "key": key})
    except Exception as exc:
        return "rejected", f"refused by the {adapter.replaced_by} module: {_reason(exc)}", None
    return ("ingested", "", str(result)) if result else ("waiting", "", None)


def _reason(exc: Exception) -> str:
    """Why a module refused a document, with the fields its schema named."""
    errors = getattr(exc, "errors", None)
    return f"{exc}: {errors['fields']}" if isinstance(errors, dict) and errors.get("fields") else str(exc)


def ingest_waiting(session: Session, kernel, system: str) -> dict[str, int]:
    """Give the records that waited for the module (it was off during migration) to it now."""
    adapter = adapter_for(kernel, system)
    ingest = kernel.ingest
    counts = {"ingested": 0, "rejected": 0, "waiting": 0}
    ids = list(session.scalars(select(LegacyRecord.id).where(LegacyRecord.system == system,
                                                             LegacyRecord.status == "waiting").order_by(LegacyRecord.id)))
    for start in range(0, len(ids), BATCH):
        for taken in session.scalars(select(LegacyRecord).where(LegacyRecord.id.in_(ids[start:start + BATCH]))):
            status, reason, module_record_id = _hand_over(session, ingest, adapter, taken.kind, taken.document, taken.key)
            counts[status] += 1
            if status != "waiting":
                taken.status, taken.reason, taken.module_record_id = status, reason, module_record_id
        record(session, "collection", "legacy_records", system, details={"ingested_waiting": counts})
        session.commit()
    return counts


RECORD_COLUMNS = ("system", "key", "kind", "document", "status", "reason", "module_record_id", "taken_at")


def _commit_batch(session: Session, row: LegacySystem, batch: list[dict], progress) -> None:
    """Insert a batch of taken records (documents as dicts or as JSON text) with its audit entry, and commit."""
    if batch:
        table = LegacyRecord.__table__
        stamp = bulk.bound(table, "taken_at", utcnow(), session.get_bind().dialect)
        bulk.insert_rows(session.connection(), table, RECORD_COLUMNS,
                         [(t["system"], t["key"], t["kind"],
                           t["document"] if isinstance(t["document"], str) else json.dumps(t["document"]),
                           t["status"], t["reason"], t["module_record_id"], stamp) for t in batch])
        row.done += len(batch)
        record(session, "collection", "legacy_records", row.system, details={"records": len(batch), "done": row.done})
        session.commit()
    if progress:
        progress(row.done, row.total)


def census_of(adapter, conn) -> Census:
    """A fresh read of a system: its records, mentions and rejected mentions."""
    census = Census()
    for legacy in adapter.extract(conn):
        census.records += 1
        for item in adapter.mentions(legacy):
            if isinstance(item, Rejection):
                census.rejected[item.mention_key] = item.reason
            elif isinstance(item, Mention):
                census.mention_keys.append(item.mention_key)
    return census


def reconcile(session: Session, kernel, system: str, census: Census | None = None) -> dict[str, Any]:
    """Every legacy record and mention of the system, accounted for: against ``census``
    (what a migration's read held), or against a fresh read of the system; and a sample
    of the records held looked for again through search and the person view
    (:mod:`core.legacy.findable`), since a record nobody can find is not accounted for."""
    adapter = adapter_for(kernel, system)
    if census is None:
        with engine_for(system).connect() as conn:
            census = census_of(adapter, conn)
    records, mention_keys, rejected_mentions = census.records, census.mention_keys, census.rejected
    by_status = dict(session.execute(select(LegacyRecord.status, func.count()).where(LegacyRecord.system == system)
                                     .group_by(LegacyRecord.status)).all())
    rejected_records = {k: r for k, r in session.execute(select(LegacyRecord.key, LegacyRecord.reason)
                                                         .where(LegacyRecord.system == system,
                                                                LegacyRecord.status == "rejected"))}
    retaken = dict(session.execute(select(LegacyRecord.key, LegacyRecord.status).where(
        LegacyRecord.system == system, LegacyRecord.updated_at.is_not(None))).all())
    persons = dict(session.execute(select(SourceRecord.key, SourceRecord.person_id).where(SourceRecord.system == system)).all())
    # persons of this system's mentions who also have a source in another system
    mine = select(SourceRecord.person_id).where(SourceRecord.system == system)
    shared = set(session.scalars(select(SourceRecord.person_id).distinct()
                                 .where(SourceRecord.person_id.in_(mine), SourceRecord.system != system)))
    migrated = sum(1 for k in mention_keys if k in persons and persons[k] not in shared)
    merged = sum(1 for k in mention_keys if k in persons and persons[k] in shared)
    missing_mentions = [k for k in mention_keys if k not in persons]
    accounted_records = sum(by_status.values())
    findable = sample_findable(session, kernel, system)
    return {
        "system": system,
        "replaced_by": adapter.replaced_by,
        "records": {"in_source": records, "ingested": by_status.get("ingested", 0),
                    "waiting_for_module": by_status.get("waiting", 0), "rejected": by_status.get("rejected", 0),
                    "rejections": rejected_records, "changed_since_taken": len(retaken),
                    # the module's record stands; a person compares it with the legacy one
                    "changed_after_ingest": sorted(k for k, status in retaken.items() if status == "ingested")[:100]},
        "mentions": {"in_source": len(mention_keys) + len(rejected_mentions), "migrated": migrated,
                     "merged_into_existing_person": merged, "rejected": len(rejected_mentions),
                     "rejections": rejected_mentions},
        # "accounted for" means findable: sampled records not found again are unaccounted for
        "findable": findable,
        "unaccounted": (records - accounted_records) + len(missing_mentions) + len(findable["not_found"]),
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
                       {"unaccounted_mentions": report["unaccounted_mentions"],
                        "not_found_again": report["findable"]["not_found"]})
    waiting = report["records"]["waiting_for_module"]
    if waiting:
        # held only as documents no module has made its own: switching the live system off
        # now would leave them readable nowhere but in MiPS's copy
        raise Conflict("waiting_for_module",
                       f"{waiting} {system} records still wait for the {adapter.replaced_by} module to take them: "
                       f"run `mips legacy ingest {system}` once it takes them, then retire",
                       {"waiting_for_module": waiting})
    row.report, row.state, row.updated_at, row.updated_by = report, "retired", utcnow(), current_actor()
    record(session, "alteration", "legacy_system", system, details={"state": "retired"})
    return row
