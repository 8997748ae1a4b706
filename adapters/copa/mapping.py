"""COPA rows into MiPS: each defendant as a mention (for the bridge), and the file as a
``prosecution.case_file`` v1 document (the prosecution module's published input kind),
so the module never reads a COPA column.

COPA keeps the charge date alone (14-Feb-1961, local): the charge is taken as at noon that
day, UK time. A "Finalised" file is migrated as finalised; its URN is kept.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from core.kit import LONDON
from core.kit.adapters import dob_iso, person

KIND = "prosecution.case_file"
DATE = "%d-%b-%Y"


def mention_key(urn: str, defendant_no: Any) -> str:
    return f"copa:{urn}#{defendant_no}:defendant"


def defendant_person(row: dict[str, Any], *, with_dob: bool = True) -> dict[str, Any]:
    return person(row.get("forenames") or "", row.get("surname") or "",
                  dob_iso(row.get("dob"), (DATE,)) if with_dob else None, address=row.get("address"),
                  identifiers={"pnc_id": row.get("pnc_id"), "ni_number": row.get("ni_number")})


def _safe_person(row: dict[str, Any]) -> dict[str, Any]:
    """Who COPA says the defendant is, leaving out a date of birth it cannot read."""
    try:
        return defendant_person(row)
    except ValueError:
        return defendant_person(row, with_dob=False)


def _noon(text: str | None) -> str | None:
    try:
        day = datetime.strptime(str(text or "").strip(), DATE)
    except ValueError:
        return None
    return day.replace(hour=12, tzinfo=LONDON).isoformat()


def case_file(urn: str, row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One COPA case file as a ``prosecution.case_file`` v1 document."""
    charges = children.get("charges", [])
    defendants = [{"defendant_no": int(d["defendant_no"]),
                   "mention": {"system": "copa", "key": mention_key(urn, d["defendant_no"])},
                   "person": _safe_person(d),
                   "charges": [{"code": c.get("offence_code") or "", "wording": c.get("wording") or ""}
                               for c in charges if c.get("defendant_no") == d["defendant_no"]]}
                  for d in children.get("defendants", [])]
    return {"urn": urn, "charged_at": _noon(row.get("charge_date")), "finalised": row.get("status") == "Finalised",
            "defendants": defendants}
