"""CrimInt rows into MiPS: each subject of a log as a mention (for the bridge), and the log
as an ``intelligence.report`` v1 document (the intelligence module's published input
kind), so the module never reads a CrimInt column.

CrimInt grades a whole log once under 5x5x5 (``B34``: source B, intelligence 3, handling
4). ``grades.toml`` is the force's table from 5x5x5 to 3x5x2: the log becomes a report of
one item graded by it, keeping CrimInt's grades as they were and the rows of the table
used. A handling code that forbids sharing migrates the report restricted. A grading the
table cannot read is handed over ungraded, and the module refuses it with its rule, which
the reconciliation report keeps.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from core.kit import load_rules
from core.kit.adapters import dob_iso, person

KIND = "intelligence.report"
VERSION = 1
GRADES = Path(__file__).with_name("grades.toml")
#: The one source every CrimInt log is taken from: CrimInt recorded no source of its own.
SOURCE = {"type": "legacy", "reference": "CRIMINT", "name": ""}


def mention_key(key: str, index: int) -> str:
    return f"crimint:{key}#{index}:subject"


def subject_person(row: dict[str, Any], *, with_dob: bool = True) -> dict[str, Any]:
    return person(row.get("forename"), row.get("surname"),
                  dob_iso(row.get("dob"), ("%Y-%m-%d",)) if with_dob else None, address=row.get("address"),
                  identifiers={"pnc_id": row.get("pnc_id"), "cro_number": row.get("cro")})


def _safe_person(row: dict[str, Any]) -> dict[str, Any]:
    try:
        return subject_person(row)
    except ValueError:
        return subject_person(row, with_dob=False)


def grade(grading: str | None) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """``(item grades, the mapping used, restricted)`` for a CrimInt grading such as ``B34``."""
    table = load_rules(GRADES)
    text = str(grading or "").strip().upper()
    parts = (text[:1], text[1:2], text[2:3]) if len(text) == 3 else ("", "", "")
    rows = {scale: table[scale].get(value) for scale, value in zip(("source", "intelligence", "handling"), parts)}
    used = {"table": table["table"]["name"], "version": table["table"]["version"], "cite": table.cite("table")}
    for (scale, row), value in zip(rows.items(), parts):
        used[scale] = ({"from": value, "to": row["to"], "cite": table.cite(f"{scale}.{value}")} if row
                       else {"from": value, "to": None, "cite": "not in the force's mapping table"})
    handling = rows["handling"] or {}
    item = {"source_evaluation": (rows["source"] or {}).get("to", ""),
            "assessment": (rows["intelligence"] or {}).get("to", ""), "handling": handling.get("to", ""),
            "conditions": list(handling.get("conditions", [])), "conditions_text": handling.get("conditions_text", "")}
    return item, used, bool(handling.get("restricted"))


def report(key: str, row: dict[str, Any], subjects: list[dict[str, Any]]) -> dict[str, Any]:
    """One CrimInt log as an ``intelligence.report`` v1 document."""
    text = str(row.get("text") or "").strip() or "(CrimInt log with no text)"
    item, used, restricted = grade(row.get("grading"))
    grading = str(row.get("grading") or "")
    return {"source": dict(SOURCE), "text": text, "items": [{"text": text, **item}],
            "subjects": [{"kind": "person", "mention": {"system": "crimint", "key": mention_key(key, i)},
                          "person": _safe_person(s)} for i, s in enumerate(subjects)],
            "submitted_at": row.get("created") or None,
            "original_grading": {"system": "CrimInt", "scheme": "5x5x5", "as_recorded": grading,
                                 "source": grading[:1], "intelligence": grading[1:2], "handling": grading[2:3]},
            "grading_mapping": used, "restricted": restricted,
            "sanitised": bool(load_rules(GRADES)["text"]["disseminated"]) and not restricted}
