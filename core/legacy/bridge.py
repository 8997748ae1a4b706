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

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.audit.log import record
from core.entities import bulk, persons
from core.entities.models import Person, SourceRecord, new_id
from core.entities.person_data import to_record
from core.legacy.connections import engine_for
from core.legacy.protocol import Mention, Rejection
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


def _csv_row(m: Mention) -> dict[str, Any]:
    """A mention in the shape batch resolution reads."""
    name = m.person["names"][0]
    dob = next((d for d in m.person.get("dobs", []) if len(d) == 10), None)
    address = (m.person.get("addresses") or [{}])[0]
    row = {"record_id": m.mention_key, "given_name": name.get("given") or None, "family_name": name.get("family") or None,
           "dob": dob, "sex": m.person.get("sex"), "postcode": address.get("postcode"),
           "address": ", ".join(address.get("lines", [])) or None}
    for ident in m.person.get("identifiers", []):
        if ident["kind"] in IDENTIFIERS:
            row[ident["kind"]] = ident["value"]
    return row


def collect(adapters: dict[str, Any], report: BridgeReport, progress: Callable[[str, int], None] | None = None):
    mentions: list[tuple[str, Mention]] = []
    for system, adapter in sorted(adapters.items()):
        engine = engine_for(system)
        if engine is None:
            report.not_connected.append(system)
            continue
        count = 0
        with engine.connect() as conn:
            for legacy in adapter.extract(conn):
                for item in adapter.mentions(legacy):
                    if isinstance(item, Rejection):
                        report.rejected.append((item.mention_key, item.reason))
                    else:
                        mentions.append((system, item))
                        count += 1
                if progress:
                    progress(system, count)
        report.mentions[system] = count
    return mentions


def bridge(session: Session, adapters: dict[str, Any], *, progress: Callable[[str, int], None] | None = None) -> BridgeReport:
    report = BridgeReport()
    mentions = collect(adapters, report, progress)
    systems = sorted({s for s, _ in mentions})
    known: dict[str, tuple[str, dict]] = {key: (src_id, data) for key, src_id, data in session.execute(
        select(SourceRecord.key, SourceRecord.id, SourceRecord.data).where(SourceRecord.system.in_(systems)))} if systems else {}
    fresh = [(s, m) for s, m in mentions if m.mention_key not in known]
    report.already = len(mentions) - len(fresh)
    changed = [(known[m.mention_key][0], m.person | {"role": m.role}) for _, m in mentions
               if m.mention_key in known and known[m.mention_key][1] != m.person | {"role": m.role}]
    del known
    if changed:
        report.updated = sync_changed(session, changed)
        session.commit()
    if not fresh:
        return report
    frame, _ = from_columns(pd.DataFrame([_csv_row(m) for _, m in fresh]))
    clusters = resolve_frame(frame).clusters
    grouped: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for system, m in fresh:
        grouped[clusters[m.mention_key]].append((system, m.mention_key, m.person | {"role": m.role}))
    new = list(grouped.values())
    if session.scalar(select(func.count()).select_from(Person)):
        # Persons already known (recorded in MiPS, or bridged before): each new cluster is
        # resolved against them too, and joins the person it matches.
        new = [sources for sources in new if not _joins_existing(session, sources, report)]
        session.commit()
    report.loaded = bulk.load(session, ((new_id(), sources) for sources in new), actor="legacy-bridge")
    report.persons = len(new)
    return report


def _joins_existing(session: Session, sources: list[tuple[str, str, dict]], report: BridgeReport) -> bool:
    matches = persons.best_matches(session, to_record("incoming", [data for _, _, data in sources]))
    if not matches or matches[0][1].outcome != "match":
        return False
    person = session.get(Person, matches[0][0])
    for system, key, data in sources:
        session.add(SourceRecord(id=new_id(), person_id=person.id, system=system, key=key, data=data,
                                 received_by="legacy-bridge"))
    person.version += 1
    session.flush()
    persons.rebuild(session, person)
    record(session, "combination", "person", person.id, actor="legacy-bridge",
           details={"joined": [key for _, key, _ in sources], "reason": matches[0][1].reason})
    report.joined += 1
    return True


def sync_changed(session: Session, changed: list[tuple[str, dict]]) -> int:
    """Give changed mentions their new data and rebuild the persons they belong to."""
    touched: set[str] = set()
    for source_id, data in changed:
        src = session.get(SourceRecord, source_id)
        before = src.data
        src.data = data
        touched.add(src.person_id)
        record(session, "alteration", "source_record", src.id, actor="legacy-sync",
               details={"system": src.system, "key": src.key, "person": src.person_id,
                        "changed": sorted(k for k in set(before) | set(data) if before.get(k) != data.get(k)),
                        "before": before})
    session.flush()
    for person_id in touched:
        person = session.get(Person, person_id)
        person.version += 1
        persons.rebuild(session, person)
    return len(changed)
