"""Liveness for load balancers and monitoring: public, touches the database."""
from __future__ import annotations

import sqlite3

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text

from core.identity.access import public
from core.platform import db
from core.platform.db import database, session
from core.platform.errors import DomainError

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Is the service up")


@blp.route("")
class Health(MethodView):
    @public
    @blp.response(200)
    def get(self):
        """200 when the service and its database answer and take writes; 503
        ``database_busy`` while SQLite's one write lock is held past a second (every write
        would wait, then fail)."""
        session().execute(text("SELECT 1"))
        if database().dialect == "sqlite":
            _sqlite_write_probe()
        return {"status": "ok"}


def _sqlite_write_probe() -> None:
    """Take and release the write lock, waiting a second at most (no data written)."""
    with database().engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        raw.execute("PRAGMA busy_timeout=1000")
        try:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("ROLLBACK")
        except sqlite3.OperationalError:
            raise DomainError("database_busy", "The database's write lock is held: writes wait, then fail",
                              status=503) from None
        finally:
            raw.execute(f"PRAGMA busy_timeout={int(db.SQLITE_BUSY_MS)}")
