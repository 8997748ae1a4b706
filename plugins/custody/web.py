"""The custody pages of the officer web UI (mounted under ``/custody/``): the suites, a
suite's board that refreshes itself, a detainee's custody record with what is
outstanding, and logging a check from the board. The desk's forms are in ``desk.py``.

Same services, rights and audit as the REST API (``resources.py``); the pages extend the
officer web UI's base layout (``web/base.html``).
"""
from __future__ import annotations


from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from core.kit import DomainError, current_purpose, current_uow, current_user, persons, purpose_required, requires
from core.kit import utcnow
from plugins.custody import clock, policies, reading, services, tasks, wording
from plugins.custody.forms import FORMS
from plugins.custody.models import OPEN, Detention
from plugins.custody.pages import pages
from plugins.custody.policies import OBJ

REFRESH_SECONDS = 30
@pages.app_template_filter("custody_details")
def custody_details(data: dict | None) -> list[tuple[str, str]]:
    """An entry's kept data in plain words (the same as the printed record)."""
    return wording.details(data)


@pages.app_template_filter("custody_alert")
def custody_alert(text: str, with_cite: bool = False) -> str:
    """An overdue item for people: times in UK time (``14:05 29 Nov``), the citation on request."""
    shown = wording.alert(text, "%H:%M %d %b")
    return shown if with_cite else shown.split(" (")[0]


def _detention(detention_id: str, *, lock: bool = False) -> Detention:
    return reading.visible(current_uow(), detention_id, current_user(), lock=lock)


@pages.get("/")
@requires(OBJ, "read")
def suites():
    """The suites with people in them now."""
    rows = current_uow().session.execute(select(Detention.suite, func.count()).where(Detention.state == OPEN)
                             .group_by(Detention.suite).order_by(Detention.suite)).all()
    return render_template("custody/suites.html", suites=rows)


@pages.get("/suites/<suite>")
@requires(OBJ, "read")
def suite_board(suite: str):
    """The custody board: overdue first, then whoever needs something soonest."""
    result = reading.board(current_uow(), suite, utcnow(), current_user(), via="web")
    may_check = policies.may(current_user(), "check")
    return render_template("custody/board.html", b=result, refresh_seconds=REFRESH_SECONDS, may_check=may_check)


@pages.get("/detentions/<detention_id>")
@requires(OBJ, "read")
@purpose_required("custody_detention", id_arg="detention_id", question="Why are you looking at this custody record?")
def record(detention_id: str):
    """A detainee's custody record, as it stands, with its clock; a read says why."""
    uow = current_uow()
    det = _detention(detention_id)
    entries = services.entries_of(uow, [det.id])[det.id]
    state = clock.state(det, entries, utcnow())
    person = persons.summaries(uow, [det.person_id], current_user()).get(det.person_id)
    return render_template("custody/record.html", det=det, entries=entries, person=person,
                           markers=persons.warning_markers(uow, det.person_id), clock=state,
                           tasks=tasks.tasks(det, entries, state), forms=FORMS, may=lambda act: policies.may(current_user(), act),
                           purpose=current_purpose(), corrected={e.corrects for e in entries if e.corrects})


@pages.get("/detentions/<detention_id>/print")
@requires(OBJ, "read")
@purpose_required("custody_detention", id_arg="detention_id", question="Why are you looking at this custody record?")
def printable(detention_id: str):
    """The printable record (HTML), or the PDF with ``?format=pdf``."""
    return reading.printed(current_uow(), _detention(detention_id), utcnow(), pdf=request.args.get("format") == "pdf")


@pages.post("/detentions/<detention_id>/checks")
@requires(OBJ, "check")
def log_check(detention_id: str):
    """Log a check from the board: now, with what the officer saw."""
    uow = current_uow()
    who = policies.actor(current_user())
    det = _detention(detention_id, lock=True)
    try:
        services.log_check(uow, det, who, {"roused": request.form.get("roused") == "yes",
                                           "condition": request.form.get("condition", "")[:200]})
        uow.commit()
        flash(f"Check on {det.custody_no} logged", "success")
    except DomainError as exc:
        uow.rollback()
        flash(exc.message, "error")
    return redirect(url_for("custody_web.suite_board", suite=det.suite))
