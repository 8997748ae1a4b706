"""Unified search reaches the live legacy systems: a reference typed into the one search
box (a crime reference, a custody number, a URN, a warrant number) is looked up in the
system that owns it while that system is live, and in the documents MiPS holds of it once
it is migrated (see :mod:`core.legacy.held`), so a migration never makes a reference vanish.

Registered by the plugin host as a built-in plugin (``core.legacy``), so the REST search
and the web search both get these hits through ``mips_search`` like any module's. Each
hit names its source system; the persons the record mentions are reachable from it.
Only the systems whose records the viewer may read are searched (:mod:`core.legacy.rights`),
and the callers log the hits shown as consultations (:func:`consultations`).
"""
from __future__ import annotations

import logging
from typing import Any

from core import hookimpl
from core.legacy import held, rights
from core.legacy.connections import url_for
from core.legacy.describe import describe, kind_of
from core.legacy.held import held_systems
from core.platform.current import current_kernel

log = logging.getLogger(__name__)
MAX_TOKENS = 5


def _tokens(query: Any) -> list[str]:
    others = list(getattr(query, "others", []) or [])
    text = getattr(query, "text", None) if not isinstance(query, str) else query
    if not others and text:
        others = text.split()
    return [t.strip().upper() for t in others if t and t.strip()][:MAX_TOKENS]


def hits_for(query: Any, user: Any) -> list[dict[str, Any]]:
    from core.platform.db import session

    tokens = _tokens(query)
    kernel = current_kernel()
    adapters = {s: a for s, a in rights.readable(kernel, user, kernel.plugins.adapters()).items()
                if any(a.reference_pattern and a.reference_pattern.match(t) for t in tokens)}
    if not adapters:
        return []
    held = held_systems(session(), adapters)
    live = {s: a for s, a in adapters.items() if s not in held and url_for(s)}
    return _live_hits(live, tokens) + held_hits(session(), kernel, {s: adapters[s] for s in held}, tokens,
                                                query=query, user=user)


def _live_hits(adapters: dict[str, Any], tokens: list[str]) -> list[dict[str, Any]]:
    from core.legacy.records import lookup

    hits = []
    for system in sorted(adapters):
        adapter = adapters[system]
        for token in tokens:
            if not adapter.reference_pattern.match(token):
                continue
            record = lookup(adapter, token)
            if record is None:
                continue
            described = describe(adapter, record)
            hits.append({"type": kind_of(adapter), "id": f"{system}:{record.key}", "title": described["summary"],
                         "summary": f"live record in {adapter.title}", "score": 1.0, "source": system,
                         "why": ["reference"]})
    return hits


def held_hits(session: Any, kernel: Any, adapters: dict[str, Any], tokens: list[str], *,
              query: Any = None, user: Any = None) -> list[dict[str, Any]]:
    """Hits for the records of migrated systems, from the documents MiPS holds, except
    those the replacing module already shows this viewer (``user``; with no user, as one
    for whom no module is on: how the reconciliation report samples them)."""
    unit = getattr(user, "unit", None)
    on = kernel.enabled_for(unit) if user is not None else set()
    hits = []
    for system in sorted(adapters):
        adapter = adapters[system]
        wanted = [t for t in tokens if adapter.reference_pattern and adapter.reference_pattern.match(t)]
        found = held.records(session, system, wanted)
        module_on = adapter.replaced_by in on
        shown = _shown_by_module(kernel, adapter.replaced_by, query, user) if module_on and any(
            r.status == "ingested" for r in found.values()) else set()
        for key in sorted(found):
            record = found[key]
            if record.status == "ingested" and record.module_record_id in shown:
                continue
            hits.append({"type": kind_of(adapter), "id": f"{system}:{key}",
                         "title": held.summary(adapter, record)["summary"],
                         "summary": held.note(adapter, record, module_on), "score": 1.0, "source": system,
                         "why": ["reference", "held"]})
    return hits


def _shown_by_module(kernel: Any, module: str, query: Any, user: Any) -> set[str]:
    """Ids of the records the module itself finds for this viewer and query."""
    try:
        found = kernel.plugins.call_module(module, "mips_search", query=query, user=user) or []
    except Exception:  # a failing module must not hide the held copy
        log.warning("the %s module's search failed; held records shown instead", module, exc_info=True)
        return set()
    return {str(hit.get("id")) for hit in found if isinstance(hit, dict)}


def consultations(session: Any, hits: list[dict[str, Any]], adapters: dict[str, Any],
                  details: dict[str, Any]) -> list[tuple[str, list[str], dict[str, Any]]]:
    """What showing these search hits consults, for :func:`core.audit.log.record_consultations`:
    the legacy records among them (``system:reference``) and the persons those records
    mention, so "who looked at this person" finds a read by reference too."""
    from core.legacy.records import persons_mentioned

    refs = [str(h["id"]) for h in hits if h.get("source") in adapters]
    people: list[str] = []
    for ref in refs:
        system, _, key = ref.partition(":")
        people += [pid for pid, _ in persons_mentioned(session, system, key)]
    groups = [("legacy_record", refs, details)] if refs else []
    if people:
        groups.append(("person", people, {**details, "via_legacy": refs[:50]}))
    return groups


@hookimpl
def mips_search(query: Any, user: Any) -> list[dict[str, Any]]:
    try:
        return hits_for(query, user)
    except RuntimeError:  # outside an application context there is nothing to search
        return []
