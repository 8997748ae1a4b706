"""The application factory: one Flask app with the kernel and every installed module.

Blueprints of every installed module are mounted once at start (under
``/api/v1/<module>/``); whether a module answers is decided per request by the guard.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from core import __version__
from core.audit import checkpoints
from core.http import concurrency, guard
from core.http.errors import MipsApi, handle_domain_error
from core.kernel import Kernel
from core.platform.config import Settings
from core.platform.errors import DomainError
from core.plugins import PluginHost

log = logging.getLogger(__name__)

CORE_BLUEPRINTS = ("core.http.users:auth_blp", "core.http.users:users_blp",
                   "core.http.modules:blp", "core.http.audit:blp", "core.http.health:blp",
                   "core.http.persons:blp", "core.http.pole:blp", "core.http.search:blp",
                   "core.http.legacy:blp", "core.http.person_view:blp", "core.http.retention:blp")


def _import(path: str) -> Any:
    module_name, _, attr = path.partition(":")
    module = __import__(module_name, fromlist=[attr])
    return getattr(module, attr)


def _configure(app: Flask, settings: Settings) -> None:
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE="MiPS",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/static/vendor/swagger-ui-dist/",
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
            "security": [{"bearer": []}],
            "info": {"description": "MiPS: one integrated policing platform. Send 'Authorization: Bearer <token>' "
                                    "from POST /api/v1/auth/token, and 'X-MiPS-Purpose' when reading person records."},
        },
        PAGINATION_PAGE_SIZE=20,
        PAGINATION_MAX_PAGE_SIZE=200,
        JSON_SORT_KEYS=False,
    )


def _mount_modules(app: Flask, api: MipsApi, kernel: Kernel) -> None:
    owners: dict[str, str] = {}
    for name, info in sorted(kernel.plugins.modules.items()):
        try:
            blueprints = kernel.plugins.call_module(name, "mips_blueprints") or []
            for blp in blueprints:
                api.register_blueprint(blp, url_prefix=f"/api/v1/{name}{blp.url_prefix or ''}")
                owners[blp.name] = name
        except Exception as exc:  # a module whose routes break must not stop the others
            kernel.plugins.errors[name] = f"{type(exc).__name__}: {exc}"
            log.exception("module %s: blueprints failed", name)
    app.config["MIPS_BLUEPRINT_MODULES"] = owners


def create_app(settings: Settings | None = None, *, extra_plugins: list[tuple[str, Any]] | None = None,
               discover: bool = True) -> Flask:
    """Build the app. ``extra_plugins`` (name, plugin) are registered beside the entry points."""
    settings = settings or Settings()
    app = Flask("core", static_folder="static", static_url_path="/static")
    _configure(app, settings)
    kernel = Kernel(settings, PluginHost(extra_plugins, discover=discover))
    app.extensions["mips"] = kernel
    api = MipsApi(app)
    for path in CORE_BLUEPRINTS:
        api.register_blueprint(_import(path))
    _mount_modules(app, api, kernel)
    guard.install(app)
    app.register_error_handler(DomainError, handle_domain_error)
    concurrency.install(app)
    app.teardown_request(checkpoints.after_request)
    from core import web

    web.install(app, api, handle_domain_error)  # the officer pages: "/" opens on sign-in
    return app

