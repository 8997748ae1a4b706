"""Edits from the same version: exactly one wins.

Two rules, one per way a lost update slipped through:

* ``If-Match: *`` matches any version, so it would turn the ETag check off; a write must
  name the version it read (428, as for a missing If-Match).
* Between the ETag check and the write another worker may commit (two PUTs with the same
  ETag on PostgreSQL both passed the check). Persons, objects and locations are therefore
  mapped with a version column (``version_id_col``): the UPDATE says
  ``WHERE id = ? AND version = ?``, the loser updates no row, SQLAlchemy raises
  :class:`~sqlalchemy.orm.exc.StaleDataError`, and :func:`on_stale` answers 412 (409 for a
  write that sent no If-Match) with nothing written.
"""
from __future__ import annotations

from flask import Flask, current_app, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from core.http.errors import fail
from core.platform.errors import DomainError


def refuse_star_if_match() -> None:
    """Called by the API guard for every request."""
    if request.if_match.star_tag:
        fail(428, "precondition_required", "Send the ETag you read as If-Match ('*' would overwrite any version)")


def on_stale(_error: StaleDataError):
    """Someone else changed the record since it was read: the same JSON error (or page) as
    any rule a service enforced, nothing half-written."""
    if request.headers.get("If-Match"):
        error = DomainError("precondition_failed", "The record was changed by someone else since you read it: "
                                                   "read it again and redo your change", status=412)
    else:
        error = DomainError("conflict", "The record was changed by someone else at the same time: try again", status=409)
    return current_app.handle_user_exception(error)


#: What the drivers say when a lock was not had in time (SQLite's busy timeout, 30 s;
#: PostgreSQL's lock_timeout or a lock not available).
BUSY = ("database is locked", "database is busy", "lock timeout", "could not obtain lock", "lock_timeout")


def on_operational(error: OperationalError):
    """A write lock held longer than the busy timeout: 503 with Retry-After, not a 500
    (issue 21), nothing half-written; any other database failure stays a 500."""
    if not any(text in str(error.orig).lower() for text in BUSY):
        raise error
    response = current_app.handle_user_exception(DomainError(
        "database_busy", "The database is busy with other work: try again in a few seconds", status=503))
    response = current_app.make_response(response)
    response.headers["Retry-After"] = "5"
    return response


def install(app: Flask) -> None:
    app.register_error_handler(StaleDataError, on_stale)
    app.register_error_handler(OperationalError, on_operational)
