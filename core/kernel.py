"""The kernel object of one application: settings, database, plugins, access, rollout.

Stored in ``app.extensions["mips"]``. Its caches (casbin enforcer, module rollout) are
refreshed from the database whenever the shared kernel state version moves.
"""
from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from collections.abc import Callable, Iterator

from core.identity.access import AccessControl, PolicySet
from core.identity.builtin import CORE_ROLES
from core.identity.models import RoleGrant, User
from core.legacy.outbox import LegacyPushes
from core.modules.registry import OFF, Rollout, load_rollouts
from core.platform import outbox
from core.platform import state
from core.platform.config import Settings
from core.platform.db import Database
from core.platform.events import Event, ReceivedEvent
from core.platform.uow import UnitOfWork
from core.retention import service as retention
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
        #: What must be written in a raiser's own transaction besides its outbox rows.
        self.stagers: list[outbox.Stager] = [LegacyPushes(self)]

    # -- units of work and events -------------------------------------------

    def new_unit_of_work(self, *, writer: bool = True) -> UnitOfWork:
        """A unit of work on a new session whose events go through the outbox."""
        maker = self.db.writer_sessionmaker if writer else self.db.sessionmaker
        return UnitOfWork(maker(), on_commit=self._stage_events, after_commit=self._dispatch_events, writer=writer,
                          before_commit=self._review_dates)

    @staticmethod
    def _review_dates(uow: UnitOfWork, persons: set[str]) -> None:
        """A new contact with a person restarts their MoPI clear period: recompute it."""
        retention.refresh(uow.session, persons)

    def _stage_events(self, uow: UnitOfWork, events: list[Event]) -> outbox.Staged:
        return outbox.stage(uow.session, events, self.stagers)

    def _dispatch_events(self, uow: UnitOfWork, staged: outbox.Staged) -> None:
        outbox.dispatch(uow, self.consumers_of, staged)

    def consumers_of(self, event: ReceivedEvent) -> Iterator[tuple[str, Callable[[ReceivedEvent], object]]]:
        """The modules that take ``event``: those enabled where it happened (a pilot unit's
        module does not take another unit's events: those go to the legacy system), or
        enabled anywhere when the event names no unit."""
        modules = self.enabled_for(event.unit) if event.unit else self.enabled_anywhere()
        for name in sorted(modules):
            handler = getattr(self.plugins.modules[name].plugin, "mips_on_event", None)
            if handler is not None:
                yield f"module:{name}", lambda e, handler=handler: handler(event=e)

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

    # -- ingest ---------------------------------------------------------------

    def ingest_kinds(self) -> dict[str, str]:
        """Document kinds that modules enabled anywhere take: ``kind -> module``."""
        kinds: dict[str, str] = {}
        for name in sorted(self.enabled_anywhere()):
            for kind in self.plugins.modules[name].ingests:
                kinds.setdefault(kind, name)
        return kinds

    def ingest(self, *, kind: str, document: dict, source: dict) -> object | None:
        """Hand a document to the module that declares its kind (None while none is on)."""
        module = self.ingest_kinds().get(kind)
        if module is None:
            return None
        return self.plugins.call_module(module, "mips_ingest", kind=kind, document=document, source=source)

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

    def _legacy_rights_modules(self) -> set[str]:
        """Installed modules whose rights govern a legacy system's records (an adapter's
        ``module_right``): their policies hold while the module is still off, so an
        intelligence reader reads CrimInt before the intelligence module is on."""
        return {a.replaced_by for a in self.plugins.adapters().values()
                if getattr(a, "module_right", None) and a.replaced_by in self.installed}

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
            self.access.load(self.policy_lines(self.enabled_anywhere() | self._legacy_rights_modules()),
                             [tuple(g) for g in grants])
            self._version = version
