"""Per-record features for batch linkage: the normalised, phonetic and nickname columns
that the SQL comparisons of :mod:`core.resolution.splink_model` read.

Computed once per record in Python with the same normalisers as the one-at-a-time
comparison (names repeat a lot, so the normalisers' caches make this cheap).
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

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


def _mapped(column: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` once per distinct value (names repeat: a million rows hold a few
    thousand distinct given names), keeping missing values missing."""
    uniques = column.dropna().unique()
    table = {value: fn(value) for value in uniques}
    return column.map(table)


def frame_features(raw: pd.DataFrame) -> pd.DataFrame:
    """Features of a whole CSV-shaped DataFrame (all columns strings, missing as NA).

    Vectorised for batch resolution: each normaliser runs once per distinct value, and
    the result is kept in Arrow-backed columns, so a million rows stay well under a GiB.
    """
    def col(name: str) -> pd.Series:
        series = raw[name] if name in raw else pd.Series([None] * len(raw), index=raw.index, dtype="object")
        return series.where(series.notna() & (series.astype(str).str.strip() != ""), None)

    out = pd.DataFrame({"record_id": raw["record_id"].astype(str)})
    out["given"] = _mapped(col("given_name"), lambda v: _first(str(v)) or None)
    out["family"] = _mapped(col("family_name"), lambda v: normalise_name(str(v)) or None)
    out["full_name"] = (out["given"] + " " + out["family"]).where(out["given"].notna() & out["family"].notna(), None)
    out["given_phon"] = _mapped(out["given"], lambda v: phonetic_key(v) or None)
    out["family_phon"] = _mapped(out["family"], lambda v: phonetic_key(v.split(" ")[-1]) or None)
    out["given_variants"] = _mapped(out["given"], lambda v: sorted(given_variants(v)))
    dob = col("dob")
    out["dob"] = dob
    out["dob_year"] = dob.str[:4]
    out["dob_md"] = dob.str[5:].where(dob.str.len() == 10, None)
    out["sex"] = _mapped(col("sex"), lambda v: str(v).strip().upper()[:1] or None)

    def postcode(v: Any) -> str | None:
        return normalise_postcode(str(v)) or (re.sub(r"[^A-Z0-9]", "", str(v).upper()) or None)

    out["postcode"] = _mapped(col("postcode"), postcode)
    out["district"] = out["postcode"].str.split(" ").str[0].where(out["postcode"].str.contains(" ", na=False), None)
    for kind in IDENTIFIER_COLUMNS:
        out[kind] = _mapped(col(kind), lambda v, k=kind: normalise_identifier(k, str(v)))
    strings = [c for c in COLUMNS if c not in ("record_id", "given_variants")]
    for name in strings:
        out[name] = out[name].astype("string[pyarrow]")
    return out[list(COLUMNS)]
