"""Prosecution: charging decisions (DG6), case files (MG forms), charges, hearings,
disclosure and warrants. Retires COPA and EWMS.

The hooks here only wire the module into the kernel through the module kit; the work is
in ``dg6.py`` with the cited rule files in ``rules/`` (who charges), ``charging.py`` (the
decision, the MG3 and its answer), ``cases.py`` with ``forms.py`` (the case file built from
custody's charge, its MG forms traced to their sources), ``events.py`` (what the module
publishes and consumes), ``warrants.py`` (EWMS's job: a warrant's lifecycle),
``profile.py`` (person view, with an outstanding warrant as a warning, and search),
``resources.py`` (REST), ``web.py`` (pages) and ``ingest.py`` (COPA files and EWMS warrants
handed over by their adapters).
"""
from __future__ import annotations

from typing import Any

from core.kit import hookimpl

NAME = "prosecution"


@hookimpl
def mips_module_info() -> dict:
    from plugins.prosecution.events import CONSUMES, PUBLISHED
    from plugins.prosecution.policies import ROLES
    from plugins.prosecution.schemas import INGEST_KINDS

    return {"name": NAME, "title": "Prosecution", "version": "0.2.0", "retires": ["COPA", "EWMS"], "roles": dict(ROLES),
            "publishes": [e.name for e in PUBLISHED], "consumes": list(CONSUMES), "ingests": sorted(INGEST_KINDS)}


@hookimpl
def mips_blueprints() -> list:
    from plugins.prosecution.resources import blp

    return [blp]


@hookimpl
def mips_web_pages() -> list:
    from plugins.prosecution.web import pages

    return [pages]


@hookimpl
def mips_policies() -> list[str]:
    from plugins.prosecution.policies import POLICY_LINES

    return list(POLICY_LINES)


@hookimpl
def mips_on_event(event) -> None:
    """A charge in custody builds its case file (idempotent by the event's id); a booking
    in on one of the module's warrants executes it."""
    from core.kit import current_uow

    if event.name == "custody.charged" and event.version == 1:
        from plugins.prosecution.cases import build

        build(current_uow(), event)
    elif event.name == "custody.warrant_executed" and event.version == 1:
        from plugins.prosecution.warrants import on_custody_booking

        on_custody_booking(current_uow(), event)


@hookimpl
def mips_person_profile(person_id: str, user: Any) -> dict | None:
    from core.kit import current_uow
    from plugins.prosecution.profile import profile

    return profile(current_uow(), person_id, user)


@hookimpl
def mips_search(query: Any, user: Any) -> list[dict]:
    from core.kit import current_uow
    from plugins.prosecution.profile import search

    return search(current_uow(), query, user)


@hookimpl
def mips_ingest(kind: str, document: dict, source: dict) -> str | None:
    from core.kit import current_uow
    from plugins.prosecution.ingest import take
    from plugins.prosecution.schemas import INGEST_KINDS

    return take(current_uow(), kind, document, source) if kind in INGEST_KINDS else None


@hookimpl
def mips_retention(uow: Any, person_ids: list[str]) -> list:
    from plugins.prosecution.retention import retained

    return retained(getattr(uow, "session", uow), person_ids)


@hookimpl
def mips_erase(uow: Any, person_ids: list[str]) -> dict:
    from plugins.prosecution.retention import erase

    return erase(uow, person_ids)


@hookimpl
def mips_subject_access(uow: Any, person_ids: list[str]) -> dict:
    from plugins.prosecution.retention import subject_access

    return subject_access(getattr(uow, "session", uow), person_ids)
