"""The home page of a module that is switched on but has no pages of its own yet.

Modules arrive one at a time and their pages after their API; a force that switches one
on and follows ``/<module>/`` deserved better than a bare "Page not found". This page says
what the module offers so far (its API, the roles it brings, the legacy systems it will
retire and where they stand), built from what the module declares, so it stays true as
the module grows and disappears once the module serves its own ``/<module>/``.

A module that is off for the user answers as any module page does (see
:mod:`core.web.guard`); a name that is no module is "Page not found".
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template
from sqlalchemy import select

from core.identity.access import requires
from core.platform.current import current_kernel
from core.platform.db import session

bp = Blueprint("web_module_home", __name__)


def _api_routes(name: str) -> list[dict[str, str]]:
    prefix = f"/api/v1/{name}/"
    routes = []
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith(prefix):
            view = current_app.view_functions.get(rule.endpoint)
            doc = ((getattr(view, "__doc__", None) or "").strip().splitlines() or [""])[0]
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                routes.append({"method": method, "path": rule.rule, "doc": doc})
    return sorted(routes, key=lambda r: (r["path"], r["method"]))


def _legacy(retires: list[str]) -> list[dict[str, str]]:
    from core.legacy.models import LegacySystem

    adapters = current_kernel().plugins.adapters()
    states = dict(session().execute(select(LegacySystem.system, LegacySystem.state)).all())
    out = []
    for title in retires:
        system = title.lower()
        out.append({"title": title, "state": states.get(system, "live") if system in adapters else "not connected"})
    return out


@bp.get("/<module>/", strict_slashes=False)
@requires("self", "read", "core")
def home(module: str):
    """What a switched-on module without pages offers so far."""
    kernel = current_kernel()
    info = kernel.plugins.modules.get(module)
    if info is None or module in current_app.config.get("MIPS_WEB_MODULE_HOMES", {}):
        abort(404)
    if not kernel.rollout(module).enabled_for(g.principal.unit):
        g.module_off = module
        abort(404, description=f"The {module} module is not switched on for you.")
    return render_template("web/module_home.html", info=info, routes=_api_routes(module), legacy=_legacy(info.retires))
