"""What the prosecution API takes and gives."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.kit.schemas import BoundedAwareDateTime

When = BoundedAwareDateTime
Text = ma.fields.String


class ChargeOffenceIn(ma.Schema):
    code = Text(load_default="", validate=validate.Length(max=12), metadata={"description": "Offence code (rules/offences.toml)"})
    wording = Text(load_default="", validate=validate.Length(max=2000))
    mode = Text(load_default=None, validate=validate.OneOf(("summary", "either_way", "indictable_only")),
                metadata={"description": "Only for an offence MiPS does not list"})
    flags = ma.fields.List(Text(validate=validate.Length(max=40)), load_default=list, validate=validate.Length(max=10))

    @ma.validates_schema
    def named(self, data, **_):
        if not data.get("code") and not data.get("wording"):
            raise ma.ValidationError("give the offence code or its wording", "code")


class AskIn(ma.Schema):
    person_id = Text(required=True, metadata={"description": "The suspect (the one MiPS person)"})
    detention_id = Text(load_default=None, validate=validate.Length(max=32))
    custody_no = Text(load_default="", validate=validate.Length(max=30))
    offences = ma.fields.List(ma.fields.Nested(ChargeOffenceIn), required=True, validate=validate.Length(min=1, max=20))
    anticipated_plea = Text(required=True, validate=validate.OneOf(("guilty", "not_guilty")))
    likely_venue = Text(required=True, validate=validate.OneOf(("magistrates", "crown")), metadata={
        "description": "magistrates: suitable for sentence in the magistrates' court"})
    circumstances = ma.fields.List(Text(validate=validate.Length(max=40)), load_default=list,
                                   validate=validate.Length(max=10), metadata={
                                       "description": "What DG6's exclusions ask of the case: hate_crime, domestic_abuse, "
                                                      "death, person_under_18, ..."})
    kept_in_custody = ma.fields.Boolean(load_default=False)
    summary = Text(load_default="", validate=validate.Length(max=20000))


class PoliceChargeIn(ma.Schema):
    test = Text(load_default="full_code", validate=validate.OneOf(("full_code", "threshold")))
    rationale = Text(required=True, validate=validate.Length(min=3, max=20000))
    at = When(load_default=None)


class Mg3In(ma.Schema):
    summary = Text(required=True, validate=validate.Length(min=3, max=20000))
    test_requested = Text(load_default="full_code", validate=validate.OneOf(("full_code", "threshold")))
    at = When(load_default=None)


class Mg3AnswerIn(ma.Schema):
    outcome = Text(required=True, validate=validate.OneOf(("charge", "no_further_action", "further_evidence")))
    test = Text(load_default=None, validate=validate.OneOf(("full_code", "threshold")))
    prosecutor = Text(required=True, validate=validate.Length(min=2, max=120))
    rationale = Text(required=True, validate=validate.Length(min=3, max=20000))
    charges = ma.fields.List(ma.fields.Nested(ChargeOffenceIn), load_default=list, validate=validate.Length(max=20))
    actions = Text(load_default="", validate=validate.Length(max=20000))
    at = When(load_default=None)


class ProsecutionEntryOut(ma.Schema):
    seq = ma.fields.Integer()
    kind = Text()
    at = ma.fields.AwareDateTime()
    by = Text()
    text = Text()
    data = ma.fields.Dict()


class ChargingOut(ma.Schema):
    id = Text()
    ref = Text()
    person_id = Text()
    detention_id = Text(allow_none=True)
    custody_no = Text()
    offences = ma.fields.List(ma.fields.Dict())
    plea = Text()
    venue = Text()
    circumstances = ma.fields.List(Text())
    kept_in_custody = ma.fields.Boolean()
    decider = Text(metadata={"description": "police or cps (DG6 Annex 1)"})
    reasons = ma.fields.List(ma.fields.Dict(), metadata={"description": "Each step of the decision with its rule"})
    state = Text()
    outcome = Text(allow_none=True)
    test = Text(allow_none=True)
    decided_by = Text(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class ChargingFull(ChargingOut):
    history = ma.fields.List(ma.fields.Nested(ProsecutionEntryOut))
