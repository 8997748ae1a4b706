"""Custody: detention from arrival to release and the PACE clock. Retires NSPIS.

The hooks here only wire the module into the kernel through the module kit
(:mod:`core.kit`, the one part of the kernel a module imports); the work is in
``services.py`` (the acts on a detention), ``clock.py`` / ``pace.py`` / ``care.py`` (the
clock and the check schedule, rules as cited data), ``board.py``, ``resources.py``
(REST), ``web.py`` (pages), ``printing.py`` (the printable record), ``profile.py``
(person view and search), ``events.py`` (the events custody publishes) and ``ingest.py``
(history handed over by the NSPIS adapter as ``custody.detention`` documents).
"""
from __future__ import annotations

from typing import Any

from core.kit import hookimpl

NAME = "custody"


@hookimpl
def mips_module_info() -> dict:
    from plugins.custody.events import PUBLISHED
    from plugins.custody.policies import ROLES
    from plugins.custody.schemas import INGEST_KINDS

    return {"name": NAME, "title": "Custody", "version": "0.3.0", "retires": ["NSPIS"], "roles": dict(ROLES),
            "ingests": sorted(INGEST_KINDS), "publishes": [event.name for event in PUBLISHED]}


@hookimpl
def mips_blueprints() -> list:
    from plugins.custody.resources import blp

    return [blp]


@hookimpl
def mips_web_pages() -> list:
    from plugins.custody import desk, web  # noqa: F401  (their routes join the blueprint)
    from plugins.custody.pages import pages

    return [pages]


@hookimpl
def mips_policies() -> list[str]:
    from plugins.custody.policies import POLICY_LINES

    return list(POLICY_LINES)


@hookimpl
def mips_person_profile(person_id: str, user: Any) -> dict | None:
    from core.kit import current_uow
    from plugins.custody.policies import may
    from plugins.custody.profile import profile

    return profile(current_uow(), person_id) if may(user, "read") else None


@hookimpl
def mips_search(query: Any, user: Any) -> list[dict]:
    from core.kit import current_uow
    from plugins.custody.policies import may
    from plugins.custody.profile import search

    return search(current_uow(), query, user) if may(user, "read") else []


@hookimpl
def mips_seed_demo() -> int:
    from core.kit import current_uow
    from plugins.custody.demo import seed

    return seed(current_uow())


@hookimpl
def mips_ingest(kind: str, document: dict, source: dict) -> str | None:
    from core.kit import current_uow
    from plugins.custody.ingest import take
    from plugins.custody.schemas import INGEST_KINDS

    return take(current_uow(), kind, document, source) if kind in INGEST_KINDS else None


@hookimpl
def mips_retention(uow: Any, person_ids: list[str]) -> list:
    from plugins.custody.retention import retained

    return retained(getattr(uow, "session", uow), person_ids)


@hookimpl
def mips_erase(uow: Any, person_ids: list[str]) -> dict:
    from plugins.custody.retention import erase

    return erase(uow, person_ids)


@hookimpl
def mips_subject_access(uow: Any, person_ids: list[str]) -> dict:
    from plugins.custody.retention import subject_access

    return subject_access(getattr(uow, "session", uow), person_ids)
