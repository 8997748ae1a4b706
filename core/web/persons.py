"""The person page: one person, warning markers first, one timeline from every source.

It shows :func:`core.views.person_view.assemble`, the service behind
``GET /api/v1/persons/<id>/view``, under the same right (``persons:read``) and the same
restriction rule (a restricted person is "not found" for anyone without the right). Each
view is a consultation, audited with the officer's purpose before anything is shown; a
page opened without one asks for it first.
"""
from __future__ import annotations

from flask import Blueprint, g, render_template, request

from core.audit.log import meaningful_purpose, record_consultation
from core.identity.access import requires
from core.platform.current import current_kernel
from core.platform.db import session
from core.views.person_view import assemble
from core.views.record import lookup
from core.web import session as web_session

bp = Blueprint("web_persons", __name__)


@bp.get("/persons/<person_id>")
@requires("persons", "read", "core")
def person(person_id: str):
    """Everything about one person the officer may see."""
    given = request.args.get("purpose")
    purpose = meaningful_purpose(given if given is not None else web_session.purpose(person_id))
    if not purpose:
        error = "Enter why you are looking at this person, in a few words" if given is not None else None
        return render_template("web/purpose.html", person_id=person_id, error=error), 400 if error else 200
    found = lookup(session(), person_id)
    kernel = current_kernel()
    view = assemble(session(), kernel, g.principal, found)
    # the purpose goes on to the persons this page leads to, and no further
    web_session.remember_purpose(purpose, [person_id, found.id] + [a["person_id"] for a in view["associates"]])
    record_consultation("person", found.id, justification=purpose,
                        details={"view": "one-person", "via": "web",
                                 "legacy": [f"{r['system']}:{r['reference']}" for r in view["legacy_records"]][:50]})
    adapters = {s: a.title for s, a in kernel.plugins.adapters().items()}
    return render_template("web/person.html", p=view, purpose=purpose, adapters=adapters)
