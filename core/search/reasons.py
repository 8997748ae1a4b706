"""Why a person was found, in words an officer reads at a glance.

A score such as "name 0.94" says nothing on the street; "same date of birth, name spelt
differently" says what to check before acting on the result. Each name token of the query
is compared with the name it was matched against and the weakest agreement is reported,
since that is the one the officer must weigh.
"""
from __future__ import annotations

from core.resolution.normalise import nickname_match, normalise_name, phonetic_key

# from the strongest agreement to the weakest
NAME_WORDS = ("same name", "a nickname of the name searched", "name sounds the same", "name spelt differently")


def _token_agreement(token: str, parts: list[str], given: list[str]) -> int:
    """Index into :data:`NAME_WORDS` of the best way ``token`` fits one of ``parts``."""
    if token in parts:
        return 0
    if any(nickname_match(token, p) for p in given):
        return 1
    key = phonetic_key(token)
    if key and any(phonetic_key(p) == key for p in parts):
        return 2
    return 3


def name_reason(tokens: list[str], given: str, family: str) -> str:
    """How the query's name tokens agree with the name ``given family`` (weakest agreement),
    noting names typed the other way round."""
    tokens = [normalise_name(t) for t in tokens]
    given_parts, family_parts = normalise_name(given).split(), normalise_name(family).split()
    parts = given_parts + family_parts
    if not tokens or not parts:
        return ""
    worst = max(_token_agreement(t, parts, given_parts) for t in tokens)
    words = NAME_WORDS[worst]
    if len(tokens) >= 2 and tokens[0] in family_parts and tokens[-1] in given_parts and given_parts != family_parts:
        words += ", surname typed first"
    return words


def other_name_reason(matched: str, shown: str) -> str:
    """When the query matched a name other than the one the person is shown under."""
    if matched and shown and normalise_name(matched) != normalise_name(shown):
        return f"found under another name they are recorded with: {matched}"
    return ""


DOB_WORDS = {
    "exact": "same date of birth",
    "swapped": "date of birth with day and month swapped",
    "partial": "date of birth partly recorded, the parts known agree",
    "range": "born in the years searched",
}
POSTCODE_WORDS = "same postcode"
