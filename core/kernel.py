"""The kernel object of one application: settings, database, plugins, access, rollout.

Stored in ``app.extensions["mips"]``. Its caches (casbin enforcer, module rollout) are
refreshed from the database whenever the shared kernel state version moves.
"""
from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import state
from core.access import AccessControl, PolicySet
from core.builtin import CORE_ROLES
from core.config import Settings
from core.db import Database
from core.identity.models import RoleGrant, User
from core.modules.registry import OFF, Rollout, load_rollouts
from core.plugins import PluginHost


class Kernel:
    def __init__(self, settings: Settings, plugins: PluginHost):
        self.settings = settings
        self.db = Database(settings.database_url)
        self.plugins = plugins
        self.access = AccessControl()
        self.rollouts: dict[str, Rollout] = {}
        # Signed-in users as the guard sees them. Any change to a user or a grant bumps the
        # kernel state version, which empties this cache, so it never serves stale rights.
        self.principals: dict[str, Any] = {}
        self._version: int | None = None
        self._lock = threading.Lock()

    # -- rollout -----------------------------------------------------------

    @property
    def installed(self) -> set[str]:
        return set(self.plugins.modules)

    def rollout(self, module: str) -> Rollout:
        return self.rollouts.get(module, OFF)

    def enabled_anywhere(self) -> set[str]:
        return {name for name in self.installed if self.rollout(name).enabled}

    def enabled_for(self, unit: str | None) -> set[str]:
        return {name for name in self.installed if self.rollout(name).enabled_for(unit)}

    def hook(self, name: str, unit: str | None = None, *, anywhere: bool = False) -> Any:
        """Caller of a hook reaching the modules enabled for ``unit`` (or enabled anywhere)."""
        return self.plugins.hook(name, self.enabled_anywhere() if anywhere else self.enabled_for(unit))

    # -- roles and policies -------------------------------------------------

    def policy_lines(self, modules: set[str]) -> PolicySet:
        policy = PolicySet()
        for lines in self.plugins.hook("mips_policies", modules)():
            policy.add_lines(lines)
        return policy

    def known_roles(self) -> dict[tuple[str, str], str]:
        """Every role a grant may name: ``(role, domain) -> description``."""
        roles = {(role, "core"): text for role, text in CORE_ROLES.items()}
        for name, info in self.plugins.modules.items():
            roles.update({(role, name): text for role, text in info.roles.items()})
        for role_domain in self.policy_lines(self.installed).roles():
            roles.setdefault(role_domain, "")
        return roles

    # -- cache refresh -------------------------------------------------------

    def refresh(self, session: Session, *, force: bool = False) -> None:
        """Reload rollout and the enforcer if another worker (or the CLI) changed them."""
        version = state.current_version(session)
        if not force and version == self._version:
            return
        with self._lock:
            rollouts = load_rollouts(session)
            grants = session.execute(select(User.username, RoleGrant.role, RoleGrant.domain).join(RoleGrant.user).where(User.active.is_(True))).all()
            self.rollouts = rollouts
            self.principals = {}
            self.access.load(self.policy_lines(self.enabled_anywhere()), [tuple(g) for g in grants])
            self._version = version
