"""The custody desk in the browser: booking in, and every act on a detention as a form.

The same services, schemas, rights and audit as the REST API: a form is read into the
act's schema input (``forms.read``), loaded by that schema, and handed to the same
service; a refusal comes back on the form with its citation, and nothing is written.
Booking in starts with the one search for persons, so a detainee already known is
chosen (with their warning markers shown first) rather than typed in again.
"""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import abort, flash, redirect, render_template, request, url_for

from core.kit import (DomainError, consult, current_uow, current_user, persons, purpose_required, requires, to_london,
                      utcnow)
from plugins.custody import forms, policies, reading, schemas, services
from plugins.custody.pages import pages
from plugins.custody.policies import OBJ

NEW = "new"


def _fail(exc: Exception) -> dict[str, str]:
    """A refusal as form errors: a schema's by field, a service's (with its citation) on the form."""
    if isinstance(exc, forms.FormError):
        return exc.errors
    if isinstance(exc, ma.ValidationError):
        return forms.errors_of(exc)
    cite = (exc.errors or {}).get("cite") if isinstance(exc, DomainError) else None
    return {"_form": f"{exc.message} ({cite})" if cite else exc.message}


# -- booking in ---------------------------------------------------------------

@pages.route("/book-in", methods=["GET", "POST"])
@requires(OBJ, "manage")
def book_in():
    """Find the detainee (or describe someone new), then the arrest and arrival."""
    uow = current_uow()
    text = request.values.get("q", "").strip()[:200]
    found = persons.find(uow, text, current_user()) if text else []
    if found:
        consult("custody_booking_search", [], module="custody", justification=f"booking in: search for {text}",
                persons=[f.summary.id for f in found])
    values: dict[str, Any] = dict(request.form) if request.method == "POST" else {
        "suite": request.args.get("suite", ""), "case": "usual"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            data = forms.read(forms.BOOKING, request.form)
            chosen = request.form.get("person_id", "")
            if chosen and chosen != NEW:
                data["person_id"] = chosen
            else:
                data["person"] = forms.new_person(request.form)
            data["suite"] = data.get("suite", "").upper()
            loaded = schemas.ArrivalIn().load(data)
            det, _ = services.book_in(uow, policies.actor(current_user()), loaded)
            uow.commit()
            flash(f"{det.custody_no}: booked in", "success")
            return redirect(url_for("custody_web.record", detention_id=det.id, purpose=f"booked in as {det.custody_no}"))
        except (forms.FormError, ma.ValidationError, DomainError) as exc:
            uow.rollback()
            errors = _fail(exc)
    return render_template("custody/book_in.html", q=text, found=found, values=values, errors=errors,
                           booking=forms.BOOKING, new_person=forms.NEW_PERSON, NEW=NEW), 400 if errors else 200


# -- the acts on a detention ----------------------------------------------------

@pages.route("/detentions/<detention_id>/do/<act>", methods=["GET", "POST"])
@requires(OBJ, "read")
@purpose_required("custody_detention", id_arg="detention_id", question="Why are you working on this custody record?")
def act(detention_id: str, act: str):
    """One act (decision, rights, risk, check, review, extension, warrant, entry,
    correction, charge, release) as a form; the right is the act's own."""
    form = forms.FORMS.get(act)
    if form is None:
        abort(404)
    if not policies.may(current_user(), form.act):
        abort(403)
    uow = current_uow()
    det = reading.visible(uow, detention_id, current_user(), lock=request.method == "POST")
    errors: dict[str, str] = {}
    values: dict[str, Any] = dict(request.form)
    if request.method == "POST":
        try:
            loaded = form.schema().load(forms.read(form.fields, request.form) | form.fixed)
            entry = getattr(services, form.service)(uow, det, policies.actor(current_user()), loaded)
            uow.commit()
            flash(f"{form.title}: recorded as entry {entry.seq} on {det.custody_no}", "success")
            return redirect(url_for("custody_web.record", detention_id=det.id))
        except (forms.FormError, ma.ValidationError, DomainError) as exc:
            uow.rollback()
            errors = _fail(exc)
    person = persons.summaries(uow, [det.person_id], current_user()).get(det.person_id)
    return render_template("custody/act.html", det=det, form=form, values=values, errors=errors, person=person,
                           markers=persons.warning_markers(uow, det.person_id),
                           now=to_london(utcnow()).strftime("%Y-%m-%dT%H:%M")), 400 if errors else 200


# -- template helpers for the desk's forms --------------------------------------

@pages.app_template_filter("custody_option")
def custody_option(option: tuple[str, str], value: Any, mark: str = "checked") -> dict[str, Any]:
    """A (value, text) option as a GOV.UK radios/select item, chosen when it is the value."""
    return {"value": option[0], "text": option[1], mark: str(value) == option[0]}


@pages.app_template_filter("custody_error_link")
def custody_error_link(error: tuple[str, str], names: list[str]) -> dict[str, str]:
    """An error of the summary, linking to its field when the form has one."""
    name, message = error
    item = {"text": message}
    if name in names:
        item["href"] = "#" + name.replace(".", "-")
    return item
