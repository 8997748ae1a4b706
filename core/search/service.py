"""Unified search: core persons, objects and locations, plus every enabled module's and
live legacy bridge's ``mips_search`` hits, ranked together; each hit names its source.

Only what the caller may see is searched at all, so hidden records are neither shown nor
counted: entity types the caller has no right to read are skipped, restricted persons are
left out for callers without that right, and modules answer for the caller's unit only.
"""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.persons.models import Location, Object
from core.persons.survivorship import surviving_names
from core.search import persons, reasons
from core.search.query import SearchQuery

log = logging.getLogger(__name__)
MAX_PER_TYPE = 200
HIT_FIELDS = ("type", "id", "title", "summary", "score", "source")


def _objects(session: Session, q: SearchQuery) -> list[dict[str, Any]]:
    if not q.vrm:
        return []
    part = q.vrm.replace("%", "").replace("_", "")
    rows = session.scalars(select(Object).where(Object.vrm.like(f"%{part}%")).order_by(Object.vrm).limit(MAX_PER_TYPE))
    return [{"type": "object", "id": o.id, "title": f"{o.vrm} {o.colour} {o.make} {o.model}".strip(),
             "summary": o.kind, "score": 1.0 if o.vrm == q.vrm else 0.7, "source": "core", "why": ["registration"]}
            for o in rows]


def _locations(session: Session, q: SearchQuery) -> list[dict[str, Any]]:
    if not q.postcode:
        return []
    rows = session.scalars(select(Location).where(Location.postcode == q.postcode).limit(MAX_PER_TYPE))
    return [{"type": "location", "id": loc.id, "title": ", ".join(loc.lines + [loc.postcode or ""]).strip(", "),
             "summary": f"UPRN {loc.uprn}" if loc.uprn else "", "score": 0.9, "source": "core", "why": ["postcode"]}
            for loc in rows]


def _module_hits(kernel, principal, q: SearchQuery) -> list[dict[str, Any]]:
    hits = []
    for batch in kernel.hook("mips_search", principal.unit)(query=q, user=principal):
        for hit in batch or []:
            if isinstance(hit, dict) and all(k in hit for k in HIT_FIELDS):
                hits.append({**{k: hit[k] for k in HIT_FIELDS}, "why": list(hit.get("why", []))})
            else:
                log.warning("a mips_search hit was malformed and left out: %r", hit)
    return hits


def _person_hits(session: Session, q: SearchQuery, restricted: bool) -> list[dict[str, Any]]:
    """Persons found, each titled by its surviving name (the name the person page shows),
    saying so when the query matched another name the person is recorded with."""
    found = persons.search(session, q, include_restricted=restricted)
    shown = surviving_names(session, [h.person_id for h in found])
    hits = []
    for h in found:
        title = shown.get(h.person_id) or h.name
        other = reasons.other_name_reason(h.name, title)
        hits.append({"type": "person", "id": h.person_id, "title": title, "summary": f"born {h.dob}" if h.dob else "",
                     "score": h.score, "source": "core", "why": h.why + ([other] if other else [])})
    return hits


def search(session: Session, kernel, principal, q: SearchQuery) -> list[dict[str, Any]]:
    def allowed(obj: str) -> bool:
        return kernel.access.allowed(principal.username, "core", obj, "read")

    hits: list[dict[str, Any]] = []
    if allowed("persons"):
        hits.extend(_person_hits(session, q, allowed("persons_restricted")))
    if allowed("objects"):
        hits.extend(_objects(session, q))
    if allowed("locations"):
        hits.extend(_locations(session, q))
    hits.extend(_module_hits(kernel, principal, q))
    return sorted(hits, key=lambda h: (-float(h["score"]), h["type"], str(h["id"])))
