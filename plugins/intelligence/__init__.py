"""Intelligence: 3x5x2 graded reports, sanitisation, warning markers. Retires CrimInt
(and, with safeguarding still to come, Merlin).

The hooks here only wire the module into the kernel through the module kit; the work is
in ``services.py`` (submit, evaluate and sanitise, disseminate, raise a marker, ingest),
``grading.py`` with the cited rule files in ``rules/`` (3x5x2, handling conditions,
source types, markers), ``policies.py`` and ``access.py`` (who sees which item in which
form: casbin with the record's attributes), ``reading.py`` and ``resources.py`` (REST),
``profile.py`` (person view and search) and ``events.py`` (what the module publishes).
"""
from __future__ import annotations

from typing import Any

from core.kit import hookimpl

NAME = "intelligence"


@hookimpl
def mips_module_info() -> dict:
    from plugins.intelligence.events import PUBLISHED
    from plugins.intelligence.policies import ROLES
    from plugins.intelligence.schemas import INGEST_KINDS

    return {"name": NAME, "title": "Intelligence", "version": "0.2.0", "retires": ["CrimInt", "Merlin"],
            "roles": dict(ROLES), "ingests": sorted(INGEST_KINDS), "publishes": [e.name for e in PUBLISHED]}


@hookimpl
def mips_blueprints() -> list:
    from plugins.intelligence.resources import blp

    return [blp]


@hookimpl
def mips_web_pages() -> list:
    from plugins.intelligence.web import pages

    return [pages]


@hookimpl
def mips_policies() -> list[str]:
    from plugins.intelligence.policies import POLICY_LINES

    return list(POLICY_LINES)


@hookimpl
def mips_person_profile(person_id: str, user: Any) -> dict | None:
    from core.kit import current_uow
    from plugins.intelligence.policies import may
    from plugins.intelligence.profile import profile

    return profile(current_uow(), person_id, user) if may(user, "read") else None


@hookimpl
def mips_search(query: Any, user: Any) -> list[dict]:
    from core.kit import current_uow
    from plugins.intelligence.policies import may
    from plugins.intelligence.profile import search

    return search(current_uow(), query, user) if may(user, "read") else []


@hookimpl
def mips_ingest(kind: str, document: dict, source: dict) -> str | None:
    from core.kit import current_uow
    from plugins.intelligence.schemas import INGEST_KINDS
    from plugins.intelligence.services import take

    return take(current_uow(), document, source) if kind in INGEST_KINDS else None


@hookimpl
def mips_retention(uow: Any, person_ids: list[str]) -> list:
    from plugins.intelligence.retention import retained

    return retained(getattr(uow, "session", uow), person_ids)


@hookimpl
def mips_erase(uow: Any, person_ids: list[str]) -> dict:
    from plugins.intelligence.retention import erase

    return erase(uow, person_ids)


@hookimpl
def mips_subject_access(uow: Any, person_ids: list[str]) -> dict:
    from plugins.intelligence.retention import subject_access

    return subject_access(getattr(uow, "session", uow), person_ids)
