"""The one-person view: everything MiPS and the live legacy systems know about a person.

Assembled here once, for the REST API (``GET /api/v1/persons/<id>/view``) and the
officer web page alike, so both show the same thing under the same rights and audit:

- warning markers first (officer safety), with the modules' own warnings (an outstanding
  warrant) beside them;
- the derived person: names and aliases, dates of birth, identifiers, addresses;
- vehicles, places and associates (recorded links, and persons named in the same
  legacy record);
- one timeline, newest first, of every enabled module's ``mips_person_profile``
  timeline and every live legacy system's records of the person (read live through the
  adapters) or, for a migrated system, the records MiPS holds of it that the replacing
  module does not show the viewer (marked as held), plus what was recorded in MiPS
  itself; each item names its source;
- the module sections as the modules return them;
- a link chart two hops out.

The caller checks the right to read persons and the restriction (see
:func:`core.views.record.lookup`) and audits the consultation; nothing here writes.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.legacy import records as legacy_records
from core.legacy import rights
from core.persons import service as persons
from core.persons.models import Person
from core.persons.person_links import chart, describe_person_links
from core.persons.survivorship import derive

log = logging.getLogger(__name__)


def _allowed(kernel: Any, principal: Any, obj: str, act: str = "read") -> bool:
    return kernel.access.allowed(principal.username, "core", obj, act)


def module_sections(kernel: Any, principal: Any, person_id: str) -> list[dict[str, Any]]:
    """Each module enabled for the caller's unit answers for its part; a failing module is left out."""
    try:
        sections = kernel.hook("mips_person_profile", principal.unit)(person_id=person_id, user=principal)
    except Exception:
        log.exception("a module's mips_person_profile failed for person %s", person_id)
        return []
    return [s for s in sections if isinstance(s, dict)]


def _module_timeline(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    items = []
    for section in sections:
        for entry in section.get("timeline") or []:
            if isinstance(entry, dict) and isinstance(entry.get("at"), datetime):
                items.append({"at": entry["at"], "summary": str(entry.get("summary", "")), "ref": str(entry.get("ref", "")),
                              "source": section.get("module", ""), "source_kind": "module", "role": entry.get("role"),
                              "url": entry.get("url")})
    return items


def _shown(sections: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """``(module, reference)`` of every timeline entry the modules show the viewer: a
    migrated legacy record the module shows is not shown a second time from the held copy."""
    return {(str(section.get("module", "")), str(entry.get("ref", ""))) for section in sections
            for entry in section.get("timeline") or [] if isinstance(entry, dict)}


def answering(systems: set[str]) -> set[str]:
    """The legacy systems among ``systems`` that answer at all (a trivial query).

    An item the adapter could not fetch has two very different causes: the system is down,
    or it is up and holds no record under that reference (the demo's persons were keyed
    ``v/1001``, which no CRIS holds, so every one of their CRIS items read "did not
    answer" while CRIS answered for everyone else). The page must say which."""
    from sqlalchemy import text

    from core.legacy.connections import engine_for

    up = set()
    for system in systems:
        engine = engine_for(system)
        if engine is None:
            continue
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            up.add(system)
        except Exception:  # an unreachable legacy system must not break the page
            log.warning("legacy system %s does not answer", system, exc_info=True)
    return up


def _legacy_timeline(items: list[legacy_records.LegacyItem]) -> list[dict[str, Any]]:
    up = answering({i.system for i in items if not i.found})
    return [{"at": i.at, "summary": i.summary, "ref": i.reference, "source": i.system, "source_kind": "legacy",
             "role": i.role, "url": None, "found": i.found, "held": i.held, "note": i.note,
             "answered": i.found or i.held or i.system in up} for i in items]


def _core_timeline(person: Person, sources: list[Any], legacy_systems: set[str]) -> list[dict[str, Any]]:
    items = [{"at": s.received_at, "summary": "Details recorded in MiPS" + (f" by {s.received_by}" if s.received_by else ""),
              "ref": s.key, "source": "mips", "source_kind": "core", "role": (s.data or {}).get("role"), "url": None}
             for s in sources if s.system not in legacy_systems]
    items += [{"at": m.created_at, "summary": f"Warning marker: {m.marker}" + (f" ({m.detail})" if m.detail else ""),
               "ref": m.id, "source": m.source_system or "mips", "source_kind": "core", "role": None, "url": None}
              for m in person.markers]
    return items


def module_warnings(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The warnings the modules raise about the person (``section["warnings"]``: an
    outstanding warrant...), shown with the warning markers to anyone who opens the person."""
    return [{"module": str(section.get("module", "")), "text": str(w.get("text", "")), "ref": str(w.get("ref", "")),
             "url": w.get("url")}
            for section in sections for w in section.get("warnings") or [] if isinstance(w, dict) and w.get("text")]


def _sort_key(item: dict[str, Any]) -> tuple:
    at = item.get("at")
    return (at is not None, at.timestamp() if at else 0.0)


def assemble(session: Session, kernel: Any, principal: Any, person: Person) -> dict[str, Any]:
    """The whole view of ``person`` as ``principal`` may see it."""
    restricted_ok = _allowed(kernel, principal, "persons_restricted")
    sources = persons.sources_of(session, person.id)
    adapters = kernel.plugins.adapters()
    readable = rights.readable(kernel, principal, adapters)
    sections = module_sections(kernel, principal, person.id)
    legacy_items = legacy_records.person_items(session, readable, sources, modules_on=kernel.enabled_for(principal.unit),
                                               shown=_shown(sections))
    hidden = frozenset(set(adapters) - set(readable))
    links = describe_person_links(session, person.id, restricted_ok, hidden)
    timeline = _module_timeline(sections) + _legacy_timeline(legacy_items) + _core_timeline(person, sources, set(adapters))
    timeline.sort(key=_sort_key, reverse=True)
    by_system: dict[str, int] = {}
    for src in sources:  # a system whose records the viewer may not read is not even named
        if src.system not in adapters or src.system in readable:
            by_system[src.system] = by_system.get(src.system, 0) + 1
    return {
        "id": person.id,
        "version": person.version,
        "restriction": person.restriction,
        "markers": [{"id": m.id, "marker": m.marker, "detail": m.detail, "source_system": m.source_system,
                     "created_at": m.created_at, "created_by": m.created_by} for m in person.markers],
        "warnings": module_warnings(sections),
        **derive(sources),
        **links,
        "timeline": timeline,
        "sections": [{"module": s.get("module", ""), "title": s.get("title", ""), "items": list(s.get("items") or [])}
                     for s in sections],
        "sources": [{"system": system, "records": count, "legacy": system in adapters,
                     "live": system in adapters and any(i.system == system for i in legacy_items)}
                    for system, count in sorted(by_system.items())],
        "legacy_records": [{"system": i.system, "reference": i.reference, "role": i.role, "found": i.found,
                            "held": i.held, "note": i.note}
                           for i in legacy_items],
        "chart": chart(session, person.id, restricted_ok, hidden_systems=hidden),
    }
