"""Schemas of objects, locations and links."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.http.users_schemas import LondonDateTime
from core.resolution.normalise import normalise_postcode

OBJECT_KINDS = ("vehicle", "phone", "weapon", "property")
ENTITY_TYPES = ("person", "object", "location", "event")
LINK_ROLES = ("victim", "witness", "suspect", "offender", "detainee", "defendant", "subject", "associate",
              "lives_at", "drives", "owns", "uses", "occurred_at", "parent", "carer", "complainant", "perpetrator")


class ObjectIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(OBJECT_KINDS))
    vrm = ma.fields.String(validate=validate.Regexp(r"^[A-Za-z0-9 ]{2,10}$", error="a registration mark is 2-8 letters and digits"))
    vin = ma.fields.String(validate=validate.Regexp(r"^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$", error="a VIN is 17 characters (no I, O or Q)"))
    make = ma.fields.String(load_default="", validate=validate.Length(max=80))
    model = ma.fields.String(load_default="", validate=validate.Length(max=80))
    colour = ma.fields.String(load_default="", validate=validate.Length(max=40))
    phone_number = ma.fields.String(validate=validate.Regexp(r"^\+?[0-9 ]{6,20}$", error="digits, spaces and an optional +"))
    imei = ma.fields.String(validate=validate.Regexp(r"^[0-9]{14,16}$", error="an IMEI is 14-16 digits"))
    serial_number = ma.fields.String(validate=validate.Length(max=60))
    description = ma.fields.String(load_default="", validate=validate.Length(max=2000))

    @ma.validates_schema
    def _kind_fields(self, data, **kwargs):
        if data.get("kind") == "vehicle" and not (data.get("vrm") or data.get("vin")):
            raise ma.ValidationError("a vehicle needs a registration mark (vrm) or a VIN", "vrm")
        if data.get("kind") == "phone" and not (data.get("phone_number") or data.get("imei")):
            raise ma.ValidationError("a phone needs a number or an IMEI", "phone_number")


class ObjectOut(ma.Schema):
    id = ma.fields.String()
    kind = ma.fields.String()
    vrm = ma.fields.String(allow_none=True)
    vin = ma.fields.String(allow_none=True)
    make = ma.fields.String()
    model = ma.fields.String()
    colour = ma.fields.String()
    phone_number = ma.fields.String(allow_none=True)
    imei = ma.fields.String(allow_none=True)
    serial_number = ma.fields.String(allow_none=True)
    description = ma.fields.String()
    source_system = ma.fields.String()
    source_key = ma.fields.String()
    version = ma.fields.Integer()
    created_at = LondonDateTime()
    updated_at = LondonDateTime()


class ObjectQuery(ma.Schema):
    vrm = ma.fields.String(validate=validate.Length(min=2, max=10), metadata={"description": "whole or part of a registration"})
    kind = ma.fields.String(validate=validate.OneOf(OBJECT_KINDS))


class LocationIn(ma.Schema):
    lines = ma.fields.List(ma.fields.String(validate=validate.Length(max=200)), load_default=list, validate=validate.Length(max=8))
    postcode = ma.fields.String(load_default=None, allow_none=True)
    uprn = ma.fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^[0-9]{1,12}$"))
    latitude = ma.fields.Float(load_default=None, allow_none=True, validate=validate.Range(49.0, 61.5))
    longitude = ma.fields.Float(load_default=None, allow_none=True, validate=validate.Range(-8.7, 2.0))

    @ma.validates_schema
    def _valid(self, data, **kwargs):
        if data.get("postcode") and normalise_postcode(data["postcode"]) is None:
            raise ma.ValidationError("not a UK postcode", "postcode")
        if not (data.get("lines") or data.get("postcode") or data.get("uprn")):
            raise ma.ValidationError("a location needs address lines, a postcode or a UPRN", "lines")
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ma.ValidationError("give both latitude and longitude, or neither", "latitude")


class LocationOut(ma.Schema):
    id = ma.fields.String()
    lines = ma.fields.List(ma.fields.String())
    postcode = ma.fields.String(allow_none=True)
    uprn = ma.fields.String(allow_none=True)
    latitude = ma.fields.Float(allow_none=True)
    longitude = ma.fields.Float(allow_none=True)
    source_system = ma.fields.String()
    version = ma.fields.Integer()
    created_at = LondonDateTime()
    updated_at = LondonDateTime()


class LocationQuery(ma.Schema):
    postcode = ma.fields.String(validate=validate.Length(min=2, max=10))


class LinkIn(ma.Schema):
    from_type = ma.fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    from_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    to_type = ma.fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    to_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    role = ma.fields.String(required=True, validate=validate.OneOf(LINK_ROLES))


class LinkOut(LinkIn):
    id = ma.fields.String()
    source_system = ma.fields.String()
    source_key = ma.fields.String()
    module = ma.fields.String()
    created_at = LondonDateTime()
    created_by = ma.fields.String()


class LinkQuery(ma.Schema):
    entity_type = ma.fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    entity_id = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
