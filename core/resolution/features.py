"""Per-record features for batch linkage: the normalised, phonetic and nickname columns
that the SQL comparison levels of :mod:`core.resolution.splink_model` read.

Built column by column rather than row by row: names, postcodes and identifiers repeat
(a million records hold a few thousand given names), so each distinct value is
normalised once, with the same functions as the one-pair comparison, and mapped back.
List-valued features travel as space-separated strings and become DuckDB lists in
:func:`core.resolution.splink_model.load`, which keeps a million rows compact.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from core.resolution.levels import name_parts
from core.resolution.normalise import (canonical_given, normalise_address, normalise_identifier, phonetic_key,
                                       postcode_district, postcode_key, split_postcode)
from core.resolution.record import PersonRecord

CSV_COLUMNS = ("record_id", "source", "given_name", "family_name", "dob", "sex", "address", "postcode", "pnc_id",
               "cro_number", "ni_number", "driving_licence")   # the ``mips resolve`` input
# read when present: a passport number, and another scheme's person number (a foreign
# social security or identity card number), which no UK column fits
OPTIONAL_CSV_COLUMNS = ("passport", "other_id")
IDENTIFIER_COLUMNS = ("pnc_id", "cro_number", "ni_number", "driving_licence", "passport", "other_id")
NAME_COLUMNS = ("given", "given_tokens", "given_variants", "given_phon", "canon_phon", "family", "family_parts",
                "family_phon", "families", "family_variants")
COLUMNS = ("record_id", *NAME_COLUMNS, "dob_y", "dob_m", "dob_d", "dob8", "sex", "postcode", "district", "address",
           *IDENTIFIER_COLUMNS)
GIVEN_FEATURES = ("given", "given_tokens", "given_variants", "given_phon", "canon_phon")
FAMILY_FEATURES = ("family", "family_parts", "family_phon", "family_variants")


@lru_cache(maxsize=262144)
def _given(given: str) -> tuple:
    p = name_parts(given, "")
    first = p.given or None
    return (first, " ".join(sorted(p.given_tokens)) or None, " ".join(sorted(p.variants)) or None,
            p.given_phon or None, phonetic_key(canonical_given(first)) if first else None)


@lru_cache(maxsize=262144)
def _family(family: str) -> tuple:
    p = name_parts("", family)
    return (p.family or None, " ".join(sorted(p.family_parts)) or None, p.family_phon or None,
            " ".join(sorted(p.family_variants)) or None)


def _name(given: str, family: str) -> tuple:
    g, f = _given(given), _family(family)
    return (*g, *f[:2], f[2], f[0], f[3])


_postcode = lru_cache(maxsize=262144)(postcode_key)


def _blank(series: pd.Series) -> pd.Series:
    return series.mask(series == "", None)


def _map(series: pd.Series, fn) -> pd.Series:
    """fn applied once per distinct value."""
    uniques = series.dropna().unique()
    return series.map(dict(zip(uniques, map(fn, uniques))))


def _columns_of(series: pd.Series, fn, names: tuple[str, ...]) -> pd.DataFrame:
    """Several feature columns from one input column, fn applied once per distinct value."""
    uniques = series.unique()
    table = pd.DataFrame([fn(v) for v in uniques], columns=list(names), index=uniques)
    codes = pd.Index(uniques).get_indexer(series)
    return pd.DataFrame({c: table[c].to_numpy()[codes] for c in names}, index=series.index)


def _dobs(text: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Vectorised YYYY[-MM[-DD]] parsing: (dob_y, dob_m, dob_d, dob8) and a mask of bad values."""
    parts = text.str.extract(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
    present = text != ""
    bad = present & parts[0].isna()
    full = parts[2].notna()
    real = pd.to_datetime(text.where(full), format="%Y-%m-%d", errors="coerce")
    bad |= full & real.isna()
    month = pd.to_numeric(parts[1], errors="coerce")
    bad |= month.notna() & ~month.between(1, 12)
    ok = ~bad
    out = pd.DataFrame({"dob_y": pd.to_numeric(parts[0], errors="coerce").where(ok).astype("Int32"),
                        "dob_m": month.where(ok).astype("Int32"),
                        "dob_d": pd.to_numeric(parts[2], errors="coerce").where(ok).astype("Int32")})
    out["dob8"] = (parts[0] + parts[1] + parts[2]).where(ok & full)
    return out, bad


def from_columns(df: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """Features of a frame in the ``mips resolve`` CSV shape (all columns strings, "" for
    nothing). Returns the features and record_id -> reason for every bad value dropped."""
    n = len(df)
    col = lambda c: df[c].fillna("").astype(str).str.strip() if c in df else pd.Series([""] * n, index=df.index)  # noqa: E731
    out = pd.DataFrame({"record_id": df["record_id"].astype(str).str.strip()})
    out = pd.concat([out, _columns_of(col("given_name"), _given, GIVEN_FEATURES),
                     _columns_of(col("family_name"), _family, FAMILY_FEATURES)], axis=1)
    out["families"] = out["family"]
    dobs = col("dob")
    parsed, bad = _dobs(dobs)
    rejected = {rid: f"bad dob {value!r} (YYYY-MM-DD expected)" for rid, value in zip(out["record_id"][bad], dobs[bad])}
    out = pd.concat([out, parsed], axis=1)
    sex = col("sex").str.upper().str[:1]
    out["sex"] = sex.where(sex.isin(["M", "F"]), None)
    address, postcode = _blank(col("address")), _map(_blank(col("postcode")), _postcode)
    if address.notna().any():  # a postcode kept at the end of the address line
        split = _columns_of(address.fillna(""), split_postcode, ("line", "postcode"))
        on_line = split["postcode"].notna() & (postcode.isna() | (postcode == split["postcode"]))
        address, postcode = address.mask(on_line, split["line"]), postcode.mask(on_line, split["postcode"])
    out["postcode"] = postcode
    out["district"] = _map(out["postcode"], postcode_district)
    out["address"] = _map(address, lambda a: normalise_address(a) or None)
    for kind in IDENTIFIER_COLUMNS:
        out[kind] = _map(_blank(col(kind)), lambda v, k=kind: normalise_identifier(k, v))
    return out[list(COLUMNS)], rejected


def from_records(records: Iterable[PersonRecord]) -> pd.DataFrame:
    """Features of PersonRecords: the primary (first) name and date of birth, with every
    family name the person is known by (maiden, alias) and every given-name variant."""
    rows = []
    for rec in records:
        name = next((n for n in rec.names if n.kind == "primary"), rec.names[0] if rec.names else None)
        feats = list(_name(name.given, name.family)) if name else [None] * len(NAME_COLUMNS)
        if name and len(rec.names) > 1:
            others = [_name(n.given, n.family) for n in rec.names]
            feats[2] = " ".join(sorted({v for o in others if o[2] for v in o[2].split()})) or None
            feats[8] = " ".join(sorted({o[5] for o in others if o[5]})) or None
        dob = max(rec.dobs, key=lambda d: (d.day is not None, d.month is not None), default=None)
        ids = dict(rec.identifiers)
        postcode = _postcode(rec.postcodes[0]) if rec.postcodes else None
        rows.append([rec.record_id, *feats, dob.year if dob else None, dob.month if dob else None,
                     dob.day if dob else None, f"{dob.year:04d}{dob.month:02d}{dob.day:02d}" if dob and dob.day else None,
                     rec.sex if rec.sex in ("M", "F") else None, postcode, postcode_district(postcode),
                     normalise_address(rec.addresses[0]) or None if rec.addresses else None,
                     *[normalise_identifier(k, ids[k]) if ids.get(k) else None for k in IDENTIFIER_COLUMNS]])
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for part in ("dob_y", "dob_m", "dob_d"):
        frame[part] = frame[part].astype("Int32")
    return frame
