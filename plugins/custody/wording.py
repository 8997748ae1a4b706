"""The custody record in plain words, for the page and the paper read in court.

An entry's data is kept as data (``{"roused": true, "observation_level": 2}``); a reader
needs "Roused: yes", "Observation level: 2 (intermittent)" and UK local times, never a
Python list, an ISO timestamp or an internal key. :func:`details` gives an entry's data as
labelled lines; :func:`plain` any one value; :func:`alert` an overdue item with its times
in UK time.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from core.kit import to_london

LONG = "%a %d %b %Y %H:%M"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)")

#: What each kept field means to a reader; fields not listed here are not printed.
LABELS = {
    "decision": "Decision", "grounds": "Grounds", "reason": "Reason", "representations": "Representations",
    "notice_given": "Written notice of rights given", "legal_advice_requested": "Legal advice requested",
    "solicitor": "Solicitor", "someone_informed": "Person to be told of the arrest",
    "appropriate_adult": "Appropriate adult", "interpreter": "Interpreter", "declined_reason": "Why advice was declined",
    "observation_level": "Observation level", "level_name": "Level", "intoxicated": "Under the influence of drink or drugs",
    "check_every_minutes": "Checks every (minutes)", "continuous": "Continuous observation", "risks": "Risks",
    "roused": "Roused", "condition": "Condition", "cell": "Cell", "questioned": "Questioned", "until": "Until",
    "rank": "Rank", "to_hours": "Extended to (hours from the relevant time)", "hours": "Hours authorised",
    "court": "Court", "warrant_kind": "Warrant", "after_charge": "Review after charge",
    "arrest_at": "Arrested", "arrest_place": "Place of arrest", "arresting_officer": "Arresting officer",
    "offences": "Offences", "case": "Relevant time case", "warrant_no": "Warrant number", "outcome": "Outcome",
    "void": "Entry voided", "data": "Corrected details", "right": "Right", "bail_until": "Bail until",
}
WORDS = {"warrant": "warrant of further detention (s.43)", "warrant_extension": "extension of a warrant (s.44)",
         "usual": "arrival at the station", "voluntary_attender": "arrest of a voluntary attender",
         "other_force_area": "arrest in another force area", "outside_england_and_wales": "arrest outside England and Wales",
         "released_under_investigation": "released under investigation", "no_further_action": "no further action",
         "continue": "continue detention", "authorise": "authorise detention", "refuse": "refuse detention",
         "someone_informed": "having someone informed of the arrest (s.56)", "legal_advice": "legal advice (s.58)"}


def when(value: datetime | str | None, fmt: str = LONG) -> str:
    """A time in UK local time, as the record prints it."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    return to_london(moment).strftime(fmt)


def alert(text: str, fmt: str = LONG) -> str:
    """An overdue item with its times in UK local time (``fmt`` shorter on a board)."""
    return _ISO.sub(lambda m: when(m.group(0), fmt), text)


def plain(value: Any) -> str:
    """One value in words: yes/no, UK times, lists joined, offences by their wording."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return when(value) if _ISO.fullmatch(value) else WORDS.get(value, value)
    if isinstance(value, list):
        return "; ".join(plain(v.get("wording", "")) if isinstance(v, dict) else plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{LABELS.get(k, k.replace('_', ' '))}: {plain(v)}" for k, v in value.items())
    return str(value)


#: Fields said only when true ("Entry voided"), never as "no".
ONLY_WHEN_TRUE = {"void", "after_charge", "continuous", "questioned"}


def details(data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """An entry's kept data as (label, words), leaving out what a reader need not see
    (empty values, internal keys, a migrated system's raw row)."""
    out = []
    for key, value in (data or {}).items():
        if key in ONLY_WHEN_TRUE and value is False:
            continue
        if key in LABELS and value not in (None, "", [], {}):
            out.append((LABELS[key], plain(value)))
    return out


def uk_date(text: str | None) -> str:
    """A date of birth as far as it is known (``1984-03-02``, ``1984-03``) the UK way."""
    parts = (text or "").split("-")
    return "/".join(reversed(parts)) if all(p.isdigit() for p in parts) else (text or "")


def css_text(text: str) -> str:
    """Text safe inside a CSS string (the page header of the printed record)."""
    return re.sub(r'["\\<>\n]', "", text)
