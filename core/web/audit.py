"""The audit view for auditors: who looked at (or changed) this person, and when.

It reads the hash-chained audit trail with the filters of ``GET /api/v1/audit`` (actor,
action, entity, time), under the same right (``audit:read``), and, like the API, records
that the audit trail itself was consulted.
"""
from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, render_template, request
from sqlalchemy import select

from core.access import requires
from core.audit.log import ACTIONS, record_consultation
from core.audit.models import AuditEntry
from core.db import session
from core.timeutil import LONDON

bp = Blueprint("web_audit", __name__)

PAGE = 100
FILTERS = ("actor", "action", "entity_type", "entity_id")


def _day(text: str, errors: dict, name: str):
    if not text:
        return None
    try:
        return datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time.min, tzinfo=LONDON)
    except ValueError:
        errors[name] = "Enter a date as YYYY-MM-DD, for example 2026-03-01"
        return None


@bp.get("/audit")
@requires("audit", "read", "core")
def audit():
    """Audit entries, newest first; filter by person (entity), user, action and day."""
    args = {name: request.args.get(name, "").strip()[:120] for name in FILTERS + ("since", "until")}
    errors: dict[str, str] = {}
    if args["action"] and args["action"] not in ACTIONS:
        errors["action"] = f"Choose one of: {', '.join(ACTIONS)}"
    since, until = _day(args["since"], errors, "since"), _day(args["until"], errors, "until")
    entries = []
    if not errors:
        stmt = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(PAGE)
        for name in FILTERS:
            if args[name]:
                stmt = stmt.where(getattr(AuditEntry, name) == args[name])
        if since:
            stmt = stmt.where(AuditEntry.at >= since)
        if until:
            stmt = stmt.where(AuditEntry.at < until.replace(hour=23, minute=59, second=59))
        entries = list(session().scalars(stmt))
        record_consultation("audit_log", "query", details={k: v for k, v in args.items() if v} | {"via": "web"})
    return render_template("web/audit.html", args=args, entries=entries, errors=errors, actions=ACTIONS, page=PAGE), \
        400 if errors else 200
