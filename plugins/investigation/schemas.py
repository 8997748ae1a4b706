"""What the investigation API takes and gives. ``CrimeIn`` is also the published input
kind ``investigation.crime`` v1 that an adapter (CRIS) hands over: one schema for both."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.kit.schemas import BoundedAwareDateTime, PersonRecordIn, SourceIn

When = BoundedAwareDateTime


class CrimePartyIn(ma.Schema):
    role = ma.fields.String(required=True, validate=validate.OneOf(("victim", "witness", "suspect")))
    person_id = ma.fields.String(load_default=None, metadata={"description": "The MiPS person, if already found"})
    person = ma.fields.Nested(PersonRecordIn, load_default=None, metadata={"description": "Or who they are: resolved"})
    mention = ma.fields.Nested(SourceIn, load_default=None, metadata={
        "description": "From a legacy system: the mention the bridge resolved to a person (``person`` is then "
                       "who the record says it is, resolved only if the bridge could not)"})
    suspect_status = ma.fields.String(load_default="", validate=validate.OneOf(
        ("", "named", "arrested", "interviewed", "charged", "eliminated")))

    @ma.validates_schema
    def one_person(self, data, **_):
        if bool(data.get("person_id")) == bool(data.get("person")):
            raise ma.ValidationError("give either person_id or person", "person")


class CrimeIn(ma.Schema):
    offences = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=60)), required=True,
                              validate=validate.Length(min=1, max=10), metadata={
                                  "description": "HOCR classification codes of what was reported (the principal crime "
                                                 "rule keeps the most serious of one sequence)"})
    confirmed = ma.fields.Boolean(load_default=True, metadata={"description": "False: a reported rape not yet confirmed (N100)"})
    occurred_from = When(required=True)
    occurred_to = When(load_default=None)
    reported_at = When(required=True)
    reported_how = ma.fields.String(load_default="", validate=validate.Length(max=40))
    place = ma.fields.String(load_default="", validate=validate.Length(max=300))
    postcode = ma.fields.String(load_default=None, validate=validate.Length(max=10))
    account = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    victim_organisation = ma.fields.String(load_default="", validate=validate.Length(max=200))
    parties = ma.fields.List(ma.fields.Nested(CrimePartyIn), load_default=list, validate=validate.Length(max=50))
    original = ma.fields.Dict(load_default=None, metadata={
        "description": "From a legacy system: the record as it came, kept in the crime's history"})


class ReclassifyIn(ma.Schema):
    classification = ma.fields.String(required=True, validate=validate.Length(min=1, max=10))
    reason = ma.fields.String(required=True, validate=validate.Length(min=3, max=4000))


class CancelIn(ma.Schema):
    reason = ma.fields.String(required=True, metadata={"description": "C1, C2, C3 or C4 (HOCR General Rules C)"})
    evidence = ma.fields.String(required=True, validate=validate.Length(min=3, max=20000))


class CrimePartyOut(ma.Schema):
    person_id = ma.fields.String()
    role = ma.fields.String()
    suspect_status = ma.fields.String()


class CrimeEntryOut(ma.Schema):
    seq = ma.fields.Integer()
    kind = ma.fields.String()
    at = ma.fields.AwareDateTime()
    by = ma.fields.String()
    text = ma.fields.String()
    data = ma.fields.Dict()


class CrimeOut(ma.Schema):
    id = ma.fields.String()
    crime_ref = ma.fields.String()
    incident_ref = ma.fields.String()
    classification = ma.fields.String()
    state = ma.fields.String()
    restricted = ma.fields.Boolean()
    occurred_from = ma.fields.AwareDateTime()
    occurred_to = ma.fields.AwareDateTime(allow_none=True)
    reported_at = ma.fields.AwareDateTime()
    recorded_at = ma.fields.AwareDateTime()
    recorded_by = ma.fields.String()
    unit = ma.fields.String()
    place = ma.fields.String()
    victim_person_id = ma.fields.String(allow_none=True)
    victim_organisation = ma.fields.String()
    outcome = ma.fields.String(allow_none=True)


class CrimeFull(CrimeOut):
    parties = ma.fields.List(ma.fields.Nested(CrimePartyOut))
    history = ma.fields.List(ma.fields.Nested(CrimeEntryOut))


class RecordedOut(ma.Schema):
    crimes = ma.fields.List(ma.fields.Nested(CrimeOut))
    decisions = ma.fields.List(ma.fields.Dict(), metadata={"description": "Each counting decision, with its rule"})


class IntegrityQuery(ma.Schema):
    since = When(data_key="from", required=True)
    until = When(data_key="to", required=True)
    unit = ma.fields.String(load_default=None)


class IntegrityOut(ma.Schema):
    since = ma.fields.AwareDateTime(data_key="from")
    until = ma.fields.AwareDateTime(data_key="to")
    standard = ma.fields.Dict()
    total = ma.fields.Integer()
    within = ma.fields.Integer()
    share = ma.fields.Float(allow_none=True)
    by_classification = ma.fields.List(ma.fields.Dict())
    by_unit = ma.fields.List(ma.fields.Dict())
    late = ma.fields.List(ma.fields.Dict())


INGEST_KINDS = {"investigation.crime": CrimeIn}
