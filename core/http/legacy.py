"""HTTP endpoints of the legacy systems: their state, migration (a background job with
progress), the reconciliation report, and retirement."""
from __future__ import annotations

import marshmallow as ma

from flask.views import MethodView
from flask_smorest import Blueprint

from core.identity.access import requires
from core.legacy import jobs, lifecycle
from core.legacy.connections import url_for
from core.platform.current import current_kernel
from core.platform.db import commit, session

blp = Blueprint("legacy", __name__, url_prefix="/api/v1/legacy", description="Legacy systems: bridge, migrate, retire")


class SystemOut(ma.Schema):
    system = ma.fields.String()
    title = ma.fields.String()
    connected = ma.fields.Boolean()
    state = ma.fields.String(metadata={"description": "live, migrating, migrated or retired"})
    done = ma.fields.Integer(metadata={"description": "records taken in so far"})
    total = ma.fields.Integer()
    replaced_by = ma.fields.String()
    error = ma.fields.String()


def _kernel():
    return current_kernel()


def _describe(system: str, adapter) -> dict:
    row = lifecycle.state_of(session(), system)
    return {"system": system, "title": adapter.title, "connected": url_for(system) is not None, "state": row.state,
            "done": row.done, "total": row.total, "replaced_by": adapter.replaced_by, "error": row.error}


@blp.route("")
class Systems(MethodView):
    @requires("legacy", "read", "core")
    @blp.response(200, SystemOut(many=True))
    def get(self):
        """Every legacy system with its lifecycle state and migration progress."""
        rows = [_describe(s, a) for s, a in sorted(_kernel().plugins.adapters().items())]
        commit()
        return rows


@blp.route("/<system>/migrate")
class Migrate(MethodView):
    @requires("legacy", "migrate", "core")
    @blp.response(202, SystemOut)
    def post(self, system):
        """Start migrating a system in the background; follow its progress on GET /api/v1/legacy. On a
        migrated system still in use this is the catch-up: the records added and changed since."""
        adapter = jobs.start_migration(session(), _kernel(), system)
        return _describe(system, adapter)


@blp.route("/<system>/report")
class Report(MethodView):
    @requires("legacy", "read", "core")
    @blp.response(200)
    def get(self, system):
        """The reconciliation report: every legacy record and mention accounted for."""
        return lifecycle.reconcile(session(), _kernel(), system)


@blp.route("/<system>/retire")
class Retire(MethodView):
    @requires("legacy", "retire", "core")
    @blp.response(200, SystemOut)
    def post(self, system):
        """Retire a migrated system; refused unless its module is on force-wide and nothing is unaccounted."""
        kernel = _kernel()
        lifecycle.retire(session(), kernel, system)
        commit()
        return _describe(system, kernel.plugins.adapters()[system])
