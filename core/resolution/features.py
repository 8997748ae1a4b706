"""Per-record features for batch linkage: the normalised, phonetic and nickname columns
that the SQL comparisons of :mod:`core.resolution.splink_model` read.

Computed once per record in Python with the same normalisers as the one-at-a-time
comparison (names repeat a lot, so the normalisers' caches make this cheap).
"""
from __future__ import annotations

import re
from typing import Any

from core.resolution.normalise import (given_variants, normalise_identifier, normalise_name, normalise_postcode,
                                       phonetic_key)

IDENTIFIER_COLUMNS = ("pnc_id", "cro_number", "ni_number", "driving_licence")
COLUMNS = ("record_id", "given", "family", "full_name", "given_phon", "family_phon", "given_variants", "dob", "dob_year",
           "dob_md", "sex", "postcode", "district", *IDENTIFIER_COLUMNS)


def _first(text: str) -> str:
    norm = normalise_name(text)
    return norm.split(" ")[0] if norm else ""


def features(row: dict[str, Any]) -> dict[str, Any]:
    """Features of one CSV-shaped row (record_id, given_name, family_name, dob...)."""
    given, family = _first(row.get("given_name") or ""), normalise_name(row.get("family_name") or "")
    dob = (row.get("dob") or "").strip() or None
    postcode = normalise_postcode(row.get("postcode") or "") if row.get("postcode") else None
    if postcode is None and row.get("postcode"):
        postcode = re.sub(r"[^A-Z0-9]", "", str(row["postcode"]).upper()) or None  # not UK: keep it plain
    out = {
        "record_id": str(row["record_id"]),
        "given": given or None,
        "family": family or None,
        "full_name": f"{given} {family}" if given and family else None,
        "given_phon": phonetic_key(given) or None,
        "family_phon": phonetic_key(family.split(" ")[-1]) if family else None,
        "given_variants": sorted(given_variants(given)) if given else None,
        "dob": dob,
        "dob_year": dob[:4] if dob else None,
        "dob_md": dob[5:] if dob and len(dob) == 10 else None,
        "sex": (row.get("sex") or "").strip().upper()[:1] or None,
        "postcode": postcode,
        "district": postcode.split(" ")[0] if postcode and " " in postcode else None,
    }
    for kind in IDENTIFIER_COLUMNS:
        value = row.get(kind)
        out[kind] = normalise_identifier(kind, value) if value else None
    return out
