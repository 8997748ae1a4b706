"""3x5x2 as cited data: each item of a report graded on its own (source evaluation 1-3,
intelligence assessment A-E, handling code P or C with its conditions), and the check
that a sanitised text no longer names its source. A refusal names its rule's source."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.kit import Rules, load_rules, refuse

RULES = Path(__file__).with_name("rules")


@lru_cache(maxsize=1)
def grading() -> Rules:
    return load_rules(RULES / "grading.toml")


@lru_cache(maxsize=1)
def marker_rules() -> Rules:
    return load_rules(RULES / "markers.toml")


def meaning(scale: str, grade: str) -> dict[str, str]:
    """What a grade means and where that comes from (``scale``: source_evaluation...)."""
    return {"grade": grade, "meaning": grading()[scale][grade], "cite": grading().cite(scale)}


def check_item(item: dict[str, Any]) -> dict[str, Any]:
    """One item's grades, refused with the rule when outside 3x5x2; a C item must carry its
    conditions (known codes and the conditions written down), a P item none."""
    rules = grading()
    for scale, field in (("source_evaluation", "source_evaluation"), ("intelligence_assessment", "assessment"),
                         ("handling", "handling")):
        value = str(item.get(field) or "")
        if value not in rules[scale]:
            refuse("grade_outside_3x5x2", f"{field} {value!r} is not a 3x5x2 grade (one of "
                                          f"{', '.join(rules[scale])})", rules.cite(scale))
    codes = list(item.get("conditions") or [])
    text = (item.get("conditions_text") or "").strip()
    if item["handling"] == "C":
        if not codes or not text:
            refuse("conditions_required", "A C handling code needs its conditions: at least one condition and "
                                          "the conditions written down", rules.cite("handling_conditions.conditions_required"))
        unknown = [c for c in codes if c not in rules["conditions"]]
        if unknown:
            refuse("unknown_condition", f"No handling condition {', '.join(unknown)} (known: "
                                        f"{', '.join(rules['conditions'])})", rules.cite("handling"))
    elif codes or text:
        refuse("conditions_on_p", "A P handling code carries no conditions (use C)", rules.cite("handling"))
    return {**item, "conditions": codes, "conditions_text": text}


def source_type(kind: str) -> dict[str, Any]:
    types = grading()["source_types"]
    if kind not in types:
        refuse("unknown_source_type", f"No source type {kind!r} (known: {', '.join(types)})",
               grading().cite("sanitisation"))
    return {**types[kind], "cite": grading().cite(f"source_types.{kind}")}


def identifying(text: str, identifiers: list[str]) -> list[str]:
    """Which of the source's identifiers (its reference, its name and each part of it long
    enough to identify) appear in ``text``, as whole words, whatever the case."""
    least = int(grading()["sanitisation"]["min_name_part"])
    words: list[str] = []
    for ident in identifiers:
        ident = (ident or "").strip()
        if not ident:
            continue
        words.append(ident)
        words += [part for part in re.split(r"[\s,]+", ident) if len(part) >= least]
    found = []
    for word in dict.fromkeys(words):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
            found.append(word)
    return found


def check_sanitised(text: str, identifiers: list[str]) -> None:
    found = identifying(text, identifiers)
    if found:
        refuse("sanitised_names_source", "The sanitised text still identifies the source (it contains what the "
                                         "source record holds as its name or reference)",
               grading().cite("sanitisation"))
