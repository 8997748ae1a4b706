"""HTTP endpoints of objects (vehicles, phones, weapons, property), locations and links."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import false, or_, select

from core.audit.log import current_actor, record, record_consultation
from core.http.pagination import consulted_page
from core.http.persons import require_purpose
from core.identity.access import requires
from core.persons import pole, visibility
from core.persons.models import Link, Location, Object, Person
from core.platform.db import commit, session
from core.http.pole_schemas import (LinkIn, LinkOut, LinkQuery, LocationIn, LocationOut, LocationQuery, ObjectIn,
                                        ObjectOut, ObjectQuery)
from core.platform.errors import NotFound
from core.platform.timeutil import utcnow
from core.resolution.normalise import normalise_postcode, normalise_vrm

blp = Blueprint("pole", __name__, url_prefix="/api/v1", description="Objects, locations and links")

# Every read says why and is logged (DPA 2018 s.62; issue 21): a vehicle, a place or a link
# leads to the persons behind it as surely as a person read does.


def _linked_persons(links) -> list[str]:
    return [i for link in links for t, i in ((link.from_type, link.from_id), (link.to_type, link.to_id))
            if t == "person"]


def _get(model, entity_id: str):
    """The row, if it exists and the caller may see it (a hidden one answers as none)."""
    row = session().get(model, entity_id)
    kind = model.__name__.lower()
    if row is None or visibility.entity_hidden(session(), kind, entity_id, g.principal):
        raise NotFound(f"unknown_{kind}", f"No {kind} with id {entity_id!r}")
    return row


def _etag(row) -> dict:
    return {"id": row.id, "version": row.version}


def _change(model, row, data: dict) -> None:
    for name, value in data.items():
        setattr(row, name, value)
    row.version += 1
    row.updated_at = utcnow()
    record(session(), "alteration", model.__name__.lower(), row.id, details={"fields": sorted(data)})


@blp.route("/objects")
class Objects(MethodView):
    @requires("objects", "read", "core")
    @blp.arguments(ObjectQuery, location="query")
    @blp.response(200, ObjectOut(many=True))
    @blp.paginate(consulted_page("object"))
    def get(self, query):
        """Objects, by whole or part of a vehicle registration and by kind; send X-MiPS-Purpose."""
        require_purpose()
        stmt = select(Object).order_by(Object.created_at.desc(), Object.id)
        if query.get("vrm"):
            part = normalise_vrm(query["vrm"]).replace("%", "").replace("_", "")
            stmt = stmt.where(Object.vrm.like(f"%{part}%"))
        if query.get("kind"):
            stmt = stmt.where(Object.kind == query["kind"])
        return stmt

    @requires("objects", "create", "core")
    @blp.arguments(ObjectIn)
    @blp.response(201, ObjectOut)
    def post(self, data):
        """Record a vehicle, phone, weapon or item of property."""
        obj = Object(**pole.object_fields(data))
        session().add(obj)
        session().flush()
        record(session(), "collection", "object", obj.id, details={"kind": obj.kind})
        commit()
        return obj


@blp.route("/objects/<object_id>")
class ObjectItem(MethodView):
    @requires("objects", "read", "core")
    @blp.etag
    @blp.response(200, ObjectOut)
    def get(self, object_id):
        """One object; send X-MiPS-Purpose."""
        require_purpose()
        obj = _get(Object, object_id)
        record_consultation("object", obj.id)
        blp.set_etag(_etag(obj))
        return obj

    @requires("objects", "update", "core")
    @blp.etag
    @blp.arguments(ObjectIn)
    @blp.response(200, ObjectOut)
    def put(self, data, object_id):
        """Replace an object's details; send If-Match with the ETag you read."""
        obj = _get(Object, object_id)
        blp.check_etag(_etag(obj))
        _change(Object, obj, pole.object_fields(data))
        commit()
        blp.set_etag(_etag(obj))
        return obj


@blp.route("/locations")
class Locations(MethodView):
    @requires("locations", "read", "core")
    @blp.arguments(LocationQuery, location="query")
    @blp.response(200, LocationOut(many=True))
    @blp.paginate(consulted_page("location"))
    def get(self, query):
        """Locations, by postcode (whole, or its outward part); send X-MiPS-Purpose."""
        require_purpose()
        stmt = select(Location).order_by(Location.created_at.desc(), Location.id)
        hidden = visibility.hidden_locations(g.principal)
        if hidden is not None:
            stmt = stmt.where(Location.id.not_in(hidden))
        if query.get("postcode"):
            full = normalise_postcode(query["postcode"])
            stmt = stmt.where(Location.postcode == full) if full else stmt.where(
                Location.postcode.like(query["postcode"].upper().replace(" ", "").replace("%", "") + " %"))
        return stmt

    @requires("locations", "create", "core")
    @blp.arguments(LocationIn)
    @blp.response(201, LocationOut)
    def post(self, data):
        """Record a location (address lines, postcode, optional UPRN and coordinates)."""
        loc = Location(**pole.location_fields(data))
        session().add(loc)
        session().flush()
        record(session(), "collection", "location", loc.id)
        commit()
        return loc


@blp.route("/locations/<location_id>")
class LocationItem(MethodView):
    @requires("locations", "read", "core")
    @blp.etag
    @blp.response(200, LocationOut)
    def get(self, location_id):
        """One location; send X-MiPS-Purpose."""
        require_purpose()
        loc = _get(Location, location_id)
        record_consultation("location", loc.id)
        blp.set_etag(_etag(loc))
        return loc

    @requires("locations", "update", "core")
    @blp.etag
    @blp.arguments(LocationIn)
    @blp.response(200, LocationOut)
    def put(self, data, location_id):
        """Replace a location's details; send If-Match with the ETag you read."""
        loc = _get(Location, location_id)
        blp.check_etag(_etag(loc))
        _change(Location, loc, pole.location_fields(data))
        commit()
        blp.set_etag(_etag(loc))
        return loc


_ENTITY_MODELS = {"person": Person, "object": Object, "location": Location}


@blp.route("/links")
class Links(MethodView):
    @requires("links", "read", "core")
    @blp.arguments(LinkQuery, location="query")
    @blp.response(200, LinkOut(many=True))
    @blp.paginate(consulted_page("link", _linked_persons))
    def get(self, query):
        """Links to or from one entity; send X-MiPS-Purpose."""
        require_purpose()
        t, i = query["entity_type"], query["entity_id"]
        stmt = (select(Link).where(or_((Link.from_type == t) & (Link.from_id == i), (Link.to_type == t) & (Link.to_id == i)))
                .order_by(Link.created_at, Link.id))
        if visibility.entity_hidden(session(), t, i, g.principal):
            return stmt.where(false())  # as for an entity that does not exist: no links
        for kind, hidden in (("person", visibility.hidden_persons(g.principal)),
                             ("location", visibility.hidden_locations(g.principal))):
            if hidden is not None:  # no link leads to what the caller may not see
                stmt = stmt.where(~((Link.from_type == kind) & Link.from_id.in_(hidden)),
                                  ~((Link.to_type == kind) & Link.to_id.in_(hidden)))
        return stmt

    @requires("links", "create", "core")
    @blp.arguments(LinkIn)
    @blp.response(201, LinkOut)
    def post(self, data):
        """Link two entities with a role (victim, suspect, lives_at, drives...)."""
        for side in ("from", "to"):
            model = _ENTITY_MODELS.get(data[f"{side}_type"])
            if model is not None:
                _get(model, data[f"{side}_id"])
        link = Link(**data, created_by=current_actor())
        session().add(link)
        session().flush()
        record(session(), "collection", "link", link.id, details=data)
        commit()
        return link
