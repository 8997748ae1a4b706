"""The custody pages of the officer web UI (mounted under ``/custody/``): the suites, a
suite's board that refreshes itself, a detainee's custody record, and logging a check.

Same services, rights and audit as the REST API (``resources.py``); the pages extend the
officer web UI's base layout (``web/base.html``).
"""
from __future__ import annotations

import re
from datetime import datetime

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select

from core.access import requires
from core.audit.log import record_consultation
from core.db import commit, session
from core.entities.views import lookup
from core.errors import DomainError
from core.timeutil import to_london, utcnow
from core.web import session as web_session
from core.current import current_kernel
from plugins.custody import clock, reading, services
from plugins.custody.models import OPEN, Detention
from plugins.custody import policies
from plugins.custody.policies import OBJ

pages = Blueprint("custody_web", __name__, template_folder="templates")
REFRESH_SECONDS = 30
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}")


@pages.app_template_filter("custody_alert")
def custody_alert(text: str, with_cite: bool = False) -> str:
    """An overdue item for people: times in UK time (``14:05 29 Nov``), the citation on request."""
    shown = _ISO.sub(lambda m: to_london(datetime.fromisoformat(m.group(0))).strftime("%H:%M %d %b"), text)
    return shown if with_cite else shown.split(" (")[0]


_detention = reading.visible


@pages.get("/")
@requires(OBJ, "read")
def suites():
    """The suites with people in them now."""
    rows = session().execute(select(Detention.suite, func.count()).where(Detention.state == OPEN)
                             .group_by(Detention.suite).order_by(Detention.suite)).all()
    return render_template("custody/suites.html", suites=rows)


@pages.get("/suites/<suite>")
@requires(OBJ, "read")
def suite_board(suite: str):
    """The custody board: overdue first, then whoever needs something soonest."""
    result = reading.board(suite, utcnow(), via="web")
    kernel = current_kernel()
    may_check = kernel.access.allowed(g.principal.username, "custody", OBJ, "check")
    return render_template("custody/board.html", b=result, refresh_seconds=REFRESH_SECONDS, may_check=may_check)


@pages.get("/detentions/<detention_id>")
@requires(OBJ, "read")
def record(detention_id: str):
    """A detainee's custody record, as it stands, with its clock; a read says why."""
    given = request.args.get("purpose")
    purpose = (given if given is not None else web_session.purpose()).strip()[:500]
    if not purpose:
        error = "Enter why you are looking at this custody record" if given is not None else None
        return render_template("custody/purpose.html", detention_id=detention_id, error=error), 400 if error else 200
    web_session.remember_purpose(purpose)
    det = _detention(detention_id)
    record_consultation("custody_detention", det.id, module="custody", justification=purpose, details={"via": "web"})
    entries = services.entries_of(session(), [det.id])[det.id]
    person = lookup(session(), det.person_id)
    return render_template("custody/record.html", det=det, entries=entries, markers=list(person.markers),
                           clock=clock.state(det, entries, utcnow()), purpose=purpose,
                           corrected={e.corrects for e in entries if e.corrects})


@pages.get("/detentions/<detention_id>/print")
@requires(OBJ, "read")
def printable(detention_id: str):
    """The printable record (HTML), or the PDF with ``?format=pdf``."""
    purpose = web_session.purpose()
    if not purpose:
        return redirect(url_for("custody_web.record", detention_id=detention_id))
    return reading.printed(_detention(detention_id), utcnow(), purpose, pdf=request.args.get("format") == "pdf", via="web")


@pages.post("/detentions/<detention_id>/checks")
@requires(OBJ, "check")
def log_check(detention_id: str):
    """Log a check from the board: now, with what the officer saw."""
    who = policies.actor(current_kernel(), g.principal)
    det = _detention(detention_id, lock=True)
    try:
        services.log_check(session(), det, who, {"roused": request.form.get("roused") == "yes",
                                                 "condition": request.form.get("condition", "")[:200]})
        commit()
        flash(f"Check on {det.custody_no} logged", "success")
    except DomainError as exc:
        session().rollback()
        flash(exc.message, "error")
    return redirect(url_for("custody_web.suite_board", suite=det.suite))
