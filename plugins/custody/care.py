"""The check schedule a risk assessment implies, from ``care_rules.toml``.

An observation level (1 general, 2 intermittent, 3 constant, 4 close proximity) sets how
often a detainee must be visited; a detainee intoxicated through drink or drugs must also
be roused at least every 30 minutes (PACE Code C 9.3), so the tighter of the two applies.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from core.kit import Rules, load_rules

RULES_FILE = Path(__file__).with_name("care_rules.toml")


def rules() -> Rules:
    """The rule file, every value with its citation (checked by the kit's loader)."""
    return load_rules(RULES_FILE)


LEVELS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Schedule:
    level: int
    name: str
    every: timedelta
    continuous: bool
    rousing: bool
    cite: str


def schedule(level: int, intoxicated: bool = False) -> Schedule:
    """How often a detainee at this level must be checked (and roused when intoxicated)."""
    spec = rules()["levels"].get(str(level))
    if spec is None:
        raise ValueError(f"observation level must be one of {LEVELS}")
    every, cite = timedelta(minutes=spec["check_minutes"]), spec["cite"]
    rousing = rules()["rousing"]
    if intoxicated and timedelta(minutes=rousing["minutes"]) < every:
        every, cite = timedelta(minutes=rousing["minutes"]), rousing["cite"]
    elif intoxicated:
        cite = f"{cite}; {rousing['cite']}"
    return Schedule(level, spec["name"], every, spec["continuous"], intoxicated, cite)


def next_check_due(level: int | None, intoxicated: bool, since: datetime) -> tuple[datetime | None, str]:
    """When the next check is due after the last one (or after booking in), with its rule."""
    if level is None:
        return None, ""
    plan = schedule(level, intoxicated)
    return since + plan.every, plan.cite


def future_tolerance() -> timedelta:
    return timedelta(seconds=rules()["checks"]["future_tolerance_seconds"])
