"""Administration: switch modules on and off, force-wide or for pilot units.

The page shows :func:`core.http.modules.describe_modules` (what ``GET
/api/v1/modules`` shows) and changes go through :func:`core.modules.registry.set_rollout`
(what ``PUT /api/v1/modules/<name>`` calls): the same rights, the same audit entry, and
every worker picks the change up on its next request. Data is never deleted.
"""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session as cookie, url_for
from sqlalchemy import select

from core.http.modules import describe_modules
from core.identity.access import requires
from core.identity.models import Unit
from core.modules import registry
from core.platform.current import current_kernel
from core.platform.db import commit, session

bp = Blueprint("web_admin_modules", __name__, url_prefix="/admin")


def _page(status: int = 200, errors: dict | None = None):
    kernel = current_kernel()
    units = list(session().scalars(select(Unit).order_by(Unit.name)))
    return render_template("web/admin/modules.html", modules=describe_modules(kernel, g.principal.unit), units=units,
                           errors=errors or {}, done=cookie.pop("flash_done", "")), status


@bp.get("/modules")
@requires("modules", "read", "core")
def modules():
    """Every module: on or off, force-wide or which units; and a form to change each."""
    return _page()


@bp.post("/modules/<name>")
@requires("modules", "update", "core")
def change(name: str):
    """Switch one module off, on force-wide, or on for the units ticked."""
    kernel = current_kernel()
    scope = request.form.get("scope", "")
    units = request.form.getlist("units")
    if scope not in ("off", "force", "units"):
        return _page(400, {f"scope-{name}": "Choose off, the whole force, or named units"})
    if scope == "units" and not units:
        return _page(400, {f"scope-{name}": "Tick at least one unit, or choose the whole force"})
    registry.set_rollout(session(), kernel.installed, name, scope != "off", units if scope == "units" else [])
    commit()
    kernel.refresh(session(), force=True)
    title = kernel.plugins.modules[name].title
    cookie["flash_done"] = {"off": f"{title} is now off", "force": f"{title} is now on for the whole force",
                            "units": f"{title} is now on for {', '.join(sorted(units))}"}[scope]
    return redirect(url_for("web_admin_modules.modules"))
