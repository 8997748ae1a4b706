"""Reading a search: free text and structured fields into one :class:`SearchQuery`.

Officers type what they have: "bob smyth 03/04/1985", "AB12 CDE", "NW1 2AB", a PNC ID, a
custody number. The free text is split into what it recognises (dates, postcodes,
registrations, identifiers) and name tokens; anything else is passed on to the modules'
and adapters' ``mips_search`` hooks as text (crime references, URNs, custody numbers).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from core.resolution.normalise import normalise_identifier, normalise_postcode, normalise_vrm
from core.resolution.record import PartialDate

_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$")
_OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_INCODE = re.compile(r"^[0-9][A-Z]{2}$")
_VRM = re.compile(r"^(?=.*[0-9])(?=.*[A-Z])[A-Z0-9]{2,8}$")
_NAME = re.compile(r"^[^\W\d_][^\W\d_'\-]*(?:['\-][^\W\d_]+)*$", re.UNICODE)
_WILDCARDS = set("*%?_")


class BadQuery(ValueError):
    """A query that cannot be searched (empty, or only wildcards)."""


@dataclass
class SearchQuery:
    text: str = ""
    names: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)  # name tokens typed with a trailing *
    given: str | None = None
    family: str | None = None
    dob: PartialDate | None = None
    dob_from: date | None = None
    dob_to: date | None = None
    postcode: str | None = None
    vrm: str | None = None
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    others: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.names or self.prefixes or self.given or self.family or self.dob or self.dob_from or self.dob_to
                    or self.postcode or self.vrm or self.identifiers or self.others)

    def __str__(self) -> str:
        return self.text or " ".join(filter(None, [self.given, self.family]))


def _date(token: str) -> PartialDate | None:
    if m := _DATE_DMY.match(token):
        day, month, year = (int(x) for x in m.groups())
    elif m := _DATE_ISO.match(token):
        year, month, day = (int(x) for x in m.groups())
    else:
        return None
    try:
        date(year, month, day)
    except ValueError:
        if day <= 12 and month > 12:  # written month/day: keep it, resolution tries the swap
            return PartialDate(year, day, month)
        return None
    return PartialDate(year, month, day)


def _identifier(token: str) -> tuple[str, str] | None:
    for kind in ("pnc_id", "ni_number", "cro_number"):
        value = normalise_identifier(kind, token)
        if value:
            return kind, value
    return None


def parse(text: str = "", **structured) -> SearchQuery:
    """Build a query from free text plus structured fields (given, family, dob, postcode...)."""
    query = SearchQuery(text=(text or "").strip()[:500])
    tokens = [t for t in re.split(r"[\s,]+", query.text) if t]
    meaningful = [t for t in tokens if set(t) - _WILDCARDS]
    if tokens and not meaningful and not any(structured.values()):
        raise BadQuery("A search needs more than wildcards: type a name, a date of birth, a registration...")
    i = 0
    upper = [t.upper().strip("*%?") for t in meaningful]
    while i < len(upper):
        token, nxt = upper[i], upper[i + 1] if i + 1 < len(upper) else ""
        if _OUTCODE.match(token) and _INCODE.match(nxt):
            query.postcode = normalise_postcode(f"{token} {nxt}")
            i += 2
            continue
        if _POSTCODE.match(token) and normalise_postcode(token):
            query.postcode = normalise_postcode(token)
        elif (dob := _date(token)) is not None:
            query.dob = dob
        elif (ident := _identifier(token)) is not None:
            query.identifiers.append(ident)
        elif _VRM.match(token):
            query.vrm = normalise_vrm(token)
            query.others.append(token)
        elif _NAME.match(meaningful[i].strip("*%?")) and len(token) >= 2:
            (query.prefixes if meaningful[i].endswith(("*", "%")) else query.names).append(token)
        elif token:
            query.others.append(meaningful[i])
        i += 1
    for name in ("given", "family"):
        if structured.get(name):
            setattr(query, name, structured[name].strip())
    if structured.get("dob"):
        query.dob = structured["dob"]
    for name in ("dob_from", "dob_to"):
        if structured.get(name):
            setattr(query, name, structured[name])
    if structured.get("postcode"):
        query.postcode = normalise_postcode(structured["postcode"]) or structured["postcode"].upper().strip()
    if structured.get("vrm"):
        query.vrm = normalise_vrm(structured["vrm"])
    if query.is_empty():
        raise BadQuery("Type something to search for: a name, a date of birth, a registration, a postcode...")
    return query
