"""Comparison levels: how closely two names, dates of birth, addresses... agree.

Each field is compared at one of a few ordered levels (the first that holds wins), and
each level has an m and a u probability in ``weights.json``. The same levels are written
twice: here in Python for comparing one pair (:mod:`core.resolution.compare`), and as SQL
for Splink in :mod:`core.resolution.splink_model` for millions of pairs. The two must say
the same thing: ``tests/core/resolution/test_levels.py`` checks that they do.

Given and family names are one comparison, not two, because they are not independent in
police data: names get transposed ("SMITH John"), and a given name that disagrees
outright is the only thing that tells twins apart, whatever the family name says.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein

from core.resolution.normalise import given_variants, normalise_address, normalise_name, phonetic_key
from core.resolution.record import Name, PartialDate

NAME_FUZZY = 0.88      # Jaro-Winkler at or above which two name parts are a typo apart
ADDRESS_CLOSE = 0.92   # Jaro-Winkler of whole address lines one typo apart
JACCARD_CLOSE = 0.75   # share of address words in common
JACCARD_PARTIAL = 0.4

NAME_LEVELS = ("exact", "swapped", "nickname", "family_part", "given_fuzzy", "family_fuzzy", "swapped_fuzzy",
               "both_fuzzy", "initial", "family_only", "given_only", "given_different", "different")
DOB_LEVELS = ("exact", "day_month_swapped", "one_digit", "year_month", "year_only", "different")
SEX_LEVELS = ("agree", "different")
POSTCODE_LEVELS = ("exact", "near", "different")
ADDRESS_LEVELS = ("exact", "close", "partial", "different")
LEVELS = {"name": NAME_LEVELS, "dob": DOB_LEVELS, "sex": SEX_LEVELS, "postcode": POSTCODE_LEVELS,
          "address": ADDRESS_LEVELS}


@dataclass(frozen=True)
class NameParts:
    """A name as the comparisons read it (the batch model has the same columns)."""

    given: str                   # first given name
    given_tokens: frozenset[str]  # all given names of two letters or more (middle names)
    variants: frozenset[str]     # the given name and the full names it is a nickname of
    given_phon: str
    family: str                  # family name without spaces: SMITH JONES -> SMITHJONES
    family_parts: frozenset[str]  # parts of a hyphenated or double-barrelled name (3+ letters)
    family_phon: str
    family_variants: frozenset[str] = frozenset()  # the family name read as a given name (for swapped names)


# Generational suffixes say nothing about who someone is (a son is told from his father
# by the date of birth, and "Jr" is left off as often as not).
SUFFIXES = frozenset({"JR", "JNR", "JUNIOR", "SR", "SNR", "SENIOR", "II", "III", "IV"})


@lru_cache(maxsize=65536)
def name_parts(given: str, family: str) -> NameParts:
    g = [t for t in normalise_name(given).split() if t not in SUFFIXES]
    f = [t for t in normalise_name(family).split() if t not in SUFFIXES]
    first, fam = (g[0] if g else ""), "".join(f)
    return NameParts(first, frozenset(t for t in g if len(t) > 1), given_variants(first) if first else frozenset(),
                     phonetic_key(first) if first else "", fam, frozenset(p for p in f if len(p) > 2),
                     phonetic_key(fam) if fam else "", given_variants(f[0]) if f else frozenset())


def _close(a: str, b: str, pa: str, pb: str) -> bool:
    return bool(a and b) and (JaroWinkler.similarity(a, b) >= NAME_FUZZY or (bool(pa) and pa == pb))


def name_level(a: NameParts, b: NameParts) -> str:
    """The level at which two names agree ("missing" when either has no name at all)."""
    if not (a.given or a.family) or not (b.given or b.family):
        return "missing"
    g_exact = bool(a.given and b.given) and (a.given == b.given or bool(a.given_tokens & b.given_tokens))
    g_nick = bool(a.variants & b.variants)
    long_given = len(a.given) > 1 and len(b.given) > 1
    g_fuzzy = long_given and _close(a.given, b.given, a.given_phon, b.given_phon)
    g_initial = bool(a.given and b.given) and not long_given and a.given[0] == b.given[0]
    f_exact = bool(a.family) and a.family == b.family
    f_part = bool(a.family_parts & b.family_parts)
    f_fuzzy = _close(a.family, b.family, a.family_phon, b.family_phon)
    if g_exact and f_exact:
        return "exact"
    if a.given and b.given and a.given == b.family and a.family == b.given:
        return "swapped"
    if g_nick and f_exact:
        return "nickname"
    if (g_exact or g_nick) and f_part:
        return "family_part"
    if g_fuzzy and f_exact:
        return "given_fuzzy"
    if (g_exact or g_nick) and f_fuzzy:
        return "family_fuzzy"
    given_as_family = _close(a.given, b.family, a.given_phon, b.family_phon)
    family_as_given = _close(a.family, b.given, a.family_phon, b.given_phon)
    if (given_as_family and family_as_given or family_as_given and a.variants & b.family_variants
            or given_as_family and a.family_variants & b.variants):
        return "swapped_fuzzy"  # each name a typo of the other's, or a nickname (DANIELLE HEATH, HEATH ELLIE)
    if g_fuzzy and (f_fuzzy or f_part):
        return "both_fuzzy"
    if g_initial and (f_exact or f_part):
        return "initial"
    if (not a.given or not b.given) and f_exact:
        return "family_only"
    if g_exact or g_nick:
        return "given_only"
    if a.given and b.given and not (g_fuzzy or g_initial):
        return "given_different"
    return "different"


def part_levels(a: NameParts, b: NameParts) -> tuple[str, str]:
    """How the given names and the family names agree on their own (for explanation only:
    the weight is the name level's)."""
    if not a.given or not b.given:
        given = "missing"
    elif a.given == b.given or a.given_tokens & b.given_tokens:
        given = "exact"
    elif a.variants & b.variants:
        given = "nickname"
    elif len(a.given) > 1 and len(b.given) > 1 and _close(a.given, b.given, a.given_phon, b.given_phon):
        given = "fuzzy"
    elif (len(a.given) == 1 or len(b.given) == 1) and a.given[0] == b.given[0]:
        given = "initial"
    else:
        given = "different"
    if not a.family or not b.family:
        family = "missing"
    elif a.family == b.family:
        family = "exact"
    elif a.family_parts & b.family_parts:
        family = "part"
    elif _close(a.family, b.family, a.family_phon, b.family_phon):
        family = "fuzzy"
    else:
        family = "different"
    return given, family


def _dob8(d: PartialDate) -> str | None:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}" if d.year and d.month and d.day else None


def dob_level(a: PartialDate, b: PartialDate) -> str:
    if not a.year or not b.year:
        return "missing"
    a8, b8 = _dob8(a), _dob8(b)
    if a8 and a8 == b8:
        return "exact"
    if a8 and b8 and a.year == b.year and (a.month, a.day) == (b.day, b.month):
        return "day_month_swapped"
    if a8 and b8 and (DamerauLevenshtein.distance(a8, b8) <= 1 and abs(a.year - b.year) < 10
                      or (a.year, a.month) == (b.year, b.month) and abs(a.day - b.day) == 1):
        # a slip: one digit (not a decade apart: that is a father and son more often than a
        # typo), or the day before or after (the 9th for the 10th is two digits)
        return "one_digit"
    if a.year == b.year and a.month and a.month == b.month and (not a.day or not b.day):
        return "year_month"
    if a.year == b.year and (not a.month or not b.month):
        return "year_only"
    return "different"


def sex_level(a: str | None, b: str | None) -> str:
    if a not in ("M", "F") or b not in ("M", "F"):
        return "missing"
    return "agree" if a == b else "different"


def _district(postcode: str) -> str | None:
    return postcode.split(" ")[0] if " " in postcode else None


def postcode_level(a: str | None, b: str | None) -> str:
    """Postcodes as normalised by features (UK "NW1 2AB", others compacted)."""
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    da, db = _district(a), _district(b)
    if (da and da == db) or (da is None and db is None and Levenshtein.distance(a, b) <= 1):
        return "near"
    return "different"


def address_level(a: str | None, b: str | None) -> str:
    """Address lines as normalised by :func:`normalise_address`."""
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / len(ta | tb)
    if JaroWinkler.similarity(a, b) >= ADDRESS_CLOSE or jaccard >= JACCARD_CLOSE:
        return "close"
    if jaccard >= JACCARD_PARTIAL:
        return "partial"
    return "different"


def name_of(name: Name) -> NameParts:
    return name_parts(name.given, name.family)


__all__ = ["LEVELS", "NameParts", "address_level", "dob_level", "name_level", "name_of", "name_parts",
           "normalise_address", "postcode_level", "sex_level"]
