"""EWMS rows into MiPS: the subject as a mention (for the bridge), and the warrant as a
``prosecution.warrant`` v1 document (the prosecution module's published input kind), its
number kept. ``types.toml`` maps EWMS's types and statuses. EWMS keeps the issue date
alone (dd/mm/yyyy, local): taken as noon that day, UK time.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from core.kit import LONDON, load_rules
from core.kit.adapters import dob_iso, person, split_surname_last

KIND = "prosecution.warrant"
TYPES = Path(__file__).with_name("types.toml")


def mention_key(warrant_no: str) -> str:
    return f"ewms:{warrant_no}:subject"


def subject_person(row: dict[str, Any], *, with_dob: bool = True) -> dict[str, Any]:
    given, family = split_surname_last(row.get("subject_name") or "")
    return person(given, family.title(), dob_iso(row.get("dob")) if with_dob else None,
                  address=row.get("last_known_address"), identifiers={"pnc_id": row.get("pnc_id")})


def _safe_person(row: dict[str, Any]) -> dict[str, Any]:
    try:
        return subject_person(row)
    except ValueError:
        return subject_person(row, with_dob=False)


def _noon(text: str | None) -> str | None:
    try:
        day = datetime.strptime(str(text or "").strip(), "%d/%m/%Y")
    except ValueError:
        return None
    return day.replace(hour=12, tzinfo=LONDON).isoformat()


def warrant(warrant_no: str, row: dict[str, Any]) -> dict[str, Any]:
    """One EWMS warrant as a ``prosecution.warrant`` v1 document."""
    rules = load_rules(TYPES)
    kind = row.get("warrant_type") or ""
    return {"warrant_no": warrant_no, "warrant_type": rules["types"].get(kind, f"unmapped: {kind[:40]}"),
            "state": rules["states"].get(row.get("status") or "", "received"), "court": row.get("court") or "unknown",
            "issued_at": _noon(row.get("issued")), "reason": kind,
            "mention": {"system": "ewms", "key": mention_key(warrant_no)}, "person": _safe_person(row)}
