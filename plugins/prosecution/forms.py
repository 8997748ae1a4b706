"""The MG forms of a case file as structured data, from the cited ``rules/files.toml``.

Every field is ``{"value", "source"}``: the source says where the value came from — the
custody charge event (its id and the field of the contract), a rule of this module (the
URN, the first hearing, with the rule's citation), the charging decision, or the officer
who keyed it — so each value of a file can be traced. A field with no value is missing;
what a file still needs is every field of every form its file type requires, and the
file type itself.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from core.kit import LONDON, Rules, load_rules, refuse, to_london

RULES = Path(__file__).with_name("rules") / "files.toml"
CHARGE_EVENT = "custody.charged v1"


def rules() -> Rules:
    return load_rules(RULES)


def required(file_type: str | None) -> list[str]:
    """The forms a file type needs (MG1 and MG4 whatever the type: they come from the charge)."""
    if file_type is None:
        return ["MG1", "MG4"]
    return list(rules()["file_types"][file_type]["forms"])


def blank(form: str) -> dict[str, Any]:
    return {name: {"value": None, "source": None} for name in rules()["forms"][form]["fields"]}


def from_event(event_id: str, field: str) -> dict[str, Any]:
    return {"from": CHARGE_EVENT, "event_id": event_id, "field": field}


def from_rule(dotted: str) -> dict[str, Any]:
    return {"from": "prosecution rules", "rule": dotted, "cite": rules().cite(dotted)}


def by_officer(username: str, at: datetime) -> dict[str, Any]:
    return {"from": "officer", "by": username, "at": at.isoformat()}


def _value(value: Any, source: dict[str, Any]) -> dict[str, Any]:
    return {"value": value if value not in ("", [], None) else None, "source": source if value not in ("", [], None) else None}


def charge_fields(event_id: str, charge: dict[str, Any], urn: str, source: Any = None) -> dict[str, dict[str, Any]]:
    """MG1's and MG4's fields from the custody charge event, each traced to the contract's
    field (or, with ``source(field)``, to wherever else the charge came from: a COPA file)."""
    trace = source or (lambda field: from_event(event_id, field))
    who = charge.get("defendant") or {}
    name = f"{(who.get('family') or '').upper()}, {who.get('given') or ''}".strip(", ")
    address = ", ".join(filter(None, [who.get("address"), who.get("postcode")]))
    charges = [{"wording": o.get("wording", ""), "code": o.get("code") or ""} for o in charge.get("offences", [])]
    common = {"defendant": _value(name, trace("defendant.family, defendant.given")),
              "date_of_birth": _value(who.get("dob"), trace("defendant.dob")),
              "address": _value(address, trace("defendant.address, defendant.postcode")),
              "charged_at": _value(charge.get("charged_at"), trace("charged_at")),
              "custody_no": _value(charge.get("custody_no"), trace("custody_no"))}
    mg1 = blank("MG1") | common | {
        "urn": _value(urn, from_rule("urn")),
        "pnc_id": _value(who.get("pnc_id"), trace("defendant.pnc_id")),
        "offence_codes": _value([c["code"] for c in charges if c["code"]], trace("offences[].code"))}
    mg4 = blank("MG4") | common | {
        "charges": _value(charges, trace("offences[].wording, offences[].code")),
        "charged_by": _value(charge.get("actor"), trace("actor")),
        "station": _value(charge.get("suite"), trace("suite"))}
    return {"MG1": mg1, "MG4": mg4}


def next_sitting(charged_at: datetime) -> datetime:
    """The first sitting of the magistrates' court after the charge (PACE s.46(2))."""
    rule = rules()["first_hearing"]
    hour, minute = (int(x) for x in rule["custody_sitting_time"].split(":"))
    local = to_london(charged_at)
    for days in range(0, 15):
        day = (local + timedelta(days=days)).date()
        sitting = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
        if day.weekday() in rule["custody_sitting_days"] and sitting > local:
            return sitting
    refuse("no_sitting", "No court sitting is set in the fortnight after the charge", rules().cite("first_hearing.custody_sitting_days"))


def first_hearing(charged_at: datetime, remand: str, file_type: str | None) -> tuple[datetime | None, dict[str, Any]]:
    """When the defendant first appears, and the rule: kept in custody, the next sitting;
    on bail, the listing window of the file type (unknown until the file type is)."""
    if remand == "custody":
        return next_sitting(charged_at), from_rule("first_hearing.custody_sitting_days")
    if file_type is None:
        return None, {}
    rule = rules()["file_types"][file_type]
    hour, minute = (int(x) for x in rules()["first_hearing"]["custody_sitting_time"].split(":"))
    day = (to_london(charged_at) + timedelta(days=rule["listing_days"])).date()
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON), from_rule(f"file_types.{file_type}.listing_days")


def missing(file_type: str | None, forms: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """What the file still needs: the file type, then each empty field of each required form."""
    out = [] if file_type else [{"form": "", "field": "file_type", "title": "File type (anticipated plea and venue)"}]
    for form in required(file_type):
        spec = rules()["forms"][form]
        fields = forms.get(form) or blank(form)
        out += [{"form": form, "field": name, "title": f"{form} {spec['title']}: {name.replace('_', ' ')}"}
                for name in spec["fields"] if name != "file_type"  # the file's own, counted once above
                and (fields.get(name) or {}).get("value") in (None, "", [])]
    return out
