"""Information management pages (``/retention/``): the reviews due, overdue first, with
the report of overdue reviews per MoPI group, and a person's review with the decision form.

The same services as ``/api/v1/retention`` (:mod:`core.retention.service`): the same
rules and refusals with their citations, the same audit entries. The queue shows ids,
groups and dates only; the reviewer opens the person (with a purpose) to see what is held.
"""
from __future__ import annotations

from datetime import datetime, time, timezone

from flask import Blueprint, g, redirect, render_template, request, session as cookie, url_for
from sqlalchemy import select

from core.identity.access import requires
from core.platform.db import commit, session
from core.platform.errors import DomainError
from core.platform.timeutil import LONDON, utcnow
from core.retention import rules as mopi
from core.retention import service
from core.retention.models import RetentionDecision

bp = Blueprint("web_retention", __name__, url_prefix="/retention")
PAGE = 100


@bp.get("/")
@requires("retention", "read", "core")
def queue():
    """Reviews due, most overdue first, by group and unit; the overdue report per group."""
    group = request.args.get("group", "")
    unit = request.args.get("unit", "").strip()[:80]
    errors = {}
    if group and group not in mopi.rules()["groups"]:
        errors["group"] = "Choose group 1, 2 or 3"
    due = [] if errors else service.due(session(), unit=unit, group=int(group) if group else None, limit=PAGE)
    return render_template("web/retention/queue.html", due=due, report=service.overdue_by_group(session()),
                           groups=mopi.rules()["groups"], args={"group": group, "unit": unit}, errors=errors,
                           done=cookie.pop("flash_done", "")), 400 if errors else 200


def _person_page(person_id: str, status: int = 200, errors: dict | None = None, form: dict | None = None):
    row = service.schedule_of(session(), person_id)
    decisions = list(session().scalars(select(RetentionDecision).where(RetentionDecision.person_id == person_id)
                                       .order_by(RetentionDecision.id)))
    return render_template("web/retention/person.html", s=row, group=mopi.group(row.group), decisions=decisions,
                           errors=errors or {}, form=form or {}), status


@bp.get("/persons/<person_id>")
@requires("retention", "read", "core")
def person(person_id: str):
    """A person's review: group, last contact, next review, holds, the decisions taken."""
    return _person_page(person_id)


@bp.post("/persons/<person_id>")
@requires("retention", "decide", "core")
def decide(person_id: str):
    """Keep (reason and next review date) or dispose (reason), as the API does."""
    form = {k: request.form.get(k, "").strip() for k in ("decision", "reason", "next_review")}
    errors = {}
    if form["decision"] not in ("keep", "dispose"):
        errors["decision"] = "Choose keep or dispose"
    next_review = None
    if form["decision"] == "keep":
        try:
            day = datetime.strptime(form["next_review"], "%Y-%m-%d").date()
            next_review = datetime.combine(day, time(9), tzinfo=LONDON).astimezone(timezone.utc)
        except ValueError:
            errors["next_review"] = "Enter the next review date as YYYY-MM-DD"
    if not errors:
        try:
            made = service.decide(session(), person_id, form["decision"], form["reason"], g.principal.username,
                                  next_review_at=next_review)
        except DomainError as refused:
            session().rollback()
            cite = (refused.errors or {}).get("cite")
            errors["reason" if refused.code == "reason_required" else "decision"] = (
                refused.message + (f" ({cite})" if cite else ""))
        else:
            commit()
            cookie["flash_done"] = (f"Kept until {made.next_review_at.astimezone(LONDON):%d %B %Y}" if made.decision == "keep"
                                    else f"Disposal decided: erased after {made.execute_after.astimezone(LONDON):%d %B %Y} "
                                         "unless cancelled")
            return redirect(url_for("web_retention.queue"))
    return _person_page(person_id, 400, errors, form)
