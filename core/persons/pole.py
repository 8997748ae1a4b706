"""Objects and locations as stored: the normal forms their search columns hold.

The REST resources (:mod:`core.http.pole`) store what they are given through these, and
``mips persons rebuild-keys`` (:mod:`core.persons.rebuild`) recomputes the same columns
with the same functions, so a changed normalisation reaches rows already written.
"""
from __future__ import annotations

from core.resolution.normalise import normalise_name, normalise_postcode, normalise_vrm


def object_fields(data: dict) -> dict:
    """An object's fields with its identifiers in their one searchable form."""
    out = dict(data)
    if out.get("vrm"):
        out["vrm"] = normalise_vrm(out["vrm"])
    if out.get("vin"):
        out["vin"] = out["vin"].upper()
    if out.get("phone_number"):
        out["phone_number"] = out["phone_number"].replace(" ", "")
    return out


def location_text_norm(lines: list[str]) -> str:
    """A location's derived search text (``mips persons rebuild-keys`` recomputes it)."""
    return normalise_name(" ".join(lines or []))


def location_fields(data: dict) -> dict:
    """A location's fields with its postcode and search text normalised."""
    out = dict(data)
    out["postcode"] = normalise_postcode(data["postcode"]) if data.get("postcode") else None
    out["text_norm"] = location_text_norm(data.get("lines", []))
    return out
