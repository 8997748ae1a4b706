"""The kernel of the running application, for code that runs inside a request or a command.

One accessor instead of ``current_app.extensions["mips"]`` spelled out in every file: the
key the kernel is stored under is the app factory's business, not its callers'.

The kernel (:class:`core.kernel.Kernel`) sits at the top of the layers and this module at
the bottom, so the accessor is typed by :class:`RunningKernel`, what the layers below
may ask of it, rather than by an import of the kernel: the kernel passes itself down.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from flask import current_app

EXTENSION_KEY = "mips"


class RunningKernel(Protocol):
    """The services of the running kernel that code below it uses."""

    settings: Any  #: :class:`core.platform.config.Settings`
    db: Any  #: :class:`core.platform.db.Database`
    access: Any  #: :class:`core.identity.access.AccessControl` (``allowed(user, domain, obj, act)``)
    plugins: Any  #: :class:`core.plugins.PluginHost` (adapters, ``call_module``)

    def new_unit_of_work(self, *, writer: bool = True) -> Any:
        """A :class:`core.platform.uow.UnitOfWork` on a reader or a writer session."""

    def enabled_for(self, unit: str | None) -> Iterable[str]:
        """The modules switched on for ``unit``."""


def current_kernel() -> Any:
    """The kernel of the application handling the current request or CLI command: a
    :class:`core.kernel.Kernel`, which layers below it use as a :class:`RunningKernel`."""
    return current_app.extensions[EXTENSION_KEY]
