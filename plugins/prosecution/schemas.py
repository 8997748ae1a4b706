"""What the prosecution API takes and gives."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.kit.schemas import BoundedAwareDateTime, PersonRecordIn, SourceIn

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


class ParticularsIn(ma.Schema):
    file_type = Text(load_default=None, validate=validate.OneOf(("gap", "ngap", "crown")), metadata={
        "description": "gap: anticipated guilty plea; ngap: anticipated not guilty plea; crown: Crown Court"})
    remand = Text(load_default=None, validate=validate.OneOf(("custody", "bail")), metadata={
        "description": "custody: kept in custody after charge (next sitting); bail: the file type's listing window"})

    @ma.validates_schema
    def something(self, data, **_):
        if data.get("file_type") is None and data.get("remand") is None:
            raise ma.ValidationError("give file_type or remand", "file_type")


class FormIn(ma.Schema):
    fields = ma.fields.Dict(keys=Text(validate=validate.Length(max=40)), required=True,
                            validate=validate.Length(min=1, max=40), metadata={"description": "field name -> value"})


class CasesQuery(ma.Schema):
    state = Text(load_default=None, validate=validate.OneOf(("building", "submitted")))
    mine = ma.fields.Boolean(load_default=False, metadata={"description": "Only cases of the caller's unit"})
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class MissingOut(ma.Schema):
    form = Text()
    field = Text()
    title = Text()


class CaseOut(ma.Schema):
    id = Text()
    urn = Text()
    person_id = Text()
    custody_no = Text()
    suite = Text()
    unit = Text()
    charged_at = ma.fields.AwareDateTime()
    charged_by = Text()
    charges = ma.fields.List(ma.fields.Dict())
    file_type = Text(allow_none=True)
    remand = Text()
    first_hearing_at = ma.fields.AwareDateTime(allow_none=True)
    charging_decision_id = Text(allow_none=True)
    state = Text()
    missing = ma.fields.List(ma.fields.Nested(MissingOut), metadata={"description": "What the file still needs"})


class CaseFull(CaseOut):
    forms = ma.fields.Dict(metadata={"description": "form -> field -> {value, source}"})
    required_forms = ma.fields.List(Text())
    history = ma.fields.List(ma.fields.Nested(ProsecutionEntryOut))


class WarrantReceivedIn(ma.Schema):
    warrant_type = Text(required=True, metadata={"description": "A key of rules/warrants.toml (fail_to_appear_backed...)"})
    person_id = Text(load_default=None, metadata={"description": "The subject, if already found"})
    person = ma.fields.Nested(PersonRecordIn, load_default=None, metadata={"description": "Or who they are: resolved"})
    court = Text(required=True, validate=validate.Length(min=2, max=120))
    court_ref = Text(load_default="", validate=validate.Length(max=40))
    issued_at = When(required=True)
    reason = Text(load_default="", validate=validate.Length(max=4000))
    endorsement = Text(load_default=None, validate=validate.Length(max=4000), metadata={
        "description": "Backed for bail: the terms of release (date to appear, conditions)"})

    @ma.validates_schema
    def one_person(self, data, **_):
        if bool(data.get("person_id")) == bool(data.get("person")):
            raise ma.ValidationError("give either person_id or person", "person")


class WarrantActIn(ma.Schema):
    at = When(load_default=None)
    text = Text(load_default="", validate=validate.Length(max=4000))


class ExecutionIn(WarrantActIn):
    place = Text(load_default="", validate=validate.Length(max=200))


class WithdrawalIn(ma.Schema):
    at = When(load_default=None)
    reason = Text(required=True, validate=validate.Length(min=3, max=4000))


class WarrantsQuery(ma.Schema):
    state = Text(load_default="outstanding", validate=validate.OneOf(
        ("outstanding", "all", "received", "circulated", "executed", "withdrawn", "cancelled")))
    person_id = Text(load_default=None)
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class WarrantOut(ma.Schema):
    id = Text()
    warrant_no = Text()
    person_id = Text()
    warrant_type = Text()
    court = Text()
    court_ref = Text()
    issued_at = ma.fields.AwareDateTime()
    received_at = ma.fields.AwareDateTime()
    reason = Text()
    endorsement = Text(allow_none=True)
    state = Text()
    executed_at = ma.fields.AwareDateTime(allow_none=True)
    outcome = Text(allow_none=True)
    custody_no = Text()


class WarrantFull(WarrantOut):
    history = ma.fields.List(ma.fields.Nested(ProsecutionEntryOut))


# -- published input kinds (legacy adapters hand these over) -----------------------------

class DocChargeIn(ma.Schema):
    code = Text(load_default="", validate=validate.Length(max=12))
    wording = Text(load_default="", validate=validate.Length(max=2000))


class DocDefendantIn(ma.Schema):
    defendant_no = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=99))
    mention = ma.fields.Nested(SourceIn, required=True, metadata={"description": "The mention the bridge resolved"})
    person = ma.fields.Nested(PersonRecordIn, required=True, metadata={"description": "Who the record says it is"})
    charges = ma.fields.List(ma.fields.Nested(DocChargeIn), load_default=list, validate=validate.Length(max=50))


class CaseFileDocIn(ma.Schema):
    """``prosecution.case_file`` v1: a case file from a legacy system (COPA), its URN kept."""

    urn = Text(required=True, validate=validate.Regexp(r"^\d{2}[A-Z]{2}\d{7}$", error="a URN: 2 digits, 2 letters, 7 digits"))
    charged_at = When(required=True)
    finalised = ma.fields.Boolean(load_default=False)
    defendants = ma.fields.List(ma.fields.Nested(DocDefendantIn), required=True, validate=validate.Length(min=1, max=30))
    original = ma.fields.Dict(load_default=None)


class WarrantDocIn(WarrantReceivedIn):
    """``prosecution.warrant`` v1: a warrant from a legacy system (EWMS), its number kept."""

    warrant_no = Text(required=True, validate=validate.Length(min=2, max=20))
    state = Text(required=True, validate=validate.OneOf(("received", "circulated", "executed", "withdrawn", "cancelled")))
    mention = ma.fields.Nested(SourceIn, load_default=None)
    original = ma.fields.Dict(load_default=None)


INGEST_KINDS = {"prosecution.case_file": CaseFileDocIn, "prosecution.warrant": WarrantDocIn}
