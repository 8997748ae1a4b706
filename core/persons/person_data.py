"""What a contribution about a person says, and how the kernel reads it.

Every source record stores its ``data`` as it came, in one shape (the REST API's
``PersonIn`` schema): names with a kind, dates of birth (full or partial, as
``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), sex, nationality, physical description,
identifiers and addresses. This module turns such data into the resolution engine's
:class:`~core.resolution.record.PersonRecord` and into the derived index rows.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from core.resolution.normalise import (canonical_given, normalise_identifier, normalise_name,
                                       normalise_postcode, phonetic_key)
from core.resolution.record import Name, PartialDate, PersonRecord

NAME_KINDS = ("primary", "alias", "maiden", "nickname")
IDENTIFIER_KINDS = ("pnc_id", "cro_number", "ni_number", "driving_licence", "passport")
_DOB = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@lru_cache(maxsize=65536)  # a PartialDate is immutable, and dates of birth repeat
def parse_dob(text: str) -> PartialDate:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` to a PartialDate (validated by the schema)."""
    m = _DOB.match(text.strip())
    if not m:
        raise ValueError(f"not a date of birth: {text!r}")
    year, month, day = (int(g) if g else None for g in m.groups())
    return PartialDate(year, month, day)


def format_dob(dob: PartialDate) -> str:
    parts = [f"{dob.year:04d}"] + ([f"{dob.month:02d}"] if dob.month else []) + ([f"{dob.day:02d}"] if dob.day else [])
    return "-".join(parts)


def names_of(data: dict[str, Any]) -> list[Name]:
    return [Name(n.get("given", "") or "", n.get("family", "") or "", n.get("kind", "primary")) for n in data.get("names", [])]


# Pure normalisers, cached: a bulk load meets the same postcodes and identifiers again and again.
_identifier = lru_cache(maxsize=262144)(normalise_identifier)
_postcode = lru_cache(maxsize=262144)(normalise_postcode)


def identifiers_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for item in data.get("identifiers", []):
        value = _identifier(item["kind"], item["value"])
        if value:
            found.append((item["kind"], value))
    return found


def addresses_of(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    out = []
    for address in data.get("addresses", []):
        text = ", ".join(line for line in address.get("lines", []) if line)
        out.append((text, _postcode(address.get("postcode") or "")))
    return out


def to_record(record_id: str, sources: Iterable[dict[str, Any]]) -> PersonRecord:
    """One resolution record from the data of one or more source records (a cluster)."""
    names: dict[Name, None] = {}
    dobs: dict[PartialDate, None] = {}
    idents: dict[tuple[str, str], None] = {}
    addresses: dict[str, None] = {}
    postcodes: dict[str, None] = {}
    sexes: list[str] = []
    for data in sources:
        names.update(dict.fromkeys(names_of(data)))
        dobs.update(dict.fromkeys(parse_dob(d) for d in data.get("dobs", [])))
        idents.update(dict.fromkeys(identifiers_of(data)))
        for text, postcode in addresses_of(data):
            if text:
                addresses[text] = None
            if postcode:
                postcodes[postcode] = None
        if data.get("sex") in ("M", "F"):
            sexes.append(data["sex"])
    sex = max(set(sexes), key=sexes.count) if sexes else None
    return PersonRecord(record_id=record_id, names=tuple(names), dobs=tuple(dobs), sex=sex,
                        addresses=tuple(addresses), postcodes=tuple(postcodes), identifiers=tuple(idents))


def name_keys(name: Name) -> dict[str, str]:
    """Normalised, nickname-canonical and phonetic forms stored beside each name for search."""
    return dict(_name_keys(name.given, name.family))


@lru_cache(maxsize=262144)  # names repeat across a force's records
def _name_keys(given: str, family: str) -> tuple[tuple[str, str], ...]:
    given_norm, family_norm = normalise_name(given), normalise_name(family)
    first_given = given_norm.split(" ")[0] if given_norm else ""
    last_family = family_norm.split(" ")[-1] if family_norm else ""
    return (
        ("given_norm", given_norm),
        ("family_norm", family_norm),
        ("given_canon", canonical_given(first_given) if first_given else ""),
        ("given_phonetic", phonetic_key(first_given) if first_given else ""),
        ("family_phonetic", phonetic_key(last_family) if last_family else ""),
    )
