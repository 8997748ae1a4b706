"""NSPIS history into custody records (``mips_ingest`` of kind ``custody.custody_records``).

Each NSPIS custody record becomes a detention with its custody number kept, linked to the
one person the bridge resolved its detainee to, with the entries NSPIS knew (arrival and,
when released, the release and outcome) marked as migrated. Idempotent by source: a rerun
returns the detention already made. NSPIS times are local (Europe/London) without zone.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.entities import persons
from core.entities.models import SourceRecord
from core.timeutil import LONDON
from plugins.custody.models import CLOSED, OPEN, CustodyEntry, Detention
from plugins.custody.numbers import SUITE_PATTERN

KIND = "custody.custody_records"
OUTCOMES = {"CHARGED": "charged", "BAILED": "bailed", "RUI": "released_under_investigation",
            "NFA": "no_further_action", "TRANSFERRED": "transferred"}
MIGRATION_ACTOR = "migration:nspis"


def _local(text: str | None) -> datetime | None:
    if not text or not str(text).strip():
        return None
    return datetime.strptime(str(text).strip(), "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def ingest(session: Session, document: dict[str, Any], source: dict[str, Any]) -> str:
    system, key = source["system"], source["key"]
    existing = session.scalar(select(Detention.id).where(Detention.source_system == system, Detention.source_key == key))
    if existing:
        return existing
    row = document["row"]
    arrival = _local(row.get("arrival_time"))
    if arrival is None:
        raise ValueError("no arrival time")
    released = _local(row.get("release_time"))
    suite = str(row.get("suite") or "").upper()
    if not SUITE_PATTERN.match(suite):
        raise ValueError(f"unreadable suite {suite!r}")
    person_id = _person(session, system, key, row)
    still_open = released is None and session.scalar(
        select(Detention.id).where(Detention.person_id == person_id, Detention.state == OPEN)) is None
    offences = [{"wording": w.strip(), "code": "", "indictable": False} for w in str(row.get("offences") or "").split(";") if w.strip()]
    outcome = OUTCOMES.get(str(row.get("outcome") or "").strip().upper(), (row.get("outcome") or "").strip().lower() or None)
    det = Detention(custody_no=row.get("custody_no") or key, suite=suite, person_id=person_id,
                    state=OPEN if still_open else CLOSED, arrest_at=arrival, arrival_at=arrival, offences=offences,
                    decision="authorised", authorised_at=arrival, authorised_by="NSPIS", outcome=outcome,
                    released_at=released, source_system=system, source_key=key, created_by=MIGRATION_ACTOR,
                    entry_count=0, version=1)
    session.add(det)
    session.flush()
    entries = [("arrival", arrival, f"Migrated from NSPIS {key}", {"nspis": row})]
    if released is not None:
        entries.append(("release", released, "", {"outcome": outcome}))
    for seq, (kind, at, text, data) in enumerate(entries, start=1):
        session.add(CustodyEntry(detention_id=det.id, seq=seq, kind=kind, at=at, by=MIGRATION_ACTOR, by_role="nspis",
                                 text=text, data=data))
    det.entry_count = len(entries)
    session.flush()
    return det.id


def _person(session: Session, system: str, key: str, row: dict[str, Any]) -> str:
    """The person the bridge resolved the detainee to; if the bridge rejected the mention
    (an unreadable date of birth), the detainee is resolved here without it, so no
    custody record is left without its person."""
    mention_key = f"{system}:{key}:detainee"
    person_id = session.scalar(select(SourceRecord.person_id).where(SourceRecord.system == system,
                                                                    SourceRecord.key == mention_key))
    if person_id:
        return persons.surviving_id(session, person_id)
    data = {"names": [{"given": str(row.get("detainee_forenames") or "").title(),
                       "family": str(row.get("detainee_surname") or "").title(), "kind": "primary"}],
            "identifiers": [{"kind": k, "value": row[k]} for k in ("pnc_id", "cro_number") if row.get(k)]}
    return persons.create(session, data, system=system, key=mention_key).person.id
