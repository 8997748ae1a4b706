"""Normalising what people type: names, postcodes, identifiers, registrations.

Names are folded to upper-case ASCII letters (accents removed, apostrophes dropped,
hyphens and other punctuation to spaces) so "O'Brien-Smith" and "OBRIEN SMITH" agree.
Phonetic keys are Metaphone (jellyfish); nickname-canonical given names come from the
hand-curated ``nicknames`` data set, choosing the root name (the one with the most
nicknames) when a nickname has several, so BOB -> ROBERT.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
from nicknames import NickNamer

_NON_LETTER = re.compile(r"[^A-Z ]+")
_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_NI = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")
_PNC = re.compile(r"^([0-9]{2}|[0-9]{4})/?([0-9]{1,7})([A-Z])$")
_CRO = re.compile(r"^([0-9]{1,6})/?([0-9]{2})([A-Z])$")
_DRIVING = re.compile(r"^[A-Z9]{5}[0-9]{6}[A-Z9]{2}[0-9][A-Z]{2}$")
_PASSPORT = re.compile(r"^[A-Z0-9]{6,9}$")

_namer = NickNamer()


def normalise_name(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text or "")
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).upper().replace("'", "").replace("’", "")
    return _SPACES.sub(" ", _NON_LETTER.sub(" ", ascii_only)).strip()


@lru_cache(maxsize=65536)
def phonetic_key(name_part: str) -> str:
    norm = normalise_name(name_part).replace(" ", "")
    return jellyfish.metaphone(norm) if norm else ""


@lru_cache(maxsize=65536)
def canonical_given(given: str) -> str:
    norm = normalise_name(given)
    first = norm.split(" ")[0] if norm else ""
    if not first:
        return ""
    lower = first.lower()
    if _namer.nicknames_of(lower) and not _namer.canonicals_of(lower) - {lower}:
        return first
    roots = _namer.canonicals_of(lower)
    if not roots:
        return first
    if _namer.nicknames_of(lower) and len(_namer.nicknames_of(lower)) >= max(len(_namer.nicknames_of(r)) for r in roots):
        return first
    best = max(sorted(roots), key=lambda r: (len(_namer.nicknames_of(r)), len(r)))
    return best.upper()


def normalise_postcode(text: str) -> str | None:
    compact = re.sub(r"\s+", "", (text or "").upper())
    m = _POSTCODE.match(compact)
    return f"{m.group(1)} {m.group(2)}" if m else None


def normalise_vrm(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def normalise_identifier(kind: str, value: str) -> str | None:
    """The canonical form of an identifier, or None if it is not a valid one of its kind."""
    compact = re.sub(r"[\s.-]", "", (value or "").upper())
    if kind == "ni_number":
        return compact if _NI.match(compact) else None
    if kind == "pnc_id":
        m = _PNC.match(compact)
        return f"{m.group(1)[-2:]}/{int(m.group(2)):07d}{m.group(3)}" if m else None
    if kind == "cro_number":
        m = _CRO.match(compact)
        return f"{int(m.group(1)):06d}/{m.group(2)}{m.group(3)}" if m else None
    if kind == "driving_licence":
        return compact if _DRIVING.match(compact) else None
    if kind == "passport":
        return compact if _PASSPORT.match(compact) else None
    return None


@lru_cache(maxsize=65536)
def given_variants(given: str) -> frozenset[str]:
    """The given name and the names it is a nickname of (BILL -> WILL, WILLIAM...; BOB -> ROBERT).

    Nickname relations are not one-to-one (BILL is short for William and, in some data,
    for Robert), so two given names are treated as the same when their variant sets meet,
    rather than by forcing each onto a single canonical name.
    """
    norm = normalise_name(given)
    first = norm.split(" ")[0] if norm else ""
    if not first:
        return frozenset()
    return frozenset({first} | {c.upper() for c in _namer.canonicals_of(first.lower())})


def nickname_match(a: str, b: str) -> bool:
    """True when two given names are the same name or one is a known nickname of the other."""
    va, vb = given_variants(a), given_variants(b)
    return bool(va and vb and (va & vb))
