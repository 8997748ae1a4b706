"""What the resolution engine compares: a person record, whatever system it came from."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PartialDate:
    """A date of birth, possibly partial (year only, or year and month)."""

    year: int | None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class Name:
    given: str  # may hold middle names, space-separated
    family: str
    kind: str = "primary"  # primary | alias | maiden | nickname


@dataclass(frozen=True)
class PersonRecord:
    record_id: str
    names: tuple[Name, ...] = ()
    dobs: tuple[PartialDate, ...] = ()
    sex: str | None = None
    addresses: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()  # (kind, value)
