"""Finding the person an audit is about, by name, date of birth or reference.

Auditors have no right to search persons as officers do, and an audit asked by internal
person id is useless to them; this finder answers with just enough to pick the person
(name, date of birth, id) and a link to everyone who looked at them. It uses the same
person search as officers (restricted persons only for those with that right), and it
is audited like any search: one consultation per person shown, with the auditor's reason,
and one entry for the search itself even when it found nobody.
"""
from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy.orm import Session

from core.audit.log import record_consultation
from core.audit.personal import Personal
from core.persons.survivorship import surviving_names
from core.platform.current import current_kernel
from core.search import persons
from core.search.query import BadQuery, parse

MAX_SHOWN = 25


def _by_reference(session: Session, text: str) -> dict[str, str]:
    """Persons a legacy record with this reference mentions: ``{person_id: "SYSTEM reference"}``."""
    from core.legacy.records import persons_mentioned

    found: dict[str, str] = {}
    for system in sorted(current_kernel().plugins.adapters()):
        for pid, _role in persons_mentioned(session, system, text):
            found.setdefault(pid, f"{system.upper()} {text}")
    return found


def find(session: Session, text: str, reason: str) -> tuple[list[dict[str, Any]], str]:
    """``(persons, error)``: the persons ``text`` finds, each with why; audited with ``reason``."""
    kernel = current_kernel()
    restricted = kernel.access.allowed(g.principal.username, "core", "persons_restricted", "read")
    try:
        query = parse(text)
    except BadQuery as exc:
        return [], str(exc)
    hits: dict[str, dict[str, Any]] = {}
    for h in persons.search(session, query, include_restricted=restricted)[:MAX_SHOWN]:
        hits[h.person_id] = {"id": h.person_id, "dob": h.dob, "why": "; ".join(h.why)}
    if " " not in text.strip():
        from core.persons.person_links import visible_persons

        mentioned = _by_reference(session, text.strip())
        for pid in visible_persons(session, set(mentioned), restricted):
            hits.setdefault(pid, {"id": pid, "dob": None, "why": f"named in {mentioned[pid]}"})
    shown = list(hits.values())[:MAX_SHOWN]
    names = surviving_names(session, [h["id"] for h in shown])
    for h in shown:
        h["name"] = names.get(h["id"], "")
    details = {"audit_find": Personal(text, tuple(h["id"] for h in shown)), "via": "web"}
    record_consultation("audit_log", "person_find", justification=reason, details=details | {"found": len(shown)})
    if shown:
        record_consultation("person", [h["id"] for h in shown], justification=reason, details=details)
    return shown, ""
