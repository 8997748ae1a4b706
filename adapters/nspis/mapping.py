"""NSPIS rows into MiPS: the detainee as a person, the custody record as a
``custody.detention`` v1 document (custody's published input kind).

NSPIS keeps local times without a zone (``2019-03-02 21:05``, Europe/London) and its own
outcome codes (``RUI``, ``NFA``...); both are read here, so the custody module never sees
an NSPIS column. A value NSPIS holds that cannot be read is handed over empty, and the
module's schema refuses the document with the reason, which the reconciliation report keeps.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from core.kit.adapters import dob_iso, person
from core.kit import LONDON

KIND = "custody.detention"
VERSION = 1
TITLE = "NSPIS"
#: NSPIS outcome codes -> custody's outcomes.
OUTCOMES = {"CHARGED": "charged", "BAILED": "bailed", "RUI": "released_under_investigation",
            "NFA": "no_further_action", "TRANSFERRED": "transferred"}


def local_time(text: Any) -> str | None:
    """An NSPIS local time as ISO 8601 with its UK offset, or None if blank or unreadable."""
    if not text or not str(text).strip():
        return None
    try:
        return datetime.strptime(str(text).strip(), "%Y-%m-%d %H:%M").replace(tzinfo=LONDON).isoformat()
    except ValueError:
        return None


def detainee(row: dict[str, Any]) -> dict[str, Any]:
    """The detainee as the persons API takes them (for the bridge)."""
    return person((row["detainee_forenames"] or "").title(), (row["detainee_surname"] or "").title(),
                  dob_iso(row["dob"]), address=row.get("detainee_address"),  # absent from files simulated before it was kept
                  identifiers={"pnc_id": row["pnc_id"], "cro_number": row["cro_number"]})


def detainee_without_dob(row: dict[str, Any]) -> dict[str, Any]:
    """The detainee when the bridge rejected the mention (an unreadable date of birth):
    names and identifiers only, so the custody record still gets its person."""
    return person(str(row.get("detainee_forenames") or "").title(), str(row.get("detainee_surname") or "").title(), None,
                  identifiers={k: row.get(k) for k in ("pnc_id", "cro_number")})


def mention_key(key: str) -> str:
    return f"nspis:{key}:detainee"


def detention(key: str, row: dict[str, Any]) -> dict[str, Any]:
    """One NSPIS custody record as a ``custody.detention`` v1 document."""
    code = str(row.get("outcome") or "").strip()
    offences = [{"wording": w.strip(), "code": "", "indictable": False}
                for w in str(row.get("offences") or "").split(";") if w.strip()]
    return {"version": VERSION, "custody_no": row.get("custody_no") or key, "suite": str(row.get("suite") or "").upper(),
            "arrival_at": local_time(row.get("arrival_time")), "released_at": local_time(row.get("release_time")),
            "outcome": OUTCOMES.get(code.upper(), code.lower() or None), "offences": offences,
            "detainee": {"mention": {"system": "nspis", "key": mention_key(key)}, "record": detainee_without_dob(row)},
            "system_title": TITLE, "original": {k: _plain(v) for k, v in row.items()}}


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
