"""Deadlines besides the detention clock, from ``pace_rules.toml``: delayed rights (s.56,
s.58), the court after charge (s.46) and pre-charge bail (s.47ZB-47ZG as amended in 2022).

Each function reads the custody record and answers with a due time and its citation, so
the clock, the board and the printed record say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from core.kit import LONDON, to_london
from plugins.custody import pace
from plugins.custody.models import CustodyEntry

RIGHTS = {"someone_informed": "having someone informed of the arrest", "legal_advice": "legal advice"}


@dataclass(frozen=True)
class Due:
    what: str
    at: datetime
    cite: str


# -- delayed rights -------------------------------------------------------------

def rights_delay_ends(relevant_time: datetime) -> Due:
    """The latest a delayed right may be withheld: 36 hours after the relevant time."""
    rule = pace.rules()["rights_delay"]
    return Due("delay of rights", relevant_time + timedelta(hours=rule["longest_hours"]), rule["longest_cite"])


def open_delays(entries: list[CustodyEntry]) -> dict[str, CustodyEntry]:
    """The rights delayed and not yet given again, by right."""
    delays: dict[str, CustodyEntry] = {}
    for e in sorted(entries, key=lambda e: e.seq):
        if e.kind == "rights_delayed":
            delays[e.data.get("right", "")] = e
        elif e.kind == "rights_delay_ended":
            delays.pop(e.data.get("right", ""), None)
    return delays


# -- after charge -------------------------------------------------------------

def next_sitting(charged_at: datetime) -> Due:
    """The first sitting of the magistrates' court after the charge (s.46(2)), from the
    sittings the force sets: a charged detainee kept in custody must be before it by then."""
    rule = pace.rules()["after_charge"]
    hour, minute = (int(x) for x in rule["sitting_time"].split(":"))
    local = to_london(charged_at)
    for days in range(0, 15):
        day = (local + timedelta(days=days)).date()
        sitting = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
        if day.weekday() in rule["sitting_days"] and sitting > local:
            return Due("before the magistrates' court", sitting, rule["cite"])
    raise pace.PaceError("no court sitting is set in the next fortnight", rule["cite"])


# -- pre-charge bail --------------------------------------------------------------

def initial_bail(released_at: datetime) -> Due:
    rule = pace.rules()["bail"]
    return Due("pre-charge bail ends", released_at + relativedelta(months=rule["initial_months"]), rule["initial_cite"])


def bail_extension(bailed_at: datetime, current_until: datetime, rank: str) -> Due:
    """The next extension of pre-charge bail ``rank`` may give, or a refusal naming who may."""
    rule = pace.rules()["bail"]
    for step in rule["extensions"]:
        until = bailed_at + relativedelta(months=step["to_months"])
        if until <= current_until:
            continue
        if not pace.rank_at_least(rank, step["min_rank"]):
            raise pace.PaceError(f"an extension to {step['to_months']} months is for a {step['min_rank']} or above",
                                 step["cite"])
        return Due("pre-charge bail ends", until, step["cite"])
    raise pace.PaceError("bail cannot be extended further by the police: apply to a magistrates' court", rule["beyond_cite"])
