"""History from a system custody replaces (``mips_ingest`` of kind ``custody.detention``).

The adapter (``adapters/nspis``) reads NSPIS and maps each row into the published
``custody.detention`` v1 document; custody validates it with its own schema
(``schemas.DetentionHistoryIn``) and never reads NSPIS's columns. Each document becomes
a detention with its custody number kept, linked to the person the bridge resolved the
detainee to, with the entries the old system knew (arrival and, when released, the
release and outcome) marked as migrated. Idempotent by source: a rerun returns the
detention already made.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.kit import Author, UnitOfWork, ingest
from plugins.custody.journal import JOURNAL
from plugins.custody.models import CLOSED, OPEN, Detention
from plugins.custody.schemas import INGEST_KINDS


def take(uow: UnitOfWork, kind: str, document: dict[str, Any], source: dict[str, Any]) -> str:
    found = ingest.already_taken(uow, Detention, source)
    if found:
        return found
    doc = ingest.validate(INGEST_KINDS[kind](), document)
    system = source["system"]
    author = Author(f"migration:{system}", system)
    person_id = ingest.person_of_mention(uow, doc["detainee"]["mention"], doc["detainee"]["record"])
    released = doc["released_at"]
    still_open = released is None and uow.session.scalar(
        select(Detention.id).where(Detention.person_id == person_id, Detention.state == OPEN)) is None
    det = Detention(custody_no=doc["custody_no"], suite=doc["suite"], person_id=person_id,
                    state=OPEN if still_open else CLOSED, arrest_at=doc["arrival_at"], arrival_at=doc["arrival_at"],
                    offences=doc["offences"], decision="authorised", authorised_at=doc["arrival_at"],
                    authorised_by=doc["system_title"], outcome=doc["outcome"], released_at=released,
                    source_system=system, source_key=source["key"], created_by=author.username, entry_count=0, version=1)
    uow.session.add(det)
    uow.session.flush()
    JOURNAL.append(uow, det, author, "arrival", doc["arrival_at"], text=f"Migrated from {doc['system_title']} {source['key']}",
                   data={system: doc["original"]}, audited=False)
    if released is not None:
        JOURNAL.append(uow, det, author, "release", released, data={"outcome": doc["outcome"]}, audited=False)
    det.version = 1  # history taken in, not changed since
    return det.id
