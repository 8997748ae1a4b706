"""``GET /api/v1/persons/<id>/view``: the one-person view (markers, details, links, one
timeline from every enabled module and live legacy system, the two-hop chart).

The same service as the officer web page (:mod:`core.views.person_view`); reading it
is a consultation, audited with the purpose given in ``X-MiPS-Purpose``.
"""
from __future__ import annotations

import marshmallow as ma
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from core.audit.log import record_consultation
from core.http.persons import require_purpose
from core.http.persons_schemas import PersonShownOut
from core.http.users_schemas import LondonDateTime
from core.identity.access import requires
from core.platform.current import current_kernel
from core.platform.db import session
from core.views.person_view import assemble
from core.views.record import lookup

blp = Blueprint("person_view", __name__, url_prefix="/api/v1/persons", description="Persons: one record per person")


class TimelineItemOut(ma.Schema):
    at = LondonDateTime(allow_none=True)
    summary = ma.fields.String()
    ref = ma.fields.String()
    source = ma.fields.String(metadata={"description": "the module, the legacy system, or mips"})
    source_kind = ma.fields.String(metadata={"description": "module, legacy or core"})
    role = ma.fields.String(allow_none=True)
    url = ma.fields.String(allow_none=True)
    found = ma.fields.Boolean(metadata={"description": "legacy only: false when the live system did not answer"})
    held = ma.fields.Boolean(metadata={"description": "legacy only: shown from the document MiPS holds of a "
                                                      "migrated system, not read live"})
    note = ma.fields.String(metadata={"description": "legacy held only: why the held copy is shown"})
    answered = ma.fields.Boolean(metadata={"description": "legacy only: the system answered (so a record not found "
                                                          "is not held under that reference, rather than an outage)"})


class PersonViewOut(PersonShownOut):
    warnings = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "Warnings the modules raise about the person ({module, text, ref, url}: an outstanding "
                       "warrant), shown with the warning markers"})
    associates = ma.fields.List(ma.fields.Dict())
    vehicles = ma.fields.List(ma.fields.Dict())
    locations = ma.fields.List(ma.fields.Dict())
    timeline = ma.fields.List(ma.fields.Nested(TimelineItemOut), metadata={"description": "Newest first"})
    sections = ma.fields.List(ma.fields.Dict(), metadata={"description": "Each enabled module's section"})
    sources = ma.fields.List(ma.fields.Dict())
    legacy_records = ma.fields.List(ma.fields.Dict())
    chart = ma.fields.Dict(metadata={"description": "Nodes and edges two hops out (persons, vehicles, places)"})


@blp.route("/<person_id>/view")
class PersonView(MethodView):
    @requires("persons", "read", "core")
    @blp.response(200, PersonViewOut)
    def get(self, person_id):
        """Everything about one person in one answer: warning markers first, then names,
        dates of birth, identifiers, addresses, vehicles, associates, and one timeline of
        every enabled module's and every live legacy system's records, each with its source."""
        purpose = require_purpose()
        person = lookup(session(), person_id)
        view = assemble(session(), current_kernel(), g.principal, person)
        record_consultation("person", person.id, justification=purpose,
                            details={"view": "one-person", "legacy": [f"{r['system']}:{r['reference']}"
                                                                      for r in view["legacy_records"]][:50]})
        return view
