"""A person's records in the still-live legacy systems, read live through the adapters.

A bridged person's source records are the legacy mentions, kept under their mention
keys (``system:reference#n:role``). The reference names the legacy record; while the
system is live (or being migrated) the record is fetched from the system itself through
the adapter's ``lookup``, so the person view shows what the legacy system says now, not a
copy. A system that is not connected, or a reference the adapter cannot find, still
shows as an item (with the date MiPS received it), so nothing about the person is hidden
by an outage.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.legacy.connections import engine_for
from core.legacy.describe import describe
from core.legacy.models import LegacySystem
from core.legacy.protocol import LegacyRecord

log = logging.getLogger(__name__)

# The states in which the legacy system is still where officers' records live.
LIVE_STATES = ("live", "migrating")
_MENTION = re.compile(r"^(?P<system>[a-z0-9_-]+):(?P<ref>[^#:]+)(?:#\d+)?(?::(?P<role>[a-z_]+))?$")


@dataclass
class LegacyItem:
    system: str
    reference: str
    role: str | None
    at: datetime | None
    summary: str
    found: bool = True
    mention_keys: list[str] = field(default_factory=list)


def parse_mention_key(system: str, key: str) -> tuple[str, str | None] | None:
    """``(reference, role)`` from a mention key of ``system``, or None if it is not one."""
    m = _MENTION.match(key or "")
    if not m or m.group("system") != system:
        return None
    return m.group("ref"), m.group("role")


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


def person_items(session: Session, adapters: dict[str, Any], sources: list[Any]) -> list[LegacyItem]:
    """One item per legacy record that mentions the person, from their source records."""
    live = live_systems(session, adapters)
    wanted: dict[tuple[str, str], LegacyItem] = {}
    for src in sources:
        if src.system not in live:
            continue
        parsed = parse_mention_key(src.system, src.key)
        reference, role = parsed if parsed else (src.key, (src.data or {}).get("role"))
        item = wanted.get((src.system, reference))
        if item is None:
            item = wanted[(src.system, reference)] = LegacyItem(
                src.system, reference, role or (src.data or {}).get("role"), src.received_at,
                f"{getattr(adapters[src.system], 'title', src.system)} {reference}", found=False)
        item.mention_keys.append(src.key)
    for (system, reference), item in wanted.items():
        record = lookup(adapters[system], reference)
        if record is not None:
            described = describe(adapters[system], record)
            item.at = described.get("at") or item.at
            item.summary = described.get("summary") or item.summary
            item.found = True
    return sorted(wanted.values(), key=lambda i: (i.system, i.reference))


def persons_mentioned(session: Session, system: str, reference: str) -> list[tuple[str, str | None]]:
    """``(person_id, role)`` of everyone a legacy record mentions, from the bridged mentions."""
    from sqlalchemy import or_

    from core.entities.models import SourceRecord

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
