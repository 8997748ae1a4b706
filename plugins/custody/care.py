"""The check schedule a risk assessment implies, from ``care_rules.toml``.

An observation level (1 general, 2 intermittent, 3 constant, 4 close proximity) sets how
often a detainee must be visited; a detainee intoxicated through drink or drugs must also
be roused at least every 30 minutes (PACE Code C 9.3), so the tighter of the two applies.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("care_rules.toml")


@lru_cache(maxsize=1)
def rules() -> dict:
    return tomllib.loads(RULES_FILE.read_text())


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
