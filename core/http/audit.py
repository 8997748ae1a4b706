"""HTTP endpoints of the audit trail, for auditors: search it, check its chain."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from core.audit.log import record_consultation, verify
from core.audit.models import AuditEntry
from core.audit.queries import about
from core.http.audit_schemas import AuditEntrySchema, AuditQuerySchema, VerifySchema
from core.http.pagination import SelectPage
from core.identity.access import requires
from core.platform.db import database

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit", description="The audit trail (auditors only)")

_EXACT = ("actor", "action", "module")


@blp.route("")
class AuditLog(MethodView):
    @requires("audit", "read", "core")
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditEntrySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, filters):
        """Audit entries, newest first, filtered by actor, action, entity, module and time."""
        stmt = select(AuditEntry).order_by(AuditEntry.seq.desc())
        for name in _EXACT:
            if filters.get(name):
                stmt = stmt.where(getattr(AuditEntry, name) == filters[name])
        if filters.get("entity_type") or filters.get("entity_id"):
            stmt = stmt.where(about(filters.get("entity_type", ""), filters.get("entity_id", "")))
        if filters.get("since"):
            stmt = stmt.where(AuditEntry.at >= filters["since"])
        if filters.get("until"):
            stmt = stmt.where(AuditEntry.at < filters["until"])
        record_consultation("audit_log", "query", details={k: str(v) for k, v in filters.items()})
        return stmt


@blp.route("/verify")
class AuditVerify(MethodView):
    @requires("audit", "read", "core")
    @blp.response(200, VerifySchema)
    def get(self):
        """Recompute the hash chain; name the first entry that was altered, deleted or moved."""
        with database().snapshot() as snap:
            return verify(snap).__dict__
