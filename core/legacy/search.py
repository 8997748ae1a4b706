"""Unified search reaches the live legacy systems: a reference typed into the one search
box (a crime reference, a custody number, a URN, a warrant number) is looked up in the
system that owns it, for as long as that system is live.

Registered by the plugin host as a built-in plugin (``core.legacy``), so the REST search
and the web search both get these hits through ``mips_search`` like any module's. Each
hit names its source system; the persons the record mentions are reachable from it.
"""
from __future__ import annotations

import logging
from typing import Any

from core import hookimpl
from core.legacy.connections import url_for
from core.legacy.describe import describe, kind_of
from core.current import current_kernel

log = logging.getLogger(__name__)
MAX_TOKENS = 5


def _tokens(query: Any) -> list[str]:
    others = list(getattr(query, "others", []) or [])
    text = getattr(query, "text", None) if not isinstance(query, str) else query
    if not others and text:
        others = text.split()
    return [t.strip().upper() for t in others if t and t.strip()][:MAX_TOKENS]


def _allowed(user: Any) -> bool:
    kernel = current_kernel()
    return bool(user) and kernel.access.allowed(user.username, "core", "persons", "read")


def hits_for(query: Any, user: Any) -> list[dict[str, Any]]:
    from core.db import session
    from core.legacy.records import live_systems, lookup

    tokens = _tokens(query)
    kernel = current_kernel()
    adapters = {s: a for s, a in kernel.plugins.adapters().items()
                if url_for(s) and any(a.reference_pattern and a.reference_pattern.match(t) for t in tokens)}
    if not adapters or not _allowed(user):
        return []
    hits = []
    for system in sorted(live_systems(session(), adapters)):
        adapter = adapters[system]
        for token in tokens:
            record = lookup(adapter, token)
            if record is None:
                continue
            described = describe(adapter, record)
            hits.append({"type": kind_of(adapter), "id": f"{system}:{record.key}", "title": described["summary"],
                         "summary": f"live record in {adapter.title}", "score": 1.0, "source": system,
                         "why": ["reference"]})
    return hits


@hookimpl
def mips_search(query: Any, user: Any) -> list[dict[str, Any]]:
    try:
        return hits_for(query, user)
    except RuntimeError:  # outside an application context there is nothing to search
        return []
