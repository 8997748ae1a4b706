"""The audit view for auditors: find the person, then see who looked at (or changed) them,
when and why; filter by officer and dates; take the result away as CSV.

It reads the hash-chained audit trail under the same right as ``GET /api/v1/audit``
(``audit:read``) and, like the API, records that the trail itself was consulted (the CSV
export too, with the filter that made it). Entries show names (the officer's, the
person's surviving name), not only internal ids.
"""
from __future__ import annotations

from datetime import datetime, time
from typing import Any

from flask import Blueprint, Response, g, render_template, request, url_for

from core.audit import csv_export, queries
from core.audit.log import ACTIONS, record_consultation
from core.identity import directory
from core.identity.access import requires
from core.persons.person_links import visible_persons
from core.persons.survivorship import surviving_names
from core.platform.current import current_kernel
from core.platform.db import session
from core.platform.timeutil import LONDON
from core.web import audit_find

bp = Blueprint("web_audit", __name__)

PAGE = 100
CSV_LIMIT = 50_000
FIELDS = ("officer", "action", "entity_type", "entity_id", "since", "until")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def _day(text: str, errors: dict, name: str) -> datetime | None:
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.combine(datetime.strptime(text, fmt).date(), time.min, tzinfo=LONDON)
        except ValueError:
            continue
    errors[name] = f"Enter the {'first' if name == 'since' else 'last'} day as DD/MM/YYYY, for example 01/03/2026"
    return None


def _filter(args: dict[str, str], errors: dict[str, str]) -> queries.AuditFilter:
    """The filter the form asks for; problems go to ``errors`` by field."""
    if args["action"] and args["action"] not in ACTIONS:
        errors["action"] = f"Choose one of: {', '.join(ACTIONS)}"
    since, until = _day(args["since"], errors, "since"), _day(args["until"], errors, "until")
    if since and until and until < since:
        errors["until"] = "The last day must be the same as or after the first day"
    actors = directory.officers_matching(session(), args["officer"]) if args["officer"] else None
    return queries.AuditFilter(actors=actors, action=args["action"], entity_type=args["entity_type"],
                               entity_id=args["entity_id"], since=since, until=queries.day_after(until) if until else None)


def _person_names(ids: set[str]) -> dict[str, str]:
    """The surviving name of each person (restricted persons only for an auditor with
    that right: the id alone otherwise)."""
    restricted = current_kernel().access.allowed(g.principal.username, "core", "persons_restricted", "read")
    return surviving_names(session(), visible_persons(session(), ids, restricted))


def _record_names(entries: list[Any]) -> dict[tuple[str, str], str]:
    """``{("person", id): name}`` for the persons the entries are about."""
    ids = {e.entity_id for e in entries if e.entity_type == "person" and e.entity_id}
    return {("person", pid): name for pid, name in _person_names(ids).items()}


def _args() -> dict[str, str]:
    args = {name: request.args.get(name, "").strip()[:120] for name in FIELDS}
    args["officer"] = args["officer"] or request.args.get("actor", "").strip()[:120]  # the old parameter's name
    return args


@bp.get("/audit")
@requires("audit", "read", "core")
def audit():
    """Audit entries, newest first; filter by person, officer, action and dates; find a person."""
    args = _args()
    errors: dict[str, str] = {}
    ctx: dict[str, Any] = {"args": args, "actions": ACTIONS, "page": PAGE, "entries": [], "officers": {}, "records": {},
                           "find": {"q": request.args.get("q", "").strip()[:200],
                                    "reason": request.args.get("reason", "").strip()[:500]}, "found": None,
                           "export_url": url_for("web_audit.export", **{k: v for k, v in args.items() if v})}
    if "q" in request.args:
        _find(ctx, errors)
    f = _filter(args, errors)
    if not errors:
        entries = list(session().scalars(queries.statement(f).limit(PAGE)))
        ctx["entries"] = entries
        ctx["officers"] = directory.officer_names(session(), {e.actor for e in entries})
        ctx["records"] = _record_names(entries)
        record_consultation("audit_log", "query", details={k: v for k, v in args.items() if v} | {"via": "web"})
    if args["entity_type"] == "person" and args["entity_id"]:
        ctx["subject"] = _person_names({args["entity_id"]}).get(args["entity_id"], "")
    return render_template("web/audit.html", errors=errors, **ctx), 400 if errors else 200


def _find(ctx: dict[str, Any], errors: dict[str, str]) -> None:
    find = ctx["find"]
    if not find["q"]:
        errors["q"] = "Enter a name, date of birth or reference"
    if not find["reason"]:
        errors["reason"] = "Enter why you are looking, for example an audit case number"
    if errors:
        return
    found, problem = audit_find.find(session(), find["q"], find["reason"])
    if problem:
        errors["q"] = problem
    ctx["found"] = found


@bp.get("/audit/export.csv")
@requires("audit", "read", "core")
def export():
    """The entries the filter asks for, as a CSV file (at most CSV_LIMIT, newest first)."""
    args = _args()
    errors: dict[str, str] = {}
    f = _filter(args, errors)
    if errors:
        return render_template("web/audit.html", errors=errors, args=args, actions=ACTIONS, page=PAGE, entries=[],
                               officers={}, records={}, find={"q": "", "reason": ""}, found=None, export_url=""), 400
    entries = list(session().scalars(queries.statement(f).limit(CSV_LIMIT)))
    officers = directory.officer_names(session(), {e.actor for e in entries})
    records = _record_names(entries)
    record_consultation("audit_log", "export", details={k: v for k, v in args.items() if v} | {"via": "web", "format": "csv",
                                                                                             "rows": len(entries)})
    body = "".join(csv_export.rows(entries, officers, records))  # built before the request's session closes
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="mips-audit.csv"', "Cache-Control": "no-store"})
