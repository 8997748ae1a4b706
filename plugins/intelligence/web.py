"""The intelligence pages (``/intelligence/``): submit a report (one column, for a phone),
the evaluation queue, the sanitisation screen (original and sanitised side by side) and a
report's page with its grading explained.

The same services, schemas, rights and audit as the REST API: a form is read into the
API's input, loaded by its schema and handed to the same service; a refusal comes back on
the form with its citation, and nothing is written. What a page shows of a report is what
:mod:`plugins.intelligence.access` allows, as everywhere else.
"""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from core.kit import DomainError, current_uow, current_user, purpose_required, requires
from plugins.intelligence import grading, reading, services
from plugins.intelligence.models import SANITISED, SUBMITTED, Report
from plugins.intelligence.policies import OBJ, may
from plugins.intelligence.schemas import EvaluationIn, ReportIn

pages = Blueprint("intelligence_web", __name__, template_folder="templates")
QUEUE_SIZE = 200


def _actor() -> services.Actor:
    user = current_user()
    return services.Actor(user.username, user.unit, viewer=user)


def _fail(exc: Exception) -> str:
    if isinstance(exc, ma.ValidationError):
        return "; ".join(f"{k}: {v}" for k, v in _flat(exc.messages))
    cite = (exc.errors or {}).get("cite") if isinstance(exc, DomainError) else None
    return f"{exc.message} ({cite})" if cite else exc.message


def _flat(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(messages, dict):
        return [pair for k, v in messages.items() for pair in _flat(v, f"{prefix}{k}.")]
    return [(prefix.rstrip("."), " ".join(map(str, messages)) if isinstance(messages, list) else str(messages))]


@pages.get("/")
@requires(OBJ, "read")
def home():
    """Submit intelligence; the intelligence unit's queue."""
    return render_template("intelligence/home.html", evaluates=may(current_user(), "evaluate"))


def _report_form(form: Any) -> dict[str, Any]:
    """The submit form as the API's ``ReportIn`` document (one item; more through the API)."""
    item = {"text": form.get("item_text") or form.get("text", ""), "source_evaluation": form.get("source_evaluation", ""),
            "assessment": form.get("assessment", ""), "handling": form.get("handling", ""),
            "conditions": form.getlist("conditions"), "conditions_text": form.get("conditions_text", "")}
    subjects = []
    if form.get("given") or form.get("family"):
        person = {"names": [{"given": form.get("given", ""), "family": form.get("family", "")}],
                  "dobs": [form["dob"]] if form.get("dob") else []}
        subjects.append({"kind": "person", "person": person})
    for kind in ("vehicle", "phone", "place"):
        if form.get(kind):
            subjects.append({"kind": kind, "value": form[kind]})
    return {"source": {"type": form.get("source_type", ""), "reference": form.get("source_reference", ""),
                       "name": form.get("source_name", "")},
            "text": form.get("text", ""), "items": [item], "subjects": subjects}


@pages.route("/reports/new", methods=["GET", "POST"])
@requires(OBJ, "submit")
def submit():
    """Submit intelligence: the source, the text as given, its grading, who it is about."""
    error = None
    if request.method == "POST":
        uow = current_uow()
        try:
            data = ReportIn().load(_report_form(request.form))
            data.update(restricted=False, sanitised=False, submitted_at=None)
            report = services.submit(uow, _actor(), data)
            uow.commit()
            flash(f"{report.number}: submitted for evaluation", "success")
            return redirect(url_for("intelligence_web.home"))
        except (ma.ValidationError, DomainError) as exc:
            uow.rollback()
            error = _fail(exc)
    return render_template("intelligence/submit.html", rules=grading.grading(), values=request.form,
                           error=error), 400 if error else 200


@pages.get("/queue")
@requires(OBJ, "evaluate")
def queue():
    """Reports waiting for the intelligence unit, oldest first (report numbers only)."""
    reports = current_uow().session.scalars(select(Report).where(Report.state.in_((SUBMITTED, SANITISED)))
                                            .order_by(Report.submitted_at).limit(QUEUE_SIZE))
    return render_template("intelligence/queue.html", reports=list(reports))


@pages.get("/reports/<report_id>")
@requires(OBJ, "read")
@purpose_required("intelligence_report", id_arg="report_id", question="Why are you reading this intelligence?")
def report(report_id: str):
    """A report as the reader may see it, each grade explained with its source."""
    uow = current_uow()
    try:
        found, shown = reading.visible(uow, report_id, current_user())
    except DomainError:
        abort(404)
    return render_template("intelligence/report.html", r=reading.report_view(uow, found, shown),
                           evaluates=may(current_user(), "evaluate"))


@pages.route("/reports/<report_id>/sanitise", methods=["GET", "POST"])
@requires(OBJ, "evaluate")
@purpose_required("intelligence_report", id_arg="report_id", question="Why are you evaluating this intelligence?")
def sanitise(report_id: str):
    """The original beside the sanitised text the intelligence officer writes."""
    uow = current_uow()
    try:
        found, shown = reading.visible(uow, report_id, current_user(), lock=request.method == "POST")
    except DomainError:
        abort(404)
    error = None
    if request.method == "POST":
        try:
            if request.form.get("action") == "disseminate":
                services.disseminate(uow, found, _actor())
                done = "disseminated"
            else:
                data = EvaluationIn().load({"items": [{"seq": s.item.seq, "sanitised": request.form.get(f"item-{s.item.seq}", "")}
                                                      for s in shown]})
                services.evaluate(uow, found, _actor(), data)
                done = "sanitised"
            uow.commit()
            flash(f"{found.number}: {done}", "success")
            return redirect(url_for("intelligence_web.sanitise", report_id=found.id))
        except (ma.ValidationError, DomainError) as exc:
            uow.rollback()
            error = _fail(exc)
            found, shown = reading.visible(uow, report_id, current_user())
    return render_template("intelligence/sanitise.html", r=reading.report_view(uow, found, shown),
                           values=request.form, error=error), 400 if error else 200
