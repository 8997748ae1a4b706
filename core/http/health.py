"""Liveness for load balancers and monitoring: public, touches the database."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text

from core.identity.access import public
from core.platform.db import session

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Is the service up")


@blp.route("")
class Health(MethodView):
    @public
    @blp.response(200)
    def get(self):
        """200 when the service and its database answer."""
        session().execute(text("SELECT 1"))
        return {"status": "ok"}
