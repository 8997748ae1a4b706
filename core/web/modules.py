"""Module pages in the officer web UI: each module's ``mips_web_pages`` blueprints are
mounted once at start under ``/<module>/``, and appear in the navigation of users for
whom the module is switched on.

A module page is a plain Flask view in the module's blueprint. It declares the right it
needs with :func:`core.identity.access.requires` (the domain defaults to the module), extends the
base layout ``web/base.html`` (its blocks are listed in that template's opening comment and
in :mod:`core.web`), and calls the module's services, exactly as its REST views do. The
module's nav link points at the root of its first blueprint (``/<module>/``), so a module
with pages serves an index there. While the module is off for the user its pages answer
404 with a page saying so (see :mod:`core.web.guard`).
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)


def mount(app: Flask, kernel: Any) -> None:
    owners: dict[str, str] = {}
    with_pages: dict[str, str] = {}
    for name in sorted(kernel.plugins.modules):
        try:
            blueprints = kernel.plugins.call_module(name, "mips_web_pages") or []
            for bp in blueprints:
                app.register_blueprint(bp, url_prefix=f"/{name}{bp.url_prefix or ''}")
                owners[bp.name] = name
                if any(rule.endpoint.startswith(f"{bp.name}.") for rule in app.url_map.iter_rules()):
                    with_pages.setdefault(name, f"/{name}{bp.url_prefix or ''}/")
        except Exception as exc:  # a module whose pages break must not stop the others
            kernel.plugins.errors.setdefault(name, f"{type(exc).__name__}: {exc}")
            log.exception("module %s: web pages failed", name)
    app.config["MIPS_WEB_MODULES"] = owners
    app.config["MIPS_WEB_MODULE_HOMES"] = with_pages


def nav_modules(app: Flask, kernel: Any, unit: str) -> list[dict[str, str]]:
    """Links to the pages of the modules switched on for ``unit``."""
    homes = app.config.get("MIPS_WEB_MODULE_HOMES", {})
    enabled = kernel.enabled_for(unit)
    return [{"name": name, "title": kernel.plugins.modules[name].title, "href": href}
            for name, href in sorted(homes.items()) if name in enabled]
