"""Switching modules on and off, force-wide or for named units, at run time.

Changes are persisted in ``core_module_states``, audited as alterations in the same
transaction, and bump the kernel state version so that every worker picks them up on its
next request. Nothing here touches a module's own data.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit.log import record
from core.identity.models import Unit
from core.modules.models import ModuleState
from core.platform import state
from core.platform.errors import DomainError
from core.platform.timeutil import utcnow


class RolloutError(DomainError):
    """A rollout change that cannot be made (unknown module or unit)."""


@dataclass(frozen=True)
class Rollout:
    enabled: bool
    units: tuple[str, ...]

    def enabled_for(self, unit: str | None) -> bool:
        return self.enabled and (not self.units or unit in self.units)

    @property
    def scope(self) -> str:
        if not self.enabled:
            return "off"
        return "units" if self.units else "force"


OFF = Rollout(False, ())


def load_rollouts(session: Session) -> dict[str, Rollout]:
    rows = session.scalars(select(ModuleState))
    return {row.name: Rollout(row.enabled, tuple(row.units or ())) for row in rows}


def _check_units(session: Session, units: list[str]) -> list[str]:
    known = set(session.scalars(select(Unit.name)))
    unknown = sorted(set(units) - known)
    if unknown:
        raise RolloutError("unknown_unit", f"No such unit: {', '.join(unknown)}", {"units": unknown})
    return sorted(set(units))


def set_rollout(session: Session, installed: set[str], name: str, enabled: bool, units: list[str] | None,
                *, actor: str | None = None) -> Rollout:
    """Persist a module's rollout exactly as given (``units`` empty = force-wide)."""
    if name not in installed:
        raise RolloutError("unknown_module", f"No module named {name!r} is installed", status=404)
    units = _check_units(session, units or []) if enabled else []
    row = session.get(ModuleState, name)
    before = Rollout(row.enabled, tuple(row.units or ())) if row else OFF
    if row is None:
        row = ModuleState(name=name)
        session.add(row)
    row.enabled, row.units, row.updated_at = enabled, units, utcnow()
    row.updated_by = actor or ""
    after = Rollout(enabled, tuple(units))
    state.bump(session)
    extra = {"actor": actor} if actor else {}
    record(session, "alteration", "module", name, **extra, details={
        "before": {"enabled": before.enabled, "units": list(before.units)},
        "after": {"enabled": after.enabled, "units": list(after.units)},
    })
    return after


def enable(session: Session, installed: set[str], name: str, unit: str | None = None, *, actor: str | None = None) -> Rollout:
    """Enable force-wide, or add one unit to a pilot (a force-wide module stays force-wide)."""
    current = load_rollouts(session).get(name, OFF)
    if unit is None:
        units: list[str] = []
    elif current.enabled and not current.units:
        units = []
    else:
        units = list(current.units if current.enabled else ()) + [unit]
    return set_rollout(session, installed, name, True, units, actor=actor)


def disable(session: Session, installed: set[str], name: str, unit: str | None = None, *, actor: str | None = None) -> Rollout:
    """Disable everywhere, or take one unit out (force-wide becomes every other unit)."""
    current = load_rollouts(session).get(name, OFF)
    if unit is None or not current.enabled:
        return set_rollout(session, installed, name, False, [], actor=actor)
    _check_units(session, [unit])
    pool = current.units or tuple(session.scalars(select(Unit.name)))
    remaining = [u for u in pool if u != unit]
    return set_rollout(session, installed, name, bool(remaining), remaining, actor=actor)
