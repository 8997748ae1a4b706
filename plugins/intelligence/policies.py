"""Who may see and do what in intelligence: casbin lines with the record's attributes.

The kernel's casbin model matches objects with ``keyMatch``, so an item's attributes are
written into the object a reader is checked against:

- ``original/<handling>``: the text as given (the intelligence unit and named roles);
- ``sanitised/<handling>``: the sanitised text, once disseminated (officers with the right);
- ``condition/<code>``: a C item's condition; a reader must ``meet`` every one of them
  (who meets which is data, ``rules/grading.toml``), to see that item in any form.

Every surface (the report, the person view, search hits, markers' justifications) asks
:mod:`plugins.intelligence.access`, which asks these, so page code decides nothing.
"""
from __future__ import annotations

from typing import Any

from core.kit import allowed
from plugins.intelligence.grading import grading

DOMAIN = "intelligence"
OBJ = "report"

ROLES = {
    "reader": "Reads disseminated (sanitised) intelligence within its handling codes; submits intelligence",
    "public_protection": "Public protection officer: meets the public protection handling condition",
    "original_reader": "Named role: reads the original of P items and of C items whose conditions it meets",
    "analyst": "Intelligence unit analyst: reads originals, searches, links and analyses intelligence",
    "intelligence_officer": "Intelligence unit: evaluates, sanitises and disseminates reports, raises markers, "
                            "registers sources; meets every handling condition",
    "safeguarding": "Reads records of children and adults at risk (Merlin and its successor)",
}


def _condition_lines() -> list[str]:
    return [f"p, {role}, {DOMAIN}, condition/{code}, meet"
            for code, rule in grading()["conditions"].items() for role in rule["met_by"]]


POLICY_LINES = [
    f"p, reader, {DOMAIN}, {OBJ}, read",
    # the rights that govern the CrimInt and Merlin records MiPS shows (core.kit.adapters.Adapter.module_right):
    # legacy records follow the rights of the module that replaces them, not every officer's (issue 21)
    f"p, reader, {DOMAIN}, intelligence, read",
    f"p, safeguarding, {DOMAIN}, safeguarding, read",
    f"p, reader, {DOMAIN}, {OBJ}, submit",
    f"p, reader, {DOMAIN}, sanitised/*, read",
    f"p, original_reader, {DOMAIN}, original/*, read",
    f"p, analyst, {DOMAIN}, original/*, read",
    f"p, analyst, {DOMAIN}, sanitised/*, draft",  # sees sanitised text before dissemination
    f"p, intelligence_officer, {DOMAIN}, {OBJ}, evaluate",
    f"p, intelligence_officer, {DOMAIN}, marker, raise",
    f"p, intelligence_officer, {DOMAIN}, source, register",
    f"p, intelligence_officer, {DOMAIN}, condition/*, meet",
    f"p, analyst, {DOMAIN}, marker, justification",
    f"g, public_protection, reader, {DOMAIN}",
    f"g, original_reader, reader, {DOMAIN}",
    f"g, analyst, reader, {DOMAIN}",
    f"g, intelligence_officer, analyst, {DOMAIN}",
    *_condition_lines(),
]


def may(user: Any, act: str, obj: str = OBJ) -> bool:
    return allowed(user, DOMAIN, obj, act)
