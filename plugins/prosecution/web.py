"""The prosecution pages of the officer web UI (mounted under ``/prosecution/``): my
unit's case files with what each still needs, a case file with its MG forms (each field
with where it came from), and the warrants, outstanding first.

Same services, rights and audit as the REST API (``resources.py``); the pages extend the
officer web UI's base layout (``web/base.html``).
"""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import case as when_then, select

from core.kit import current_uow, current_user, leads_to, persons, purpose_required, requires
from plugins.prosecution import cases, forms, warrants
from plugins.prosecution.models import OUTSTANDING, CaseFile, Warrant
from plugins.prosecution.policies import CASE, WARRANT

pages = Blueprint("prosecution_web", __name__, template_folder="templates")
LIST_LIMIT = 200


def _hidden(stmt, column):
    hidden = persons.hidden_ids(current_user())
    return stmt if hidden is None else stmt.where(column.not_in(hidden))


@pages.get("/")
@requires(CASE, "read")
@purpose_required("case_file", question="Why are you looking at these case files?")
def my_cases():
    """My unit's case files being built, each with what it still needs, newest charge first."""
    uow = current_uow()
    stmt = _hidden(select(CaseFile).where(CaseFile.unit == (current_user().unit or ""))
                   .order_by(CaseFile.state, CaseFile.charged_at.desc()).limit(LIST_LIMIT), CaseFile.person_id)
    found = list(uow.session.scalars(stmt))
    rows = cases.forms_of(uow, [c.id for c in found])
    names = persons.summaries(uow, [c.person_id for c in found], current_user())
    shown = [(c, names.get(c.person_id), forms.missing(c.file_type, {n: r.fields for n, r in rows[c.id].items()}))
             for c in found]
    leads_to(c.id for c in found)
    return render_template("prosecution/home.html", cases=shown, file_types=forms.rules()["file_types"])


@pages.get("/cases/<case_id>")
@requires(CASE, "read")
@purpose_required("case_file", id_arg="case_id", question="Why are you looking at this case file?")
def case_file(case_id: str):
    """One case file: what it still needs, then each required form with its fields and sources."""
    uow = current_uow()
    case = cases.get(uow, case_id, current_user())
    rows = cases.forms_of(uow, [case.id])[case.id]
    person = persons.summaries(uow, [case.person_id], current_user()).get(case.person_id)
    return render_template("prosecution/case.html", case=case, person=person, missing=cases.missing(uow, case),
                           required=forms.required(case.file_type), forms={n: r.fields for n, r in rows.items()},
                           specs=forms.rules()["forms"], file_types=forms.rules()["file_types"],
                           history=cases.JOURNAL.entries_of(uow, [case.id])[case.id])


@pages.get("/warrants")
@requires(WARRANT, "read")
@purpose_required("warrant", question="Why are you looking at the warrants?")
def warrant_list():
    """Warrants, outstanding first (oldest received first)."""
    uow = current_uow()
    outstanding_first = when_then((Warrant.state.in_(OUTSTANDING), 0), else_=1)
    stmt = _hidden(select(Warrant).order_by(outstanding_first, Warrant.received_at, Warrant.id).limit(LIST_LIMIT),
                   Warrant.person_id)
    found = list(uow.session.scalars(stmt))
    names = persons.summaries(uow, [w.person_id for w in found], current_user())
    return render_template("prosecution/warrants.html", warrants=[(w, names.get(w.person_id)) for w in found],
                           types=warrants.rules()["types"], outstanding=OUTSTANDING)
