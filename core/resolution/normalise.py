"""Normalising what people type: names, postcodes, identifiers, registrations.

Names are folded to upper-case ASCII letters (accents removed, apostrophes dropped,
hyphens and other punctuation to spaces) so "O'Brien-Smith" and "OBRIEN SMITH" agree.
Phonetic keys are Metaphone (jellyfish).

Nicknames come from the hand-curated ``nicknames`` data set, read as a directed graph
from a full name to its nicknames. The data set also lists some relations backwards
("BILL has nickname ROBERT" beside "ROBERT has nickname BILL"); taken literally those
make ROBERT and WILLIAM nicknames of each other through BILL, which would merge
different people. So an edge is kept only from a longer name to a shorter one, or
between names of one length (HENRY and HARRY). Where a
nickname stands for several full names, the canonical one is the full name with the
most nicknames, except for a few common English nicknames whose usual full name the
data set cannot rank (BILL is William far more often than Robert).
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

import jellyfish
from nicknames import name_triplets

_NON_LETTER = re.compile(r"[^A-Z ]+")
_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_TRAILING_POSTCODE = re.compile(r"^(.*?)[\s,]+([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})[\s,.]*$", re.IGNORECASE)
_NI = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")
_PNC = re.compile(r"^([0-9]{2}|[0-9]{4})/?([0-9]{1,7})([A-Z])$")
_CRO = re.compile(r"^([0-9]{1,6})/?([0-9]{2})([A-Z])$")
_DRIVING = re.compile(r"^[A-Z9]{5}[0-9]{6}[A-Z9]{2}[0-9][A-Z]{2}$")
_PASSPORT = re.compile(r"^[A-Z0-9]{6,9}$")
_OTHER_ID = re.compile(r"^[A-Z0-9]{4,20}$")

# The usual full name of a nickname the data set gives several full names for.
_PREFERRED = {"BILL": "WILLIAM", "BILLY": "WILLIAM", "WILL": "WILLIAM", "MIKE": "MICHAEL", "MICK": "MICHAEL",
              "TONY": "ANTHONY", "CHRIS": "CHRISTOPHER", "ALEX": "ALEXANDER", "SAM": "SAMUEL", "PAT": "PATRICK",
              "JACK": "JOHN", "HARRY": "HENRY", "TED": "EDWARD", "TEDDY": "EDWARD", "SANDY": "ALEXANDER",
              "KATE": "KATHERINE", "KATIE": "KATHERINE", "JO": "JOANNE", "DAN": "DANIEL", "DANNY": "DANIEL",
              "FRED": "FREDERICK", "FREDDIE": "FREDERICK", "NICK": "NICHOLAS", "ANDY": "ANDREW", "STEVE": "STEPHEN",
              "JOE": "JOSEPH", "TOM": "THOMAS", "BEN": "BENJAMIN", "MATT": "MATTHEW", "JESS": "JESSICA",
              "ANN": "ANNE", "PEGGY": "MARGARET", "MAGGIE": "MARGARET", "MEG": "MARGARET", "TERRI": "THERESA",
              "DEBBIE": "DEBORAH", "DEB": "DEBORAH", "EM": "EMILY", "MEL": "MELISSA", "NAT": "NATALIE"}


def _nickname_graph() -> dict[str, frozenset[str]]:
    """nickname -> the full names it stands for (upper case), backward noise removed."""
    pairs = {(t.name1.upper(), t.name2.upper()) for t in name_triplets() if str(t.relationship).endswith("has_nickname")}
    parents: dict[str, set[str]] = defaultdict(set)
    for full, nick in pairs:
        if full == nick or len(nick) > len(full):
            continue
        parents[nick].add(full)
    return {nick: frozenset(fulls) for nick, fulls in parents.items()}


_PARENTS = _nickname_graph()
_NICKS: dict[str, set[str]] = defaultdict(set)
for _nick, _fulls in _PARENTS.items():
    for _full in _fulls:
        _NICKS[_full].add(_nick)


@lru_cache(maxsize=262144)  # names repeat (Smith, John): a bulk load normalises each spelling once
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
    """The nickname-canonical form of a given name's first part: BOB -> ROBERT, BILL -> WILLIAM."""
    norm = normalise_name(given)
    first = norm.split(" ")[0] if norm else ""
    roots = _PARENTS.get(first)
    if not roots:
        return norm
    if first in _PREFERRED and _PREFERRED[first] in roots:
        return _PREFERRED[first]
    # a full name that is no one's nickname itself (ROBERT, not BOBBY), then one that starts
    # like the nickname (ANN -> ANNA, not CHRISTIANA), then the one with most nicknames
    return max(sorted(roots), key=lambda r: (r not in _PARENTS, min(len(os.path.commonprefix([first, r])), 3),
                                              len(_NICKS[r]), -len(r)))


_NON_ALNUM = re.compile(r"[^A-Z0-9 ]+")


def normalise_address(text: str) -> str:
    """An address line folded like a name but keeping digits (the house number)."""
    folded = unicodedata.normalize("NFKD", text or "")
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).upper().replace("'", "")
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", ascii_only)).strip()


def postcode_district(postcode: str | None) -> str | None:
    """The outward code of a normalised UK postcode ("NW1 2AB" -> "NW1"); None otherwise."""
    return postcode.split(" ")[0] if postcode and " " in postcode else None


def normalise_postcode(text: str) -> str | None:
    compact = re.sub(r"\s+", "", (text or "").upper())
    m = _POSTCODE.match(compact)
    return f"{m.group(1)} {m.group(2)}" if m else None


def split_postcode(text: str | None) -> tuple[str, str | None]:
    """An address kept on one line with its UK postcode at the end ("533 Morgan Plains,
    E7A 3QD"), as several legacy systems keep it, as the line without the postcode and
    the postcode in canonical form; the text as it is and None when it ends in none. Left
    in the line, the postcode keeps two records of one address from agreeing on either."""
    alone = normalise_postcode(text or "")
    if alone:
        return "", alone
    m = _TRAILING_POSTCODE.match(text or "")
    postcode = normalise_postcode(m.group(2)) if m else None
    if postcode is None or not m.group(1).strip(" ,"):
        return text or "", None
    return m.group(1).strip(" ,"), postcode


def postcode_key(text: str) -> str | None:
    """What postcodes are compared on: the canonical UK form, or for any other postcode
    (FEBRL's Australian ones, a foreign address) its letters and digits."""
    return normalise_postcode(text) or re.sub(r"[^A-Z0-9]", "", (text or "").upper()) or None


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
    if kind == "other_id":  # another scheme's number (a foreign social security or identity card number)
        compact = re.sub(r"[^A-Z0-9]", "", compact)
        return compact if _OTHER_ID.match(compact) else None
    return None


@lru_cache(maxsize=65536)
def given_variants(given: str) -> frozenset[str]:
    """The given name's first part and the full names it is a nickname of (BILL -> WILLIAM,
    ROBERT; BOB -> ROBERT). Nickname relations are not one-to-one, so two given names are
    treated as the same when their variant sets meet, rather than by forcing each onto a
    single canonical name; a full name's variants are itself alone, so ROBERT and WILLIAM
    never meet (through BILL or otherwise)."""
    norm = normalise_name(given)
    first = norm.split(" ")[0] if norm else ""
    if not first:
        return frozenset()
    return frozenset({first} | _PARENTS.get(first, frozenset()))


def nickname_match(a: str, b: str) -> bool:
    """True when two given names are the same name or one is a known nickname of the other
    (or both are nicknames of one full name)."""
    va, vb = given_variants(a), given_variants(b)
    return bool(va and vb and (va & vb))
