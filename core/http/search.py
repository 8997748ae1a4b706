"""``GET /api/v1/search``: one search box for everything the caller may see."""
from __future__ import annotations

import marshmallow as ma
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate

from core.audit.log import record_consultations
from core.audit.personal import Personal
from core.http.errors import fail
from core.http.persons import require_purpose
from core.identity.access import requires
from core.legacy import search as legacy_search
from core.platform.current import current_kernel
from core.platform.db import session
from core.search import service
from core.search.query import BadQuery, parse

blp = Blueprint("search", __name__, url_prefix="/api/v1/search", description="Unified search")


class SearchArgs(ma.Schema):
    q = ma.fields.String(load_default="", validate=validate.Length(max=500),
                         metadata={"description": "Free text: names, dates of birth, registrations, postcodes, references"})
    given = ma.fields.String(validate=validate.Length(max=100))
    family = ma.fields.String(validate=validate.Length(max=100))
    dob = ma.fields.Date(metadata={"description": "YYYY-MM-DD"})
    dob_from = ma.fields.Date()
    dob_to = ma.fields.Date()
    age_min = ma.fields.Integer(validate=validate.Range(0, 130))
    age_max = ma.fields.Integer(validate=validate.Range(0, 130))
    vrm = ma.fields.String(validate=validate.Length(min=2, max=10), metadata={"description": "whole or part"})
    postcode = ma.fields.String(validate=validate.Length(min=2, max=10))


class HitOut(ma.Schema):
    type = ma.fields.String(metadata={"description": "person, object, location, or a module's record type"})
    id = ma.fields.String()
    title = ma.fields.String()
    summary = ma.fields.String()
    score = ma.fields.Float()
    source = ma.fields.String(metadata={"description": "core, a module, or a legacy system"})
    why = ma.fields.List(ma.fields.String())


def _structured(args: dict) -> dict:
    from datetime import date

    from core.resolution.record import PartialDate

    out = {k: args[k] for k in ("given", "family", "dob_from", "dob_to", "vrm", "postcode") if args.get(k)}
    if args.get("dob"):
        d = args["dob"]
        out["dob"] = PartialDate(d.year, d.month, d.day)
    today = date.today()
    if args.get("age_max") is not None:
        out["dob_from"] = date(today.year - args["age_max"] - 1, 1, 1)
    if args.get("age_min") is not None:
        out["dob_to"] = date(today.year - args["age_min"], 12, 31)
    return out


@blp.route("")
class Search(MethodView):
    @requires("search", "read", "core")
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, HitOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Search persons (misspelt, nicknamed or swapped names too), vehicles, places and
        every enabled module's records at once. Persons on the page returned are audited as
        consulted, with the purpose given in X-MiPS-Purpose."""
        purpose = require_purpose()
        try:
            query = parse(args.get("q", ""), **_structured(args))
        except BadQuery as exc:
            fail(400, "bad_query", str(exc))
        hits = service.search(session(), current_kernel(), g.principal, query)
        pagination_parameters.item_count = len(hits)
        first = pagination_parameters.first_item
        page = hits[first:first + pagination_parameters.page_size]
        person_ids = [h["id"] for h in page if h["type"] == "person"]
        details = {"search": Personal(query.text or str(query), tuple(person_ids))}
        groups = [("person", person_ids, details)] if person_ids else []
        groups += legacy_search.consultations(session(), page, current_kernel().plugins.adapters(), details)
        record_consultations(groups, justification=purpose)
        return page
