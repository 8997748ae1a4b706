"""The custody desk's forms, declared once: which fields each act asks for in the browser.

Each act of the REST API (``resources.ACTS``) has a form here with the same schema, so a
page validates exactly as the API does: :func:`read` turns the posted form into the
schema's input (times typed as UK local time become aware datetimes), the schema loads
it, and the same service acts on it. Errors come back keyed by field for the GOV.UK
error summary.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import marshmallow as ma

from core.kit import LONDON
from plugins.custody import schemas
from plugins.custody.services import PLAIN_KINDS

LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")
YES = "yes"


@dataclass(frozen=True)
class Field:
    """One question on a form. ``kind``: text, textarea, radios, checkbox, datetime,
    number, select, lines (one item per line) or offences (one offence's wording per
    line). A dotted ``name`` fills a nested dict (a dotted checkbox only when ticked)."""

    name: str
    label: str
    kind: str = "text"
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ActForm:
    """An act on a detention as a page: its URL piece, service, schema, right and fields."""

    path: str
    service: str
    schema: type[ma.Schema]
    act: str
    title: str
    button: str
    fields: tuple[Field, ...]
    cite: str = ""
    fixed: dict[str, Any] = field(default_factory=dict)


WHEN = Field("at", "When (UK time)", "datetime", "Leave blank for now")
YES_NO = (("yes", "Yes"), ("no", "No"))

FORMS = {f.path: f for f in (
    ActForm("decision", "decide", schemas.DecisionIn, "manage", "Decide on detention", "Record the decision", (
        Field("decision", "Decision", "radios", options=(("authorise", "Authorise detention"), ("refuse", "Refuse detention: release"))),
        Field("reason", "Grounds", "textarea", "For example: to secure and preserve evidence, to obtain evidence by questioning"),
        WHEN), cite="PACE 1984 s.37(2), (3)"),
    ActForm("rights", "rights", schemas.RightsIn, "manage", "Rights and entitlements", "Record rights given", (
        Field("notice_given", "The written notice of rights and entitlements was given", "checkbox"),
        Field("legal_advice_requested", "Does the detainee want legal advice?", "radios", options=YES_NO),
        Field("solicitor", "Solicitor", hint="A named solicitor, or 'duty solicitor'"),
        Field("someone_informed", "Person to be told of the arrest"),
        Field("appropriate_adult", "Appropriate adult"),
        Field("interpreter", "Interpreter (language)"),
        Field("declined_reason", "Reason legal advice was declined, if given", "textarea"),
        WHEN), cite="PACE Code C 3.1-3.5; PACE 1984 s.56, s.58"),
    ActForm("risk", "risk_assessment", schemas.RiskIn, "manage", "Risk assessment", "Record the assessment", (
        Field("observation_level", "Level of observation", "radios", options=(
            ("1", "Level 1: general, visited at least every hour"), ("2", "Level 2: intermittent, every 30 minutes"),
            ("3", "Level 3: constant observation"), ("4", "Level 4: close proximity"))),
        Field("intoxicated", "Suspected of being under the influence of drink or drugs (roused every 30 minutes)", "checkbox"),
        Field("risks", "Risks identified", "lines", "One per line, for example: self-harm, medication"),
        Field("notes", "Notes", "textarea"),
        WHEN), cite="PACE Code C 3.6-3.10, 9.3"),
    ActForm("checks", "log_check", schemas.CheckIn, "check", "Log a check", "Log the check", (
        Field("condition", "Condition", hint="For example: awake, responsive, asleep and breathing normally"),
        Field("roused", "The detainee was roused and responded", "checkbox"),
        Field("observation", "What you saw", "textarea"),
        WHEN), cite="PACE Code C 9.3"),
    ActForm("reviews", "review", schemas.ReviewIn, "review", "Review detention", "Record the review", (
        Field("decision", "Decision", "radios", options=(("continue", "Continue detention"), ("release", "Release"))),
        Field("representations", "Representations by the detainee or their solicitor", "textarea"),
        Field("notes", "Reasons", "textarea"),
        WHEN), cite="PACE 1984 s.40"),
    ActForm("charged-reviews", "review_after_charge", schemas.ReviewIn, "manage", "Review detention after charge",
            "Record the review", (
        Field("decision", "Decision", "radios", options=(("continue", "Keep in custody for court"), ("release", "Release"))),
        Field("notes", "Reasons", "textarea"),
        WHEN), cite="PACE 1984 s.40(1)(a)"),
    ActForm("extensions", "extend", schemas.ExtensionIn, "extend", "Extend detention (superintendent)", "Authorise the extension", (
        Field("grounds", "Grounds", "textarea", "Why detention without charge is still necessary, and that the "
                                                "investigation is being conducted diligently and expeditiously"),
        Field("to_hours", "Authorised to how many hours after the relevant time?", "number",
              "Up to 36; a shorter period can be extended again later, up to 36"),
        WHEN), cite="PACE 1984 s.42"),
    ActForm("warrants", "court_warrant", schemas.WarrantIn, "manage", "Warrant of further detention", "Record the warrant", (
        Field("kind", "Warrant", "radios", options=(("warrant", "Warrant of further detention (s.43)"),
                                                     ("warrant_extension", "Extension of a warrant (s.44)"))),
        Field("hours", "Hours authorised", "number"),
        Field("court", "Court"),
        WHEN), cite="PACE 1984 s.43, s.44"),
    ActForm("entries", "plain_entry", schemas.EntryIn, "manage", "Add an entry", "Add the entry", (
        Field("kind", "What happened", "select", options=tuple((k, k.replace("_", " ").capitalize()) for k in PLAIN_KINDS)),
        Field("data.cell", "Cell (for a move of cell)"),
        Field("data.until", "Questioning ended (UK time), for questioning in hospital or on the way", "datetime",
              "Only the time questioned counts toward the detention clock (PACE s.41(6))"),
        Field("text", "Details", "textarea"),
        WHEN)),
    ActForm("corrections", "correct", schemas.CorrectionIn, "manage", "Correct an entry", "Record the correction", (
        Field("corrects", "Entry number to correct", "number", "The # of the entry on the record"),
        Field("reason", "Why it is corrected", "textarea"),
        Field("void", "The entry should not have been made (void it)", "checkbox"),
        Field("at", "The corrected time (UK), if the time was wrong", "datetime")),
        cite="The record is never changed: the correction is a new entry"),
    ActForm("charge", "charge", schemas.ChargeIn, "manage", "Charge", "Charge", (
        Field("offences", "Offences charged", "offences", "One per line; leave blank to charge the offences of arrest"),
        Field("wording", "Charge wording", "textarea"),
        WHEN), cite="PACE 1984 s.37(7)(d)"),
    ActForm("rights-delays", "delay_rights", schemas.DelayIn, "review", "Delay a right (inspector)", "Authorise the delay", (
        Field("right", "Which right?", "radios", options=(("someone_informed", "Having someone informed of the arrest (s.56)"),
                                                           ("legal_advice", "Legal advice (s.58)"))),
        Field("grounds", "Grounds", "textarea", "Which ground of s.56(5) or s.58(8) applies, and why"),
        WHEN), cite="PACE 1984 s.56, s.58: an inspector or above, an indictable offence, at most 36 hours"),
    ActForm("rights-delays-ended", "end_rights_delay", schemas.DelayEndIn, "manage", "Give a delayed right", "Record it", (
        Field("right", "Which right?", "radios", options=(("someone_informed", "Having someone informed of the arrest"),
                                                           ("legal_advice", "Legal advice"))),
        Field("text", "Details", "textarea"),
        WHEN)),
    ActForm("bail-extensions", "extend_bail", schemas.BailExtensionIn, "review", "Extend pre-charge bail", "Extend bail", (
        Field("grounds", "Grounds", "textarea"),),
        cite="Inspector to 6 months, superintendent to 9 months, beyond that a magistrates' court"),
    ActForm("release", "release", schemas.ReleaseIn, "manage", "End the detention", "Record the release", (
        Field("outcome", "Outcome", "radios", options=(
            ("charged", "Charged"), ("bailed", "Bailed"), ("released_under_investigation", "Released under investigation"),
            ("no_further_action", "No further action"), ("transferred", "Transferred"))),
        Field("text", "Details", "textarea", "For example: bailed to appear at Highbury Corner Magistrates' Court"),
        WHEN)),
)}


class FormError(ValueError):
    """A value that cannot be read as typed (before the schema sees it)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def local_time(text: str) -> datetime:
    """A time typed in UK local time (``2026-12-03T14:05``) as an aware datetime."""
    for fmt in LOCAL_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=LONDON)
        except ValueError:
            continue
    raise ValueError(text)


def read(fields: tuple[Field, ...], form: Any) -> dict[str, Any]:
    """The posted form as the schema's input: blanks left out, so the schema's defaults apply."""
    data: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for f in fields:
        raw = form.get(f.name, "")
        if f.kind == "checkbox":
            value: Any = raw == YES
            if "." in f.name and not value:
                continue
        elif f.kind == "radios" and f.options == YES_NO:
            value = None if raw == "" else raw == YES
        elif f.kind == "lines":
            value = [line.strip() for line in raw.splitlines() if line.strip()] or None
        elif f.kind == "offences":
            value = [{"wording": line.strip()} for line in raw.splitlines() if line.strip()] or None
        elif f.kind == "datetime":
            if not raw.strip():
                continue
            try:
                value = local_time(raw).isoformat()
            except ValueError:
                problems[f.name] = "Enter a real date and time, for example 3 December 2026 14:05"
                continue
        else:
            value = raw.strip()
        if value is None or (value == "" and f.kind != "checkbox"):
            continue
        _put(data, f.name, value)
    if problems:
        raise FormError(problems)
    return data


def _put(data: dict[str, Any], dotted: str, value: Any) -> None:
    head, _, rest = dotted.partition(".")
    if rest:
        _put(data.setdefault(head, {}), rest, value)
    else:
        data[head] = value


def errors_of(exc: ma.ValidationError) -> dict[str, str]:
    """A schema's errors as one message per field (the first, in plain words)."""
    out: dict[str, str] = {}
    for name, problems in (exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}).items():
        first = problems[0] if isinstance(problems, list) and problems else problems
        out[name] = str(first if not isinstance(first, dict) else next(iter(first.values())))
    return out


#: Booking in: the arrest and arrival (the detainee is chosen or described separately).
BOOKING = (
    Field("suite", "Custody suite", hint="Its code, for example CAM"),
    Field("arrest_at", "Arrested at (UK time)", "datetime"),
    Field("arrival_at", "Arrived at the suite (UK time)", "datetime", "Leave blank for now"),
    Field("arrest_place", "Place of arrest"),
    Field("arresting_officer", "Arresting officer"),
    Field("officer_in_case", "Officer in the case"),
    Field("grounds", "Grounds for arrest", "textarea"),
    Field("offences", "Offences", "offences", "One per line"),
    Field("case", "When does the PACE clock start?", "radios", options=(
        ("usual", "On arrival at this station"), ("voluntary_attender", "At arrest (a voluntary attender arrested here)"),
        ("other_force_area", "Arrested in another force area for an offence investigated here"),
        ("outside_england_and_wales", "Arrested outside England and Wales"))),
    Field("arrival_in_area_at", "Arrived at the first station in this force area (UK time)", "datetime",
          "Only for arrests in another force area or outside England and Wales"),
    Field("entered_england_wales_at", "Entered England and Wales (UK time)", "datetime", "Only for arrests outside England and Wales"),
    Field("warrant_no", "Warrant number, if arrested on a warrant"),
)

#: A detainee MiPS does not know yet, described at the desk.
NEW_PERSON = (
    Field("person.given", "Given name"),
    Field("person.family", "Family name"),
    Field("person.dob", "Date of birth", hint="For example 27/03/1991"),
    Field("person.pnc_id", "PNC ID, if known"),
)


def new_person(form: Any) -> dict[str, Any]:
    """The person fields of the booking form in the persons API's shape."""
    given, family = form.get("person.given", "").strip(), form.get("person.family", "").strip()
    record: dict[str, Any] = {"names": [{"given": given, "family": family}]}
    if form.get("person.dob", "").strip():
        record["dobs"] = [uk_date(form["person.dob"])]
    if form.get("person.pnc_id", "").strip():
        record["identifiers"] = [{"kind": "pnc_id", "value": form["person.pnc_id"].strip()}]
    return record


def uk_date(text: str) -> str:
    """A date typed the UK way (27/03/1991, 27-3-1991) as ISO 8601; other text as typed,
    for the schema to refuse in its own words."""
    parts = text.strip().replace("-", "/").replace(".", "/").split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        day, month, year = (int(p) for p in parts)
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text.strip()
