"""HTTP endpoints of the module registry: list modules, switch one on or off."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from core.http.modules_schemas import ModuleSchema, ModuleUpdateSchema
from core.identity.access import requires
from core.modules import registry
from core.platform.current import current_kernel
from core.platform.db import commit, session

blp = Blueprint("modules", __name__, url_prefix="/api/v1/modules", description="Business modules and their rollout")


def describe_modules(kernel, unit: str | None) -> list[dict]:
    """Installed modules with their rollout, then modules that failed to load."""
    rows = []
    for name, info in sorted(kernel.plugins.modules.items()):
        rollout = kernel.rollout(name)
        rows.append({**info.as_dict(), "installed": True, "error": None, "enabled": rollout.enabled,
                     "scope": rollout.scope, "units": list(rollout.units), "enabled_for_me": rollout.enabled_for(unit)})
    for name, error in sorted(kernel.plugins.errors.items()):
        rows.append({"name": name, "title": name, "version": "", "retires": [], "installed": False, "error": error,
                     "enabled": False, "scope": "off", "units": [], "enabled_for_me": False})
    return rows


@blp.route("")
class Modules(MethodView):
    @requires("modules", "read", "core")
    @blp.response(200, ModuleSchema(many=True))
    def get(self):
        """Every module: installed or broken (with its error), on or off, force-wide or for which units."""
        return describe_modules(current_kernel(), g.principal.unit)


@blp.route("/<name>")
class ModuleItem(MethodView):
    @requires("modules", "update", "core")
    @blp.arguments(ModuleUpdateSchema)
    @blp.response(200, ModuleSchema)
    def put(self, data, name):
        """Switch a module on force-wide (``units: []``), for pilot units, or off. Data is never deleted."""
        kernel = current_kernel()
        registry.set_rollout(session(), kernel.installed, name, data["enabled"], data["units"])
        commit()
        kernel.refresh(session(), force=True)
        return next(m for m in describe_modules(kernel, g.principal.unit) if m["name"] == name)
