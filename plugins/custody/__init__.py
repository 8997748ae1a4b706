"""Custody: detention from arrival to release and the PACE clock. Retires NSPIS.

The hooks here only wire the module into the kernel; the work is in ``services.py`` (the
acts on a detention), ``clock.py`` / ``pace.py`` / ``care.py`` (the clock and the check
schedule, as data with citations), ``board.py``, ``resources.py`` (REST), ``printing.py``
(the printable record), ``profile.py`` (person view and search) and ``ingest.py`` (NSPIS).
"""
from __future__ import annotations

from typing import Any



from core import hookimpl
from core.current import current_kernel

NAME = "custody"


@hookimpl
def mips_module_info() -> dict:
    from plugins.custody.policies import ROLES

    return {"name": NAME, "title": "Custody", "version": "0.2.0", "retires": ["NSPIS"], "roles": dict(ROLES),
            "ingests": ["custody.custody_records"]}


@hookimpl
def mips_blueprints() -> list:
    from plugins.custody.resources import blp

    return [blp]


@hookimpl
def mips_web_pages() -> list:
    try:
        from plugins.custody.web import pages
    except ImportError:  # the officer web shell is not installed
        return []
    return [pages]


@hookimpl
def mips_policies() -> list[str]:
    from plugins.custody.policies import POLICY_LINES

    return list(POLICY_LINES)


def _may_read(user: Any) -> bool:
    from plugins.custody.policies import DOMAIN, OBJ

    return current_kernel().access.allowed(user.username, DOMAIN, OBJ, "read")


@hookimpl
def mips_person_profile(person_id: str, user: Any) -> dict | None:
    from plugins.custody.profile import profile

    return profile(person_id) if _may_read(user) else None


@hookimpl
def mips_search(query: Any, user: Any) -> list[dict]:
    if not _may_read(user):
        return []
    from core.entities.models import Person
    from core.db import session
    from plugins.custody.profile import search

    restricted_ok = current_kernel().access.allowed(user.username, "core", "persons_restricted", "read")

    def see(person_id: str) -> bool:
        return restricted_ok or session().get(Person, person_id).restriction is None

    return search(query, see)


@hookimpl
def mips_seed_demo() -> int:
    from plugins.custody.demo import seed

    return seed()


@hookimpl
def mips_ingest(kind: str, document: dict, source: dict) -> str | None:
    from plugins.custody.ingest import KIND, ingest
    from core.db import session

    return ingest(session(), document, source) if kind == KIND else None
