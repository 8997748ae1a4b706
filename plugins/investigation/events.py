"""The events investigation publishes: its contracts with the rest of the force."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.kit import Event


@dataclass(frozen=True, kw_only=True)
class CrimeRecorded(Event):
    """A crime was recorded (one event per crime; a report with two victims raises two).
    ``parties`` are ``{"person_id", "role"}`` (victim, witness, suspect)."""

    name = "investigation.crime_recorded"
    version = 1
    crime_id: str
    crime_ref: str
    classification: str
    parties: list[dict] = field(default_factory=list)


PUBLISHED = (CrimeRecorded,)
