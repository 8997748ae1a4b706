"""What the intelligence API takes and gives. ``ReportIn`` is also the published input
kind ``intelligence.report`` v1 that an adapter (CrimInt) hands over: one schema for both.

Grades are checked against the cited 3x5x2 rules by the service (so a refusal names its
source), not here; the schema only sees that each is given."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.kit.schemas import BoundedAwareDateTime, PersonRecordIn, SourceIn

Text = ma.fields.String


class SourceRefIn(ma.Schema):
    type = Text(required=True, validate=validate.Length(min=1, max=30))
    reference = Text(load_default="", validate=validate.Length(max=60), metadata={
        "description": "The source's reference (a covert source is given by reference only)"})
    name = Text(load_default="", validate=validate.Length(max=200), metadata={
        "description": "An overt source's name (refused for a covert source: never named in a report)"})


class ItemIn(ma.Schema):
    text = Text(required=True, validate=validate.Length(min=1, max=20000))
    source_evaluation = Text(required=True, metadata={"description": "1 reliable, 2 untested, 3 not reliable"})
    assessment = Text(required=True, metadata={"description": "A-E (3x5x2 intelligence assessment)"})
    handling = Text(required=True, metadata={"description": "P or C (with conditions)"})
    conditions = ma.fields.List(Text(validate=validate.Length(max=40)), load_default=list,
                                validate=validate.Length(max=10))
    conditions_text = Text(load_default="", validate=validate.Length(max=4000))


class SubjectIn(ma.Schema):
    kind = Text(required=True, validate=validate.OneOf(("person", "vehicle", "phone", "place")))
    person_id = Text(load_default=None)
    person = ma.fields.Nested(PersonRecordIn, load_default=None)
    mention = ma.fields.Nested(SourceIn, load_default=None, metadata={
        "description": "From a legacy system: the mention the bridge resolved to a person"})
    value = Text(load_default="", validate=validate.Length(max=300))

    @ma.validates_schema
    def one_thing(self, data, **_):
        if data["kind"] == "person":
            if bool(data.get("person_id")) == bool(data.get("person")):
                raise ma.ValidationError("give either person_id or person", "person")
        elif not data.get("value"):
            raise ma.ValidationError("a vehicle, phone or place needs its value", "value")


class ReportIn(ma.Schema):
    source = ma.fields.Nested(SourceRefIn, required=True)
    text = Text(required=True, validate=validate.Length(min=1, max=50000))
    items = ma.fields.List(ma.fields.Nested(ItemIn), required=True, validate=validate.Length(min=1, max=50))
    subjects = ma.fields.List(ma.fields.Nested(SubjectIn), load_default=list, validate=validate.Length(max=50))
    # from a legacy system only
    submitted_at = BoundedAwareDateTime(load_default=None)
    original_grading = ma.fields.Dict(load_default=None)
    grading_mapping = ma.fields.Dict(load_default=None)
    restricted = ma.fields.Boolean(load_default=False)
    sanitised = ma.fields.Boolean(load_default=False, metadata={
        "description": "From a legacy system: its text was the disseminated (sanitised) version"})
    original = ma.fields.Dict(load_default=None)


class SourceRegisterIn(ma.Schema):
    type = Text(required=True, validate=validate.Length(min=1, max=30))
    reference = Text(required=True, validate=validate.Length(min=2, max=60))
    name = Text(load_default="", validate=validate.Length(max=200))


class IntelSourceOut(ma.Schema):
    id = Text()
    reference = Text()
    kind = Text()
    covert = ma.fields.Boolean()


class SanitisedItemIn(ma.Schema):
    seq = ma.fields.Integer(required=True)
    sanitised = Text(required=True, validate=validate.Length(min=1, max=20000))


class EvaluationIn(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SanitisedItemIn), required=True, validate=validate.Length(min=1, max=50))
    note = Text(load_default="", validate=validate.Length(max=4000))


class RaiseMarkerIn(ma.Schema):
    person_id = Text(required=True)
    marker = Text(required=True, validate=validate.Length(min=1, max=40))
    justification = Text(required=True, validate=validate.Length(min=3, max=4000))
    review_at = BoundedAwareDateTime(required=True)


class RaisedMarkerOut(ma.Schema):
    id = Text()
    marker_id = Text()
    report_id = Text()
    person_id = Text()
    marker = Text()
    review_at = ma.fields.AwareDateTime()


class ItemOut(ma.Schema):
    seq = ma.fields.Integer()
    grading = ma.fields.Dict(metadata={"description": "Each grade with its meaning and source"})
    handling = Text()
    conditions = ma.fields.List(Text())
    conditions_text = Text()
    original = Text(allow_none=True)
    sanitised = Text(allow_none=True)


class ReportEntryOut(ma.Schema):
    seq = ma.fields.Integer()
    kind = Text()
    at = ma.fields.AwareDateTime()
    by = Text()
    data = ma.fields.Dict()


class ReportOut(ma.Schema):
    id = Text()
    number = Text()
    state = Text()
    restricted = ma.fields.Boolean()
    submitted_at = ma.fields.AwareDateTime()
    unit = Text()
    source_type = Text()
    text = Text(allow_none=True, metadata={"description": "The original as given (only to those who may read it)"})
    items = ma.fields.List(ma.fields.Nested(ItemOut))
    subjects = ma.fields.List(ma.fields.Dict())
    original_grading = ma.fields.Dict(allow_none=True)
    grading_mapping = ma.fields.Dict(allow_none=True)
    history = ma.fields.List(ma.fields.Nested(ReportEntryOut))


class SubmittedOut(ma.Schema):
    id = Text()
    number = Text()
    state = Text()


INGEST_KINDS = {"intelligence.report": ReportIn}
