"""The plugin host: finds modules by entry point, keeps going when one is broken.

Modules are found in the ``mips`` entry-point group (see pyproject.toml). A module that
fails to import, lacks ``mips_module_info`` or implements a hook the contract does not
declare is not registered; its error is logged and served by ``GET /api/v1/modules``,
and every other module still starts. The kernel's own hooks are registered as the
built-in plugin ``core`` (as pytest registers its essential plugins).
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

import pluggy

from core import ADAPTER_ENTRY_POINT_GROUP, ENTRY_POINT_GROUP, PROJECT_NAME, hookspecs

log = logging.getLogger(__name__)

CORE_PLUGIN = "core"


@dataclass
class ModuleInfo:
    name: str
    title: str
    version: str
    retires: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    consumes: list[str] = field(default_factory=list)  # published events the module takes
    # document kinds its mips_ingest takes ("custody.detention"): a legacy system is
    # only migrated into a module that declares every kind its adapter hands over
    ingests: list[str] = field(default_factory=list)
    plugin: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "version": self.version,
                "retires": list(self.retires), "roles": dict(self.roles), "consumes": list(self.consumes),
                "ingests": list(self.ingests)}


def _describe(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"


class PluginHost:
    """Wraps pluggy's PluginManager with module discovery, errors and subset callers."""

    def __init__(self, extra_plugins: list[tuple[str, Any]] | None = None, *, discover: bool = True):
        self.pm = pluggy.PluginManager(PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self.modules: dict[str, ModuleInfo] = {}
        self.errors: dict[str, str] = {}
        self._callers: dict[tuple[str, frozenset[str]], Any] = {}

        from core.identity import builtin

        self.pm.register(builtin, name=CORE_PLUGIN)
        from core.legacy import search as legacy_search

        # Unified search reaches the live legacy systems by reference (see core.legacy.search).
        self.pm.register(legacy_search, name=f"{CORE_PLUGIN}.legacy")
        self.adapter_errors: dict[str, str] = {}
        if discover:
            for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                self._load_entry_point(ep)
            for ep in sorted(entry_points(group=ADAPTER_ENTRY_POINT_GROUP), key=lambda e: e.name):
                self._load_adapter(ep)
        for name, plugin in extra_plugins or []:
            self.add_module(name, plugin)

    # -- loading -----------------------------------------------------------

    def _load_entry_point(self, ep: Any) -> None:
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken module must not stop the others
            self._fail(ep.name, exc)
            return
        self.add_module(ep.name, plugin)

    def _load_adapter(self, ep: Any) -> None:
        """Adapter packages are plugins too, but not modules: no module info, never switched off."""
        try:
            self.pm.register(ep.load(), name=f"adapter:{ep.name}")
            self.pm.check_pending()
        except Exception as exc:  # a broken adapter must not stop the rest
            self.adapter_errors[ep.name] = _describe(exc)
            log.error("adapter %s failed to load: %s", ep.name, self.adapter_errors[ep.name])

    def adapters(self) -> dict[str, Any]:
        """Every legacy adapter the plugins provide, by system name."""
        found = {}
        for batch in self.pm.hook.mips_legacy_adapters():
            for adapter in batch or []:
                if isinstance(getattr(adapter, "system", None), str):
                    found[adapter.system] = adapter
                else:
                    log.warning("a mips_legacy_adapters result is not an adapter and was left out: %r", adapter)
        return found

    def _fail(self, name: str, exc: BaseException | str) -> None:
        message = exc if isinstance(exc, str) else _describe(exc)
        self.errors[name] = message
        log.error("module %s failed to load: %s", name, message)

    def add_module(self, name: str, plugin: Any) -> None:
        """Register one module plugin, or record why it cannot be."""
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:
            self._fail(name, exc)
            return
        try:
            self.pm.check_pending()
            info = self._module_info(name, plugin)
        except Exception as exc:
            self.pm.unregister(plugin)
            self._fail(name, exc)
            return
        self.modules[info.name] = info
        self._callers.clear()

    @staticmethod
    def _module_info(name: str, plugin: Any) -> ModuleInfo:
        if not hasattr(plugin, "mips_module_info"):
            raise TypeError(f"module {name} does not implement mips_module_info")
        raw = plugin.mips_module_info()
        if raw.get("name") != name:
            raise ValueError(f"module registered as {name!r} calls itself {raw.get('name')!r}")
        return ModuleInfo(name=name, title=raw.get("title", name), version=str(raw.get("version", "")),
                          retires=list(raw.get("retires", [])), roles=dict(raw.get("roles", {})),
                          consumes=list(raw.get("consumes", [])), ingests=list(raw.get("ingests", [])),
                          plugin=plugin)

    # -- calling -----------------------------------------------------------

    def hook(self, name: str, enabled: set[str] | frozenset[str]) -> Any:
        """A caller of hook ``name`` that reaches the core and the ``enabled`` modules only."""
        key = (name, frozenset(enabled))
        if key not in self._callers:
            left_out = [m.plugin for n, m in self.modules.items() if n not in enabled]
            self._callers[key] = self.pm.subset_hook_caller(name, remove_plugins=left_out)
        return self._callers[key]

    def hook_installed(self, name: str) -> Any:
        """A caller of hook ``name`` reaching every installed module, on or off anywhere
        (what a module holds is reviewed, erased and disclosed all the same)."""
        return self.hook(name, set(self.modules))

    def call_module(self, module: str, hook_name: str, **kwargs: Any) -> Any:
        """Call one module's own implementation of a hook (None if it has none)."""
        fn = getattr(self.modules[module].plugin, hook_name, None)
        return fn(**kwargs) if fn is not None else None
