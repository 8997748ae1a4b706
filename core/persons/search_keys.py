"""Search keys stored beside the resolution engine's blocking keys.

Every part of every name a person is known by (given, family, alias, maiden, nickname)
is indexed by its phonetic code, and given names also by the phonetic code of their
nickname-canonical form. A query token is looked up by the same two codes, so a name
typed in either order, a nickname (through every name it may stand for), one half of a double-barrelled name, a maiden name
or a misspelling that sounds the same all reach the person through one indexed lookup
that works the same on SQLite and PostgreSQL. Full dates of birth are keyed too.
"""
from __future__ import annotations

from core.resolution.normalise import given_variants, normalise_name, phonetic_key
from core.resolution.record import PersonRecord

NAME_PREFIX = "s:n:"
DOB_PREFIX = "s:d:"


def token_keys(token: str) -> set[str]:
    """The keys a name token (of any kind, in any position) is indexed under."""
    norm = normalise_name(token)
    keys = set()
    for part in norm.split():
        if len(part) < 2:
            continue
        keys.update(NAME_PREFIX + phonetic_key(variant) for variant in given_variants(part))
    return keys


def search_keys(record: PersonRecord) -> set[str]:
    keys: set[str] = set()
    for name in record.names:
        for part in f"{name.given} {name.family}".split():
            keys |= token_keys(part)
    for dob in record.dobs:
        if dob.year and dob.month and dob.day:
            keys.add(f"{DOB_PREFIX}{dob.year:04d}-{dob.month:02d}-{dob.day:02d}")
    return keys
