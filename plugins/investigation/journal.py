"""A crime's history as a journal of the module kit: recorded, re-classified, cancelled,
each with who and why, never changed; each entry an audited collection."""
from __future__ import annotations

from typing import Any

from core.kit import Journal, audit
from plugins.investigation.models import CrimeEntry

MODULE = "investigation"


def _audit(session: Any, crime: Any, entry: CrimeEntry) -> None:
    audit.collection(session, "crime_entry", f"{crime.id}#{entry.seq}", module=MODULE,
                     details={"kind": entry.kind, "crime_ref": crime.crime_ref})


JOURNAL = Journal(CrimeEntry, "crime_id", on_append=_audit)
