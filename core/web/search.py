"""Search once: one box for names (misspelt, nicknamed, either order), dates of birth,
registrations, postcodes, custody numbers and crime or case references.

The query goes to :func:`core.search.service.search`, the service behind
``GET /api/v1/search``, so the page finds exactly what the API finds, under the same
rights (restricted persons neither shown nor counted). Results are grouped by type and
each says where it comes from: MiPS and the systems its records came from, a module, or
a still-live legacy system. The persons shown (those a legacy record mentions included) and
the legacy records shown are audited as consulted with the purpose the officer gives.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, g, render_template, request
from sqlalchemy import select

from core.audit.log import meaningful_purpose, record_consultations
from core.audit.personal import Personal
from core.identity.access import requires
from core.legacy import rights as legacy_rights
from core.legacy.records import persons_mentioned
from core.persons.models import SourceRecord
from core.persons.person_links import names_of, visible_persons
from core.platform.current import current_kernel
from core.platform.db import session
from core.search import service
from core.search.query import BadQuery, parse
from core.web import person_cards
from core.web import session as web_session
from core.web.filters import dob

bp = Blueprint("web_search", __name__)

PER_GROUP = 25
GROUP_TITLES = {"person": "People", "object": "Vehicles and property", "location": "Places"}


def _systems_of(person_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    if person_ids:
        rows = session().execute(select(SourceRecord.person_id, SourceRecord.system).where(
            SourceRecord.person_id.in_(person_ids)).distinct().order_by(SourceRecord.system))
        for pid, system in rows:
            found[pid].append(system)
    return found


def _mentioned(hit: dict[str, Any], restricted_ok: bool) -> list[dict[str, str]]:
    system, _, reference = str(hit["id"]).partition(":")
    pairs = persons_mentioned(session(), system, reference)
    shown = visible_persons(session(), {pid for pid, _ in pairs}, restricted_ok)
    names = names_of(session(), sorted(shown))
    return [{"id": pid, "name": names.get(pid, ""), "role": role or ""} for pid, role in pairs if pid in shown]


def group(hits: list[dict[str, Any]], kernel: Any) -> list[dict[str, Any]]:
    """Hits by type, persons first, each group at most PER_GROUP long."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for hit in hits:
        groups[hit["type"]].append(hit)
    order = ["person", "object", "location"] + sorted(t for t in groups if t not in GROUP_TITLES)
    adapters = kernel.plugins.adapters()
    restricted_ok = kernel.access.allowed(g.principal.username, "core", "persons_restricted", "read")
    out = []
    for kind in order:
        if not groups.get(kind):
            continue
        items = groups[kind][:PER_GROUP]
        for hit in items:
            if kind == "person" and str(hit.get("summary", "")).startswith("born "):
                hit["summary"] = "born " + dob(hit["summary"][5:])
            hit["legacy"] = hit["source"] in adapters
            if hit["legacy"]:
                hit["mentions"] = _mentioned(hit, restricted_ok)
        out.append({"type": kind, "title": GROUP_TITLES.get(kind, kind[:1].upper() + kind[1:]),
                    "total": len(groups[kind]), "hits": items})
    return out


@bp.get("/search")
@requires("search", "read", "core")
def search():
    """The search page; with ``q`` it also shows the results."""
    kernel = current_kernel()
    text = request.args.get("q", "").strip()[:500]
    purpose = meaningful_purpose(request.args.get("purpose"))
    ctx: dict[str, Any] = {"q": text, "purpose": purpose, "groups": [], "errors": {}, "searched": False}
    if "q" not in request.args:
        ctx["purpose"] = web_session.purpose()  # offered again, not assumed: a new search says why itself
        return render_template("web/search.html", **ctx)
    if not text:
        ctx["errors"]["q"] = "Enter a name, date of birth, registration, postcode or reference"
    if not purpose:
        ctx["errors"]["purpose"] = "Enter why you are searching, for example a CAD or crime reference"
    query = None
    if text:
        try:
            query = parse(text)
        except BadQuery as exc:
            ctx["errors"]["q"] = str(exc)
    if ctx["errors"]:
        return render_template("web/search.html", **ctx), 400
    hits = service.search(session(), kernel, g.principal, query)
    ctx["groups"] = group(hits, kernel)
    ctx["searched"] = True
    people = next((grp["hits"] for grp in ctx["groups"] if grp["type"] == "person"), [])
    hidden = set(kernel.plugins.adapters()) - set(legacy_rights.readable(kernel, g.principal, kernel.plugins.adapters()))
    ctx["systems"] = {pid: [s for s in systems if s not in hidden]
                      for pid, systems in _systems_of([h["id"] for h in people]).items()}
    ctx["cards"] = person_cards.cards(session(), [h["id"] for h in people])
    ctx["adapters"] = {s: a.title for s, a in kernel.plugins.adapters().items()}
    details = {"search": Personal(text, tuple(h["id"] for h in people)), "via": "web"}
    legacy = [h for grp in ctx["groups"] for h in grp["hits"] if h.get("legacy")]
    mentioned = [m["id"] for h in legacy for m in h.get("mentions", [])]
    groups = [("person", [h["id"] for h in people] + mentioned, details)]
    if legacy:
        groups.append(("legacy_record", [str(h["id"]) for h in legacy], details))
    record_consultations(groups, justification=purpose)
    # the purpose goes on to the records the results lead to, and no further
    web_session.remember_purpose(purpose, [h["id"] for h in people] + mentioned
                                 + [str(h["id"]) for grp in ctx["groups"] for h in grp["hits"] if grp["type"] != "person"])
    return render_template("web/search.html", **ctx)
