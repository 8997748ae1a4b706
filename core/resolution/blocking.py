"""Blocking: the few keys under which a record's possible matches are looked up.

Two records of the same person should share at least one key despite the variations
police data has, and a key should be rare enough that looking it up is cheap:

* every strong identifier (``id:pnc_id:84/0123456X``);
* each phonetic name part with the birth year (``ny:FRW0R:1979``): a typo in one name,
  a nickname, a changed or double-barrelled family name or transposed names still leave
  one part in common, and the year survives a day/month swap and a partial date; given
  names are keyed by the code of their nickname-canonical form (BOB as ROBERT);
* the pair of given and family codes, order-free (``nn:FRW0R|RBRT``), for records
  without a date of birth or with a wrong one;
* the full date of birth with the given-name code (``dg:1979-11-02:RBRT``), which
  survives a change of family name (marriage) together with a typo in the given name's
  spelling that keeps its sound;
* the postcode with the given or the family code (``pn:NW3 2PN:FRW0R``): the same
  address with no date of birth, or a partial one, and one name changed.

A record of a person known by several names and dates (a resolved cluster) keys its
first three names and two years, which keeps it to about fifteen keys.
"""
from __future__ import annotations

from core.resolution.levels import name_parts
from core.resolution.normalise import canonical_given, normalise_identifier, normalise_postcode, phonetic_key
from core.resolution.record import PersonRecord

MAX_NAMES = 3
MAX_YEARS = 2
MAX_POSTCODES = 2


def name_year_key(code: str, year: int) -> str:
    """The key of a phonetic name part and a birth year (unified search looks these up too)."""
    return f"ny:{code}:{year}"


def _codes(given: str, family: str) -> tuple[str, set[str], set[str]]:
    """(canonical given code, given codes, family codes) of one name."""
    p = name_parts(given, family)
    canon = phonetic_key(canonical_given(p.given)) if p.given and len(p.given) > 1 else ""
    given_codes = {c for c in (canon, p.given_phon if len(p.given) > 1 else "") if c}
    family_codes = {p.family_phon} | {phonetic_key(part) for part in p.family_parts}
    return canon, given_codes, {c for c in family_codes if c}


def blocking_keys(record: PersonRecord) -> set[str]:
    keys = set()
    for kind, value in record.identifiers:
        norm = normalise_identifier(kind, value)
        if norm:
            keys.add(f"id:{kind}:{norm}")
    years = sorted({d.year for d in record.dobs if d.year})[:MAX_YEARS]
    full = sorted({(d.year, d.month, d.day) for d in record.dobs if d.year and d.month and d.day})[:MAX_YEARS]
    codes: set[str] = set()
    for name in record.names[:MAX_NAMES]:
        canon, given_codes, family_codes = _codes(name.given, name.family)
        codes |= family_codes | ({canon} if canon else given_codes)
        main_family = name_parts(name.given, name.family).family_phon
        if canon and main_family:
            keys.add("nn:" + "|".join(sorted((canon, main_family))))
        for y, m, d in full:
            for code in given_codes:
                keys.add(f"dg:{y:04d}-{m:02d}-{d:02d}:{code}")
    for code in codes:
        for year in years:
            keys.add(name_year_key(code, year))
    postcodes = sorted({pc for pc in map(normalise_postcode, record.postcodes) if pc})[:MAX_POSTCODES]
    if postcodes and record.names:
        canon = _codes(record.names[0].given, record.names[0].family)[0]
        main_family = name_parts(record.names[0].given, record.names[0].family).family_phon
        for pc in postcodes:
            keys.update(f"pn:{pc}:{code}" for code in (canon, main_family) if code)
    return keys
