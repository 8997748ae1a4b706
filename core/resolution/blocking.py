"""Blocking: the few keys under which a record's possible matches are looked up.

Two records of the same person should share at least one key despite the variations
police data has, and a key should be rare enough that looking it up is cheap:

* every strong identifier (``id:pnc_id:84/0123456X``);
* each phonetic name part with the birth year (``ny:FRW0R:1979``): a typo in one name
  part, a changed family name or a transposed name still leaves one part in common, and
  the year survives a day/month swap;
* the pair of phonetic given and family codes, order-free (``nn:FRW0R|RBRT``), for
  records without a date of birth, through every name a nickname may stand for;
* the full date of birth with the given-name code (``dg:1979-11-02:RBRT``), which
  survives a change of family name (marriage) together with a typo in it.
"""
from __future__ import annotations

from core.resolution.normalise import given_variants, normalise_name, phonetic_key
from core.resolution.record import PersonRecord

MAX_VARIANTS = 3


def name_year_key(code: str, year: int) -> str:
    """The key of a phonetic name part and a birth year (unified search looks these up too)."""
    return f"ny:{code}:{year}"


def _parts(text: str) -> list[str]:
    return [p for p in normalise_name(text).split() if len(p) > 1]


def blocking_keys(record: PersonRecord) -> set[str]:
    keys = {f"id:{kind}:{value}" for kind, value in record.identifiers}
    years = sorted({d.year for d in record.dobs if d.year})
    full = sorted({(d.year, d.month, d.day) for d in record.dobs if d.year and d.month and d.day})
    for name in record.names[:4]:
        given, family = _parts(name.given), _parts(name.family)
        codes = {phonetic_key(p) for p in (given[:1] + family)}
        for code in codes:
            for year in years:
                keys.add(name_year_key(code, year))
        if given and family:
            first = sorted(given_variants(given[0]))[:MAX_VARIANTS] or [given[0]]
            for variant in first:
                pair = sorted((phonetic_key(variant), phonetic_key(family[-1])))
                keys.add(f"nn:{pair[0]}|{pair[1]}")
            for y, m, d in full:
                keys.add(f"dg:{y:04d}-{m:02d}-{d:02d}:{phonetic_key(given[0])}")
    return keys
