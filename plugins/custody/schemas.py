"""What the custody API takes and gives. Times must carry their zone (ISO 8601 with an
offset); a naive time is refused rather than guessed, and so is one outside 1900-2200
(a custody time in year 1 is a keying error, and would overflow the PACE clock)."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.kit.schemas import BoundedAwareDateTime, MarkerOut, PersonRecordIn as PersonIn, SourceIn
from plugins.custody import care
from plugins.custody.models import OUTCOMES
from plugins.custody.numbers import SUITE_PATTERN
from plugins.custody.services import PLAIN_KINDS

When = BoundedAwareDateTime
CASES = ("usual", "voluntary_attender", "other_force_area", "outside_england_and_wales")


class OffenceIn(ma.Schema):
    wording = ma.fields.String(required=True, validate=validate.Length(min=1, max=300))
    code = ma.fields.String(load_default="", validate=validate.Length(max=20))
    indictable = ma.fields.Boolean(load_default=False, metadata={"description": "Indictable (incl. either way): allows s.42 extension"})


class ArrivalIn(ma.Schema):
    suite = ma.fields.String(required=True, validate=validate.Regexp(SUITE_PATTERN, error="a suite code of 2-4 capital letters"))
    person_id = ma.fields.String(load_default=None, metadata={"description": "The MiPS person, if already found"})
    person = ma.fields.Nested(PersonIn, load_default=None, metadata={"description": "Or who they say they are: resolved to the one person"})
    arrest_at = When(required=True)
    arrest_place = ma.fields.String(load_default="", validate=validate.Length(max=200))
    arresting_officer = ma.fields.String(load_default="", validate=validate.Length(max=80))
    officer_in_case = ma.fields.String(load_default="", validate=validate.Length(max=80))
    grounds = ma.fields.String(load_default="", validate=validate.Length(max=4000))
    offences = ma.fields.List(ma.fields.Nested(OffenceIn), required=True, validate=validate.Length(min=1, max=50))
    warrant_no = ma.fields.String(load_default=None, validate=validate.Length(max=20), metadata={"description": "Arrested on this warrant"})
    arrival_at = When(load_default=None)
    case = ma.fields.String(load_default="usual", validate=validate.OneOf(CASES),
                            metadata={"description": "Which PACE s.41(2) case starts the clock"})
    arrival_in_area_at = When(load_default=None)
    entered_england_wales_at = When(load_default=None)

    @ma.validates_schema
    def one_detainee(self, data, **_):
        if bool(data.get("person_id")) == bool(data.get("person")):
            raise ma.ValidationError("give either person_id or person", "person")


class DecisionIn(ma.Schema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(("authorise", "refuse")))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=4000))
    at = When(load_default=None)


class CheckIn(ma.Schema):
    at = When(load_default=None)
    roused = ma.fields.Boolean(load_default=False)
    condition = ma.fields.String(load_default="", validate=validate.Length(max=200))
    observation = ma.fields.String(load_default="", validate=validate.Length(max=2000))


class RiskIn(ma.Schema):
    observation_level = ma.fields.Integer(required=True, validate=validate.OneOf(care.LEVELS))
    intoxicated = ma.fields.Boolean(load_default=False, metadata={"description": "Drink or drugs: roused every 30 minutes"})
    risks = ma.fields.List(ma.fields.String(validate=validate.Length(max=200)), load_default=list)
    notes = ma.fields.String(load_default="", validate=validate.Length(max=4000))
    at = When(load_default=None)


class ReviewIn(ma.Schema):
    decision = ma.fields.String(load_default="continue", validate=validate.OneOf(("continue", "release")))
    representations = ma.fields.String(load_default="", validate=validate.Length(max=4000))
    notes = ma.fields.String(load_default="", validate=validate.Length(max=4000))
    at = When(load_default=None)


class ExtensionIn(ma.Schema):
    grounds = ma.fields.String(required=True, validate=validate.Length(min=1, max=4000))
    to_hours = ma.fields.Integer(load_default=None, validate=validate.Range(min=25, max=36), metadata={
        "description": "Authorised to this many hours after the relevant time (default 36); a shorter period may be "
                       "topped up to 36 later (PACE s.42(2))"})
    at = When(load_default=None)


class WarrantIn(ma.Schema):
    kind = ma.fields.String(load_default="warrant", validate=validate.OneOf(("warrant", "warrant_extension")))
    hours = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=36))
    court = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    at = When(load_default=None)


class EntryIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(PLAIN_KINDS))
    text = ma.fields.String(load_default="", validate=validate.Length(max=4000))
    data = ma.fields.Dict(keys=ma.fields.String(), load_default=dict)
    at = When(load_default=None)


class RightsIn(ma.Schema):
    """PACE Code C 3.1-3.5: the rights and entitlements given at booking, and the answers."""

    notice_given = ma.fields.Boolean(required=True, metadata={"description": "Written notice of rights and entitlements given"})
    legal_advice_requested = ma.fields.Boolean(required=True)
    solicitor = ma.fields.String(load_default="", validate=validate.Length(max=200),
                                 metadata={"description": "Named solicitor, or duty solicitor"})
    someone_informed = ma.fields.String(load_default="", validate=validate.Length(max=200),
                                        metadata={"description": "Person to be told of the arrest (s.56)"})
    appropriate_adult = ma.fields.String(load_default="", validate=validate.Length(max=200))
    interpreter = ma.fields.String(load_default="", validate=validate.Length(max=100), metadata={"description": "Language"})
    declined_reason = ma.fields.String(load_default="", validate=validate.Length(max=1000))
    at = When(load_default=None)


class DelayIn(ma.Schema):
    right = ma.fields.String(required=True, validate=validate.OneOf(("someone_informed", "legal_advice")))
    grounds = ma.fields.String(required=True, validate=validate.Length(min=1, max=4000), metadata={
        "description": "The grounds of PACE s.56(5) / s.58(8) the inspector relies on"})
    at = When(load_default=None)


class DelayEndIn(ma.Schema):
    right = ma.fields.String(required=True, validate=validate.OneOf(("someone_informed", "legal_advice")))
    text = ma.fields.String(load_default="", validate=validate.Length(max=4000))
    at = When(load_default=None)


class BailExtensionIn(ma.Schema):
    grounds = ma.fields.String(required=True, validate=validate.Length(min=1, max=4000))
    at = When(load_default=None)


class CorrectionIn(ma.Schema):
    corrects = ma.fields.Integer(required=True, validate=validate.Range(min=1))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
    void = ma.fields.Boolean(load_default=False)
    data = ma.fields.Dict(keys=ma.fields.String(), load_default=dict)
    at = When(load_default=None, metadata={"description": "The corrected time, if the time was wrong"})


class ChargeIn(ma.Schema):
    offences = ma.fields.List(ma.fields.Nested(OffenceIn), load_default=None)
    wording = ma.fields.String(load_default="", validate=validate.Length(max=4000))
    at = When(load_default=None)


class ReleaseIn(ma.Schema):
    outcome = ma.fields.String(load_default=None, validate=validate.OneOf([o for o in OUTCOMES if o != "refused_detention"]))
    text = ma.fields.String(load_default="", validate=validate.Length(max=4000))
    at = When(load_default=None)


class AtQuery(ma.Schema):
    at = When(load_default=None, metadata={"description": "Any moment (default now)"})


class ListQuery(ma.Schema):
    suite = ma.fields.String(load_default=None)
    state = ma.fields.String(load_default=None, validate=validate.OneOf(("open", "closed")))
    person_id = ma.fields.String(load_default=None)


class EntryOut(ma.Schema):
    seq = ma.fields.Integer()
    kind = ma.fields.String()
    at = ma.fields.AwareDateTime()
    recorded_at = ma.fields.AwareDateTime()
    by = ma.fields.String()
    by_role = ma.fields.String()
    text = ma.fields.String()
    data = ma.fields.Dict()
    corrects = ma.fields.Integer(allow_none=True)


class ClockOut(ma.Schema):
    at = ma.fields.AwareDateTime()
    running = ma.fields.Boolean()
    relevant_time = ma.fields.AwareDateTime()
    relevant_time_cite = ma.fields.String()
    limit_at = ma.fields.AwareDateTime()
    limit_cite = ma.fields.String()
    next_review_due = ma.fields.AwareDateTime(allow_none=True)
    next_check_due = ma.fields.AwareDateTime(allow_none=True)
    check_cite = ma.fields.String()
    court_due = ma.fields.AwareDateTime(allow_none=True, metadata={"description": "Charged and kept in custody: before the court by (PACE s.46)"})
    court_cite = ma.fields.String()
    delays = ma.fields.List(ma.fields.Dict(), metadata={"description": "Rights delayed now, each with when the delay must end"})
    overdue = ma.fields.List(ma.fields.String())


class DetentionOut(ma.Schema):
    id = ma.fields.String()
    custody_no = ma.fields.String()
    suite = ma.fields.String()
    person_id = ma.fields.String()
    state = ma.fields.String()
    decision = ma.fields.String()
    arrest_at = ma.fields.AwareDateTime()
    arrest_place = ma.fields.String()
    arresting_officer = ma.fields.String()
    officer_in_case = ma.fields.String()
    grounds = ma.fields.String()
    offences = ma.fields.List(ma.fields.Dict())
    warrant_no = ma.fields.String(allow_none=True)
    arrival_at = ma.fields.AwareDateTime()
    case = ma.fields.String()
    authorised_at = ma.fields.AwareDateTime(allow_none=True)
    authorised_by = ma.fields.String()
    observation_level = ma.fields.Integer(allow_none=True)
    intoxicated = ma.fields.Boolean()
    cell = ma.fields.String()
    in_hospital = ma.fields.Boolean()
    outcome = ma.fields.String(allow_none=True)
    released_at = ma.fields.AwareDateTime(allow_none=True)
    bail_until = ma.fields.AwareDateTime(allow_none=True, metadata={"description": "When pre-charge bail ends"})
    source_system = ma.fields.String()
    version = ma.fields.Integer()


class BookedOut(DetentionOut):
    markers = ma.fields.List(ma.fields.Nested(MarkerOut), metadata={"description": "Warning markers, shown at booking"})
    resolution = ma.fields.String(metadata={"description": "matched | created | review | given"})


class DetentionFull(DetentionOut):
    entries = ma.fields.List(ma.fields.Nested(EntryOut))
    clock = ma.fields.Nested(ClockOut)


class BoardRow(ma.Schema):
    detention_id = ma.fields.String()
    custody_no = ma.fields.String()
    person_id = ma.fields.String()
    name = ma.fields.String()
    cell = ma.fields.String()
    decision = ma.fields.String()
    observation_level = ma.fields.Integer(allow_none=True)
    in_hospital = ma.fields.Boolean()
    markers = ma.fields.List(ma.fields.String())
    clock = ma.fields.Nested(ClockOut)
    soonest = ma.fields.AwareDateTime()


class BailDueRow(ma.Schema):
    detention_id = ma.fields.String()
    custody_no = ma.fields.String()
    person_id = ma.fields.String()
    name = ma.fields.String()
    bail_until = ma.fields.AwareDateTime()
    overdue = ma.fields.Boolean()


class BoardOut(ma.Schema):
    suite = ma.fields.String()
    at = ma.fields.AwareDateTime()
    detainees = ma.fields.List(ma.fields.Nested(BoardRow))
    bail_due = ma.fields.List(ma.fields.Nested(BailDueRow), metadata={"description": "Pre-charge bail ending soon, soonest first"})
    overdue = ma.fields.Integer(metadata={"description": "How many detainees have something overdue"})


# -- published input kinds (documents an adapter hands over through mips_ingest) ------

class DetaineeIn(ma.Schema):
    mention = ma.fields.Nested(SourceIn, required=True,
                               metadata={"description": "The legacy mention the bridge resolved to a person"})
    record = ma.fields.Nested(PersonIn, required=True,
                              metadata={"description": "Who the record says the detainee is, if the bridge could not resolve them"})


class DetentionHistoryIn(ma.Schema):
    """``custody.detention`` version 1: a detention held in a system custody replaces
    (NSPIS), as history. The same field types as booking in (``ArrivalIn``); times carry
    their zone; ``original`` is the legacy row as it came, kept on the record's first entry."""

    version = ma.fields.Integer(required=True, validate=validate.Equal(1))
    custody_no = ma.fields.String(required=True, validate=validate.Length(min=1, max=20))
    suite = ma.fields.String(required=True, validate=validate.Regexp(SUITE_PATTERN, error="a suite code of 2-4 capital letters"))
    arrival_at = When(required=True)
    released_at = When(load_default=None)
    outcome = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    offences = ma.fields.List(ma.fields.Nested(OffenceIn), load_default=list, validate=validate.Length(max=50))
    detainee = ma.fields.Nested(DetaineeIn, required=True)
    system_title = ma.fields.String(required=True, validate=validate.Length(min=1, max=40))
    original = ma.fields.Dict(load_default=dict)

    @ma.validates_schema
    def released_after_arrival(self, data, **_):
        if data.get("released_at") and data["released_at"] < data["arrival_at"]:
            raise ma.ValidationError("release cannot come before arrival", "released_at")


#: The kinds custody takes through ``mips_ingest``, each with the schema that validates it.
INGEST_KINDS = {"custody.detention": DetentionHistoryIn}
