"""Subject access (DPA 2018 s.45): everything MiPS holds about a person, for the force's
disclosure unit to review and send.

The document gathers the person as shown, every source record as received (every system,
every merged identity), warning markers, links, each installed module's records
(``mips_subject_access``) and the audit of who looked at the person, when and why. What a
module withholds under an exemption (a live investigation, intelligence under handling
conditions) is not silently dropped: it is listed under ``exempt`` with the reason and the
provision. Producing it is itself audited as a disclosure naming its recipient.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.audit.log import record
from core.audit.models import AuditEntry
from core.audit.queries import about
from core.persons.models import Link, Person, SourceRecord, WarningMarker
from core.persons.survivorship import derive
from core.platform.current import current_kernel
from core.platform.errors import NotFound
from core.platform.timeutil import utcnow
from core.retention.erasure import identities

SCHEMA = "mips.subject_access"
VERSION = 1
CITE = "Data Protection Act 2018 s.45 (right of access by the data subject); s.45(4) restrictions"


def export(session: Session, person_id: str, *, requested_by: str, recipient: str) -> dict[str, Any]:
    """The subject access document of ``person_id`` (the caller commits the audit entry)."""
    person = session.get(Person, person_id)
    if person is None or person.merged_into:
        raise NotFound("unknown_person", f"No person with id {person_id!r}")
    ids = identities(session, person_id)
    sources = list(session.scalars(select(SourceRecord).where(SourceRecord.person_id.in_(ids))
                                   .order_by(SourceRecord.received_at, SourceRecord.id)))
    shown = derive(sources)
    kernel = current_kernel()
    modules: dict[str, Any] = {}
    exempt: list[dict[str, Any]] = []
    hook = kernel.plugins.hook_installed("mips_subject_access")
    for result in hook(uow=session, person_ids=ids):
        if not result:
            continue
        modules[result["module"]] = result.get("records", [])
        exempt.extend(result.get("exempt", []))
    document = {
        "schema": SCHEMA, "version": VERSION, "cite": CITE, "person_id": person_id, "identities": ids,
        "produced_at": utcnow().isoformat(), "produced_by": requested_by, "recipient": recipient,
        "person": {k: shown.get(k) for k in ("names", "dob", "dobs", "sex", "nationality", "description", "addresses",
                                              "identifiers") if k in shown},
        "source_records": [{"system": s.system, "key": s.key, "received_at": s.received_at.isoformat(),
                            "received_by": s.received_by, "data": s.data} for s in sources],
        "warning_markers": [{"marker": m.marker, "detail": m.detail, "source_system": m.source_system,
                             "created_at": m.created_at.isoformat() if m.created_at else None}
                            for m in session.scalars(select(WarningMarker).where(WarningMarker.person_id.in_(ids)))],
        "links": [{"from": f"{link.from_type}:{link.from_id}", "to": f"{link.to_type}:{link.to_id}", "role": link.role}
                  for link in session.scalars(select(Link).where(or_(
                      (Link.from_type == "person") & Link.from_id.in_(ids), (Link.to_type == "person") & Link.to_id.in_(ids))))],
        "modules": modules,
        "who_looked": [{"at": e.at.isoformat(), "who": e.actor, "action": e.action, "why": e.justification,
                        "module": e.module}
                       for pid in ids for e in session.scalars(select(AuditEntry).where(about("person", pid))
                                                               .order_by(AuditEntry.seq))],
        "exempt": exempt,
    }
    record(session, "disclosure", "person", person_id, actor=requested_by, recipient=recipient,
           details={"subject_access": True, "source_records": len(sources),
                    "modules": {k: len(v) for k, v in modules.items()}, "exempt": len(exempt)})
    return document

