"""The Home Office Counting Rules as MiPS applies them, from the cited rule files in
``rules/``: which classification a crime gets, how many crimes a report makes, and why.

Every decision comes back with its explanation and citation, so the response, the crime's
history and an inspection all say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from core.kit import Rules, load_rules, refuse

RULES = Path(__file__).with_name("rules")
PERSON, BUSINESS, STATE = "person", "business", "state"
RAPE_CODES = ("19C",)


def classifications() -> Rules:
    return load_rules(RULES / "classifications.toml")


def counting() -> Rules:
    return load_rules(RULES / "counting.toml")


@dataclass(frozen=True)
class Decision:
    """One counting decision, in words, with the rule that made it."""

    rule: str
    said: str
    cite: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "said": self.said, "cite": self.cite}


def classification(code: str, on: date) -> dict[str, Any]:
    """The classification ``code`` as it may be used for a crime of date ``on``, or a 422."""
    codes = classifications()["codes"]
    spec = codes.get(code)
    if spec is None:
        refuse("unknown_classification", f"{code!r} is not a classification MiPS records",
               "Home Office Counting Rules classification list")
    if on < date.fromisoformat(spec["valid_from"]) or ("valid_to" in spec and on > date.fromisoformat(spec["valid_to"])):
        refuse("classification_not_valid", f"{code} ({spec['name']}) cannot be used for a crime of {on.isoformat()}",
               classifications().cite(f"codes.{code}"))
    return {"code": code, **spec, "cite": classifications().cite(f"codes.{code}")}


def principal(codes: list[str], on: date) -> tuple[dict[str, Any], list[Decision]]:
    """The most serious of several offences in one sequence (one offender, one victim)."""
    specs = [classification(code, on) for code in codes]
    chosen = min(specs, key=lambda s: s["seriousness"])
    rule = counting()
    decisions = [Decision("principal_crime", f"{s['code']} ({s['name']}) not counted: part of the same sequence as "
                                             f"{chosen['code']} ({chosen['name']}), the most serious",
                          rule.cite("principal_crime.one_per_sequence")) for s in specs if s["code"] != chosen["code"]]
    return chosen, decisions


def unconfirmed_rape(spec: dict[str, Any], confirmed: bool, on: date) -> tuple[dict[str, Any], list[Decision]]:
    """A reported rape not (yet) confirmed as a crime is recorded as N100."""
    if spec["code"] not in RAPE_CODES or confirmed:
        return spec, []
    n100 = counting()["reported_rape"]["not_yet_confirmed"]
    return classification(n100, on), [Decision("reported_rape", f"recorded as {n100} until it is confirmed as a crime",
                                               counting().cite("reported_rape.not_yet_confirmed"))]


def victims_needed(spec: dict[str, Any], victims: list[Any], organisation: str) -> list[Decision]:
    """Check the victims the classification needs; say how many crimes the report makes."""
    rule = counting()
    if spec["victim"] == PERSON:
        if not victims:
            refuse("victim_needed", f"{spec['code']} ({spec['name']}) is a crime against a person: name the victim",
                   rule.cite("victims.one_crime_per_victim"))
        if len(victims) > 1:
            return [Decision("one_crime_per_victim", f"{len(victims)} victims: {len(victims)} crimes, one each",
                             rule.cite("victims.one_crime_per_victim"))]
    elif spec["victim"] == BUSINESS and not organisation:
        refuse("victim_needed", f"{spec['code']} ({spec['name']}) is a crime against a business: name it",
               spec["cite"])
    return []


def cancellation_reason(code: str) -> dict[str, str]:
    reasons = {r["code"]: r for r in counting()["cancellation"]["reasons"]}
    if code not in reasons:
        refuse("cancellation_reason", f"{code!r} is not a reason for cancelling a crime: give one of "
                                      f"{', '.join(sorted(reasons))}", counting().cite("cancellation"))
    return reasons[code]
