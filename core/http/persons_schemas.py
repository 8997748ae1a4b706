"""Schemas of the POLE endpoints: what may come in (load) and what goes out (dump)."""
from __future__ import annotations

from datetime import date

import marshmallow as ma
from marshmallow import validate

from core.http.users_schemas import LondonDateTime
from core.persons.person_data import IDENTIFIER_KINDS, NAME_KINDS, parse_dob
from core.resolution.normalise import normalise_identifier, normalise_postcode

SOURCE_SYSTEM = validate.Regexp(r"^[a-z][a-z0-9_-]{1,39}$", error="lower-case system name")


def _check_dob(text: str) -> None:
    try:
        dob = parse_dob(text)
        if dob.month is not None:  # "1990-00-10" is a mistake, not the partial date "1990-10"
            date(dob.year, dob.month, dob.day if dob.day is not None else 1)
    except ValueError as exc:
        raise ma.ValidationError("a date of birth is YYYY-MM-DD, YYYY-MM or YYYY") from exc
    if not 1890 <= dob.year <= date.today().year:
        raise ma.ValidationError("a date of birth must be between 1890 and today")
    if dob.month and date(dob.year, dob.month, dob.day or 1) > date.today():
        raise ma.ValidationError("a date of birth cannot be in the future")


class NameIn(ma.Schema):
    given = ma.fields.String(load_default="", validate=validate.Length(max=200))
    family = ma.fields.String(load_default="", validate=validate.Length(max=200))
    kind = ma.fields.String(load_default="primary", validate=validate.OneOf(NAME_KINDS))

    @ma.validates_schema
    def _some_name(self, data, **kwargs):
        if not (data.get("given", "").strip() or data.get("family", "").strip()):
            raise ma.ValidationError("a name needs a given or a family name", "family")


class IdentifierIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(IDENTIFIER_KINDS))
    value = ma.fields.String(required=True, validate=validate.Length(min=1, max=60))

    @ma.validates_schema
    def _valid(self, data, **kwargs):
        if data.get("kind") and data.get("value") and normalise_identifier(data["kind"], data["value"]) is None:
            raise ma.ValidationError(f"not a valid {data['kind']}", "value")


class AddressIn(ma.Schema):
    lines = ma.fields.List(ma.fields.String(validate=validate.Length(max=200)), load_default=list,
                           validate=validate.Length(max=8))
    postcode = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10))

    @ma.validates_schema
    def _valid(self, data, **kwargs):
        if data.get("postcode") and normalise_postcode(data["postcode"]) is None:
            raise ma.ValidationError("not a UK postcode", "postcode")
        if not data.get("lines") and not data.get("postcode"):
            raise ma.ValidationError("an address needs lines or a postcode", "lines")


class DescriptionIn(ma.Schema):
    height_cm = ma.fields.Integer(validate=validate.Range(40, 260))
    build = ma.fields.String(validate=validate.Length(max=40))
    hair = ma.fields.String(validate=validate.Length(max=60))
    eyes = ma.fields.String(validate=validate.Length(max=40))
    ethnicity = ma.fields.String(validate=validate.Length(max=40), metadata={"description": "e.g. an IC code"})
    marks = ma.fields.String(validate=validate.Length(max=1000), metadata={"description": "scars, marks, tattoos"})


class PersonIn(ma.Schema):
    names = ma.fields.List(ma.fields.Nested(NameIn), required=True, validate=validate.Length(min=1, max=30))
    dobs = ma.fields.List(ma.fields.String(validate=_check_dob), load_default=list, validate=validate.Length(max=10))
    sex = ma.fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["M", "F", "U"]))
    nationality = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60))
    description = ma.fields.Nested(DescriptionIn, load_default=dict)
    identifiers = ma.fields.List(ma.fields.Nested(IdentifierIn), load_default=list, validate=validate.Length(max=30))
    addresses = ma.fields.List(ma.fields.Nested(AddressIn), load_default=list, validate=validate.Length(max=30))


class SourceIn(ma.Schema):
    system = ma.fields.String(required=True, validate=SOURCE_SYSTEM)
    key = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))


class PersonCreate(PersonIn):
    restriction = ma.fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["restricted"]))
    source = ma.fields.Nested(SourceIn, load_default=None, allow_none=True,
                              metadata={"description": "Where the record comes from; a repeat of the same source is idempotent"})


class EvidenceOut(ma.Schema):
    field = ma.fields.String()
    level = ma.fields.String()
    weight = ma.fields.Float()
    detail = ma.fields.String()


class ResolutionOut(ma.Schema):
    outcome = ma.fields.String(metadata={"description": "created, matched (existing person returned) or review"})
    probability = ma.fields.Float(allow_none=True)
    reason = ma.fields.String()
    evidence = ma.fields.List(ma.fields.Nested(EvidenceOut))
    review_candidates = ma.fields.List(ma.fields.String())


class MarkerOut(ma.Schema):
    id = ma.fields.String()
    marker = ma.fields.String()
    detail = ma.fields.String()
    source_system = ma.fields.String()
    created_at = LondonDateTime()
    created_by = ma.fields.String()


class SourceOut(ma.Schema):
    id = ma.fields.String()
    system = ma.fields.String()
    key = ma.fields.String()
    received_at = LondonDateTime()
    received_by = ma.fields.String()
    data = ma.fields.Dict()


class PersonShownOut(ma.Schema):
    """The person as derived from their source records: what every view of a person shows."""

    id = ma.fields.String()
    version = ma.fields.Integer()
    restriction = ma.fields.String(allow_none=True)
    markers = ma.fields.List(ma.fields.Nested(MarkerOut), metadata={"description": "Officer-safety warning markers"})
    names = ma.fields.List(ma.fields.Dict())
    dob = ma.fields.String(allow_none=True)
    dobs = ma.fields.List(ma.fields.String())
    sex = ma.fields.String(allow_none=True)
    nationality = ma.fields.String(allow_none=True)
    description = ma.fields.Dict()
    identifiers = ma.fields.List(ma.fields.Dict())
    addresses = ma.fields.List(ma.fields.Dict())


class PersonOut(PersonShownOut):
    sources = ma.fields.List(ma.fields.Nested(SourceOut(exclude=("data",))))
    created_at = LondonDateTime()
    updated_at = LondonDateTime()
    resolution = ma.fields.Nested(ResolutionOut, allow_none=True)
    profiles = ma.fields.List(ma.fields.Dict(), metadata={"description": "Each enabled module's section of the person"})


class MergeIn(ma.Schema):
    person_id = ma.fields.String(required=True, validate=validate.Length(equal=32),
                                 metadata={"description": "The person to merge into (or unmerge from) this one"})
    reason = ma.fields.String(load_default="", validate=validate.Length(max=1000))


class MergeOut(ma.Schema):
    id = ma.fields.String()
    survivor_id = ma.fields.String()
    merged_id = ma.fields.String()
    source_ids = ma.fields.List(ma.fields.String())
    at = LondonDateTime()
    undone_at = LondonDateTime(allow_none=True)


class MatchOut(ma.Schema):
    id = ma.fields.String()
    person_a = ma.fields.String()
    person_b = ma.fields.String()
    probability = ma.fields.Float()
    weight = ma.fields.Float()
    reason = ma.fields.String()
    evidence = ma.fields.List(ma.fields.Dict())
    status = ma.fields.String()
    created_at = LondonDateTime()
    decided_by = ma.fields.String()


class RestrictionIn(ma.Schema):
    restriction = ma.fields.String(required=True, allow_none=True, validate=validate.OneOf(["restricted"]),
                                   metadata={"description": '"restricted", or null to lift the restriction'})
    reason = ma.fields.String(required=True, validate=validate.Length(min=3, max=1000))


class RestrictionOut(ma.Schema):
    id = ma.fields.String()
    restriction = ma.fields.String(allow_none=True)


class MatchQuery(ma.Schema):
    status = ma.fields.String(load_default="pending", validate=validate.OneOf(["pending", "accepted", "rejected"]))


class MatchDecision(ma.Schema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(["accept", "reject"]))


class MarkerIn(ma.Schema):
    marker = ma.fields.String(required=True, validate=validate.OneOf([
        "violent", "weapons", "firearms", "self_harm", "suicidal", "escape_risk", "drugs", "mental_health",
        "contagious", "ailment", "alleges", "explosives", "female_impersonator", "male_impersonator"]))
    detail = ma.fields.String(load_default="", validate=validate.Length(max=2000))
