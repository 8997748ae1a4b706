"""CRIS rows into MiPS: each person on a crime report as a mention (for the bridge), and
the report as an ``investigation.crime`` v1 document (the investigation module's
published input kind), so the module never reads a CRIS column.

CRIS keeps the offence as wording ("Burglary dwelling"); ``offences.toml`` maps it to a
Home Office Counting Rules classification. It keeps only the date a crime was reported
(dd/mm/yyyy, local): the crime is taken as happening and reported at noon that day, UK
time. The person rows were resolved by the bridge; the document names each by its mention
and carries what CRIS says of them in case the bridge could not read the row.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from core.kit import LONDON, load_rules
from core.kit.adapters import dob_iso, person, split_surname_first

KIND = "investigation.crime"
VERSION = 1
ROLES = {"V": "victim", "W": "witness", "S": "suspect"}
OFFENCES = Path(__file__).with_name("offences.toml")


def mention_key(key: str, index: int, role_code: str) -> str:
    return f"cris:{key}#{index}:{ROLES.get(role_code, 'other')}"


def party_person(row: dict[str, Any], *, with_dob: bool = True) -> dict[str, Any]:
    given, family = split_surname_first(row.get("name") or "")
    return person(given, family.title(), dob_iso(row.get("dob")) if with_dob else None, sex=row.get("sex"),
                  address=row.get("address"), postcode=row.get("postcode"), identifiers={"pnc_id": row.get("pnc")})


def _safe_person(row: dict[str, Any]) -> dict[str, Any]:
    """Who CRIS says the person is, leaving out a date of birth it cannot read."""
    try:
        return party_person(row)
    except ValueError:
        return party_person(row, with_dob=False)


def _noon(text: str | None) -> str | None:
    try:
        day = datetime.strptime(str(text or "").strip(), "%d/%m/%Y")
    except ValueError:
        return None
    return day.replace(hour=12, tzinfo=LONDON).isoformat()


def _code(mapped: dict[str, Any], when: str | None) -> str:
    """The classification of the day: a code the Home Office replaced maps by date."""
    if when and mapped.get("before") and when[:10] < mapped["before"]:
        return mapped["code_before"]
    return mapped["code"]


def crime(key: str, row: dict[str, Any], people: list[dict[str, Any]]) -> dict[str, Any]:
    """One CRIS crime report as an ``investigation.crime`` v1 document."""
    mapped = load_rules(OFFENCES)["offences"].get(row.get("offence") or "")
    when = _noon(row.get("reported"))
    code = _code(mapped, when) if mapped else f"unmapped: {(row.get('offence') or 'no offence')[:40]}"
    business = bool(mapped) and mapped["victim"] == "business"
    parties = []
    for i, p in enumerate(people):
        role = ROLES.get(p.get("role"), "witness")
        if business and role == "victim":
            role = "witness"  # the business is the victim; the person spoke for it
        parties.append({"role": role, "mention": {"system": "cris", "key": mention_key(key, i, p.get("role"))},
                        "person": _safe_person(p)})
    return {"offences": [code], "occurred_from": when, "reported_at": when, "reported_how": "CRIS",
            "place": row.get("location") or "", "account": row.get("mo") or "",
            "victim_organisation": f"Business at {row.get('location') or 'an unknown address'}" if business else "",
            "parties": parties}
