"""Investigation: crimes recorded to the Home Office Counting Rules. Retires CRIS (and,
with ASB cases still to come, Airspace).

The hooks here only wire the module into the kernel through the module kit; the work is
in ``services.py`` (recording, re-classification, cancellation), ``hocr.py`` with the
cited rule files in ``rules/`` (classifications, counting rules), ``integrity.py`` (the
24-hour recording standard), ``resources.py`` (REST), ``profile.py`` (person view and
search) and ``events.py`` (what the module publishes).
"""
from __future__ import annotations

from typing import Any

from core.kit import hookimpl

NAME = "investigation"


@hookimpl
def mips_module_info() -> dict:
    from plugins.investigation.events import PUBLISHED
    from plugins.investigation.policies import ROLES
    from plugins.investigation.schemas import INGEST_KINDS

    return {"name": NAME, "title": "Investigation", "version": "0.2.0", "retires": ["CRIS", "Airspace"],
            "roles": dict(ROLES), "ingests": sorted(INGEST_KINDS), "publishes": [e.name for e in PUBLISHED]}


@hookimpl
def mips_blueprints() -> list:
    from plugins.investigation.resources import blp

    return [blp]


@hookimpl
def mips_policies() -> list[str]:
    from plugins.investigation.policies import POLICY_LINES

    return list(POLICY_LINES)


@hookimpl
def mips_person_profile(person_id: str, user: Any) -> dict | None:
    from core.kit import current_uow
    from plugins.investigation.policies import may
    from plugins.investigation.profile import profile

    return profile(current_uow(), person_id, user) if may(user, "read") else None


@hookimpl
def mips_search(query: Any, user: Any) -> list[dict]:
    from core.kit import current_uow
    from plugins.investigation.policies import may
    from plugins.investigation.profile import search

    return search(current_uow(), query, user) if may(user, "read") else []


@hookimpl
def mips_ingest(kind: str, document: dict, source: dict) -> str | None:
    from core.kit import current_uow
    from plugins.investigation.schemas import INGEST_KINDS
    from plugins.investigation.services import take

    return take(current_uow(), document, source) if kind in INGEST_KINDS else None


@hookimpl
def mips_retention(uow: Any, person_ids: list[str]) -> list:
    from plugins.investigation.retention import retained

    return retained(getattr(uow, "session", uow), person_ids)


@hookimpl
def mips_erase(uow: Any, person_ids: list[str]) -> dict:
    from plugins.investigation.retention import erase

    return erase(uow, person_ids)


@hookimpl
def mips_subject_access(uow: Any, person_ids: list[str]) -> dict:
    from plugins.investigation.retention import subject_access

    return subject_access(getattr(uow, "session", uow), person_ids)
