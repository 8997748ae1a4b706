"""The records of a migrated system, as MiPS holds them, for whoever cannot see them elsewhere.

Once a system is migrated it is no longer read live (it may be read-only, then switched
off), and each of its records is held in ``core_legacy_records`` as the document handed
to the replacing module. Where that module is on for the viewer's unit and shows the
viewer the record it made of it, the module's record is what the viewer sees. Everywhere
else (module off for the unit, the record still waiting for the module, or the module
not showing it to this viewer) the held document is shown instead, marked as held, so a
migration never makes a record vanish from search or from the person view. The held
copy is shown to whoever could see the live record before: the right to read persons.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.legacy.describe import describe
from core.legacy.models import LegacyRecord as Held
from core.legacy.models import LegacySystem
from core.legacy.protocol import LegacyRecord

# The states in which MiPS, not the legacy system, holds the records.
HELD_STATES = ("migrated", "retired")


def held_systems(session: Session, systems: Iterable[str]) -> set[str]:
    """Of ``systems``, those migrated or retired: their records are read from MiPS's copy."""
    wanted = set(systems)
    if not wanted:
        return set()
    rows = session.execute(select(LegacySystem.system, LegacySystem.state).where(LegacySystem.system.in_(wanted)))
    return {system for system, state in rows if state in HELD_STATES}


def records(session: Session, system: str, references: Iterable[str]) -> dict[str, Held]:
    """The held records of ``system`` by reference (the legacy key), for those it holds."""
    keys = sorted({r.strip().upper() for r in references if r and r.strip()} | {r for r in references if r})
    if not keys:
        return {}
    found = session.scalars(select(Held).where(Held.system == system, Held.key.in_(keys)))
    return {held.key: held for held in found}


def as_legacy(held: Held) -> LegacyRecord:
    """A held document as the adapter's record again (main row and child rows), so it is
    described the same way the live record was."""
    document = held.document if isinstance(held.document, dict) else {}
    # the default document keeps the rows as they came ("row", "children"); a published kind
    # keeps them as "original" (the main row alone, or {"row", "children"})
    original = document.get("original")
    if isinstance(original, dict) and "row" in original:
        document = original
    row = document.get("row") or (original if isinstance(original, dict) else None) or document
    children = document.get("children", {})
    return LegacyRecord(held.system, held.key, dict(row), dict(children))


def summary(adapter: Any, held: Held) -> dict[str, Any]:
    """``{"at", "summary"}`` of a held record, as :func:`core.legacy.describe.describe` gives."""
    try:
        return describe(adapter, as_legacy(held))
    except Exception:  # an odd document still shows, by its reference
        return {"at": None, "summary": f"{getattr(adapter, 'title', held.system)} {held.key}"}


def note(adapter: Any, held: Held, module_on: bool) -> str:
    """Why the viewer sees the held copy, in plain words."""
    module = adapter.replaced_by
    if held.status == "ingested" and module_on:
        why = f"the {module} module does not show it to you"
    elif held.status == "ingested":
        why = f"the {module} module is not on for your unit"
    elif held.status == "rejected":
        why = f"the {module} module could not take it ({held.reason})"
    else:
        why = f"waiting for the {module} module"
    return f"held record from {adapter.title}, migrated: {why}"
