"""The officer web UI: server-rendered pages on the GOV.UK Design System and MOJ Frontend.

Officers use MiPS in the station and on a phone in the street, so the pages are plain
HTML from Flask + Jinja, built with the GOV.UK Frontend macros (PyPI
``govuk-frontend-jinja``) and the MOJ Frontend components, both built and tested for
accessibility. Their CSS and JavaScript come from npm (``package.json``) and are copied
by the Makefile into ``core/static/vendor``: served by MiPS itself, never from a CDN.

Every page calls the same services as the REST API: the same casbin rights (a page
declares its right with :func:`core.identity.access.requires`), the same audit (a person read is
a consultation with a purpose), the same validation. :mod:`core.web.guard` applies them.

**The base layout for module pages** is ``web/base.html``. A module page extends it and
fills these blocks:

``title``
    The page's title (the browser tab reads "<title> - MiPS").
``content``
    The page itself, inside ``<main>``; start with one ``govuk-heading-l``.
``beforeContent``
    Above ``<main>``: a back link or breadcrumbs.
``head``
    Extra ``<link>`` or ``<meta>`` tags; call ``{{ super() }}`` to keep the stylesheets.
``refresh``
    A number of seconds: the page reloads itself that often (a custody board).
``scripts``
    Extra ``<script>`` tags at the end of the body (the GOV.UK and MOJ scripts are
    already loaded and initialised).

Templates get ``principal`` (who is signed in), ``can(obj, act, domain)`` (a casbin
check for showing or hiding links), ``csrf_field()`` (put it in every ``<form
method="post">``) and the filters ``london`` / ``london_date`` (times shown in
Europe/London) and ``dob``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, redirect, send_from_directory
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

from core.platform.current import current_kernel
from core.web import errors, filters, guard, headers, modules
from core.web import session as web_session

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
# GOV.UK Frontend's stylesheet asks for its images at /assets/images/...; MOJ's likewise.
ASSET_DIRS = (VENDOR / "govuk-frontend" / "assets", VENDOR / "moj-frontend" / "assets")

PAGE_BLUEPRINTS = ("core.web.auth:bp", "core.web.search:bp", "core.web.persons:bp", "core.web.admin_modules:bp",
                   "core.web.admin_legacy:bp", "core.web.legacy_migration:bp", "core.web.admin_users:bp",
                   "core.web.admin_accounts:bp", "core.web.audit:bp", "core.web.push:bp", "core.web.module_home:bp",
                   "core.web.retention:bp")


def _import(path: str) -> Any:
    module_name, _, attr = path.partition(":")
    return getattr(__import__(module_name, fromlist=[attr]), attr)


def page_loader() -> ChoiceLoader:
    """The loader of the base layout and the GOV.UK macros, for a module that renders a page
    outside a request (a printable record) with a Jinja environment of its own: put it after
    the module's own loader, e.g. ``ChoiceLoader([FileSystemLoader(mine), page_loader()])``."""
    return ChoiceLoader([
        FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])


def _templates(app: Flask) -> None:
    app.jinja_loader = page_loader()
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def can(obj: str, act: str = "read", domain: str = "core") -> bool:
    principal = g.get("principal")
    return bool(principal) and current_kernel().access.allowed(principal.username, domain, obj, act)


def _context() -> dict[str, Any]:
    principal = g.get("principal")
    nav = modules.nav_modules(current_app, current_kernel(), principal.unit) if principal else []
    return {
        "principal": principal,
        "nav_modules": nav,
        "can": can,
        "csrf_field": lambda: Markup(f'<input type="hidden" name="{web_session.CSRF_FIELD}" '
                                     f'value="{web_session.csrf_token()}">'),
        "serviceName": "MiPS",
    }


def _routes(app: Flask) -> None:
    @app.get("/")
    def index():
        """Signed in: the user's landing page (search, or the audit for an auditor)."""
        from core.web.landing import landing

        return redirect(landing())

    index._mips_rule = _import("core.identity.access:Rule")("self", "read", "core")  # type: ignore[attr-defined]

    @app.get("/assets/<path:filename>")
    def assets(filename: str):
        """The design systems' images, where their stylesheets look for them."""
        for folder in ASSET_DIRS:
            if (folder / filename).is_file():
                return send_from_directory(folder, filename, max_age=86400)
        return ("", 404)


def install(app: Flask, api: Any, domain_handler: Any) -> None:
    """Add the officer pages to the app (after the API, whose error handler it wraps)."""
    kernel = app.extensions["mips"]
    _templates(app)
    web_session.configure(app, kernel.settings.token_ttl_seconds, secure=kernel.settings.secure_cookies)
    headers.install(app)
    filters.install(app)
    for path in PAGE_BLUEPRINTS:
        app.register_blueprint(_import(path))
    modules.mount(app, kernel)
    _routes(app)
    app.context_processor(_context)
    app.before_request(guard.guard)
    errors.install(app, api, domain_handler)
