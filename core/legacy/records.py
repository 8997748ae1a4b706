"""A person's records in the still-live legacy systems, read live through the adapters.

A bridged person's source records are the legacy mentions, kept under their mention
keys (``system:reference#n:role``). The reference names the legacy record; while the
system is live (or being migrated) the record is fetched from the system itself through
the adapter's ``lookup``, so the person view shows what the legacy system says now, not a
copy. A system that is not connected, or a reference the adapter cannot find, still
shows as an item (with the date MiPS received it), so nothing about the person is hidden
by an outage. Once the system is migrated its records are shown from the documents MiPS
holds (:mod:`core.legacy.held`) wherever the replacing module does not show them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.legacy import held
from core.legacy.connections import engine_for
from core.legacy.describe import describe
from core.legacy.held import held_systems
from core.legacy.models import LegacySystem
from core.legacy.protocol import LegacyRecord
from core.persons.mentions import parse_mention_key

log = logging.getLogger(__name__)

# The states in which the legacy system is still where officers' records live.
LIVE_STATES = ("live", "migrating")


@dataclass
class LegacyItem:
    system: str
    reference: str
    role: str | None
    at: datetime | None
    summary: str
    found: bool = True
    held: bool = False  # from the document MiPS holds of a migrated system, not read live
    note: str = ""      # why a held copy is shown
    mention_keys: list[str] = field(default_factory=list)


def live_systems(session: Session, adapters: dict[str, Any]) -> set[str]:
    """Systems whose lifecycle state keeps them the source of truth (unknown = live)."""
    states = dict(session.execute(select(LegacySystem.system, LegacySystem.state)).all())
    return {s for s in adapters if states.get(s, "live") in LIVE_STATES}


def lookup(adapter: Any, reference: str) -> LegacyRecord | None:
    """The legacy record behind a reference, read from the live system (None if unreachable)."""
    engine = engine_for(adapter.system)
    if engine is None:
        return None
    try:
        with engine.connect() as conn:
            return adapter.lookup(conn, reference)
    except Exception:  # an unreachable legacy system must not break the page
        log.warning("legacy lookup %s %s failed", adapter.system, reference, exc_info=True)
        return None


def person_items(session: Session, adapters: dict[str, Any], sources: list[Any], *,
                 modules_on: set[str] | frozenset[str] = frozenset(),
                 shown: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset(),
                 as_held: set[str] | frozenset[str] = frozenset()) -> list[LegacyItem]:
    """One item per legacy record that mentions the person, from their source records: read
    live from a live system, from the held document for a migrated one, unless the
    replacing module (on for the viewer: ``modules_on``) already shows it (``shown``:
    ``(module, reference or record id)`` of the module's timeline the viewer sees).
    ``as_held``: systems read from their held documents whatever their state (how the
    reconciliation report checks a system being migrated, as it will be shown)."""
    live = live_systems(session, adapters) - set(as_held)
    kept = held_systems(session, set(adapters) - live) | set(as_held)
    wanted: dict[tuple[str, str], LegacyItem] = {}
    for src in sources:
        if src.system not in live and src.system not in kept:
            continue
        parsed = parse_mention_key(src.system, src.key)
        reference, role = parsed if parsed else (src.key, (src.data or {}).get("role"))
        item = wanted.get((src.system, reference))
        if item is None:
            item = wanted[(src.system, reference)] = LegacyItem(
                src.system, reference, role or (src.data or {}).get("role"), src.received_at,
                f"{getattr(adapters[src.system], 'title', src.system)} {reference}", found=False,
                held=src.system in kept)
        item.mention_keys.append(src.key)
    for (system, reference), item in wanted.items():
        if item.held:
            continue
        record = lookup(adapters[system], reference)
        if record is not None:
            described = describe(adapters[system], record)
            item.at = described.get("at") or item.at
            item.summary = described.get("summary") or item.summary
            item.found = True
    _from_held(session, adapters, wanted, modules_on, shown)
    return sorted(wanted.values(), key=lambda i: (i.system, i.reference))


def _from_held(session: Session, adapters: dict[str, Any], wanted: dict[tuple[str, str], LegacyItem],
               modules_on: set[str] | frozenset[str], shown: set[tuple[str, str]] | frozenset[tuple[str, str]]) -> None:
    """Fill the items of migrated systems from the held documents; drop those the module shows."""
    by_system: dict[str, list[str]] = {}
    for (system, reference), item in wanted.items():
        if item.held:
            by_system.setdefault(system, []).append(reference)
    for system, references in by_system.items():
        adapter = adapters[system]
        found = held.records(session, system, references)
        module = adapter.replaced_by
        for reference in references:
            record = found.get(reference) or found.get(reference.strip().upper())
            if record is None:  # mentioned but never taken: still shown, by its reference
                wanted[(system, reference)].note = f"{adapter.title} was migrated but MiPS holds no copy of this record"
                continue
            if record.status == "ingested" and module in modules_on and (
                    (module, record.key) in shown or (module, str(record.module_record_id)) in shown):
                del wanted[(system, reference)]
                continue
            item = wanted[(system, reference)]
            described = held.summary(adapter, record)
            item.at = described.get("at") or item.at
            item.summary = described.get("summary") or item.summary
            item.found, item.note = True, held.note(adapter, record, module in modules_on)


def persons_mentioned(session: Session, system: str, reference: str) -> list[tuple[str, str | None]]:
    """``(person_id, role)`` of everyone a legacy record mentions, from the bridged mentions."""
    from sqlalchemy import or_

    from core.persons.models import SourceRecord

    prefix = f"{system}:{reference}"
    rows = session.execute(select(SourceRecord.person_id, SourceRecord.key).where(
        SourceRecord.system == system,
        or_(SourceRecord.key == prefix, SourceRecord.key.like(f"{prefix}#%"), SourceRecord.key.like(f"{prefix}:%"))))
    out: dict[str, str | None] = {}
    for person_id, key in rows:
        parsed = parse_mention_key(system, key)
        if parsed and parsed[0] == reference:
            out.setdefault(person_id, parsed[1])
    return list(out.items())
