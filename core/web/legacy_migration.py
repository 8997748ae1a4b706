"""Administration: migrating a legacy system, asked twice.

Migrating moves where a system's records are read from, for every officer at once, so the
"Migrate" button on ``/admin/legacy`` is a link to this page, not the act itself: it says
what will happen (how many records, which module takes them, for which units it is on,
and that officers elsewhere keep seeing the held records), or why the system cannot be
migrated now (no module installed that takes its records; retired). Only the button on
this page, a plain form post (no JavaScript needed), starts the background run, through
the same service as ``POST /api/v1/legacy/<system>/migrate``.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session as cookie, url_for

from core.identity.access import requires
from core.legacy import jobs, lifecycle
from core.legacy.connections import url_for as legacy_url
from core.legacy.handover import refusal
from core.platform.current import current_kernel
from core.platform.db import commit, session
from core.platform.errors import DomainError

bp = Blueprint("web_legacy_migration", __name__, url_prefix="/admin")


def _context(system: str) -> dict:
    kernel = current_kernel()
    adapter = lifecycle.adapter_for(kernel, system)
    state = lifecycle.state_of(session(), system)
    rollout = kernel.rollout(adapter.replaced_by)
    problem = refusal(kernel, adapter)
    if problem is None and state.state == "retired":
        problem = DomainError("retired", f"{system.upper()} is retired: nothing more is taken from it")
    return {"system": system, "title": adapter.title, "module": adapter.replaced_by, "state": state.state,
            "catch_up": state.state == "migrated", "records": state.total or None,
            "connected": legacy_url(system) is not None, "module_scope": rollout.scope,
            "module_units": list(rollout.units), "problem": problem}


@bp.get("/legacy/<system>/migrate")
@requires("legacy", "migrate", "core")
def confirm(system: str):
    """Ask before migrating: what will happen, or why it cannot."""
    ctx = _context(system)
    commit()  # state_of records a system seen for the first time
    return render_template("web/admin/migrate.html", **ctx), 409 if ctx["problem"] else 200


@bp.post("/legacy/<system>/migrate")
@requires("legacy", "migrate", "core")
def migrate(system: str):
    """Start the background run once confirmed; otherwise ask again."""
    if request.form.get("confirm") != "yes":
        ctx = _context(system)
        return render_template("web/admin/migrate.html", **ctx, unconfirmed=True), 400
    try:
        jobs.start_migration(session(), current_kernel(), system)
    except DomainError as exc:
        session().rollback()
        return render_template("web/admin/migrate.html", **_context(system) | {"problem": exc}), exc.status
    commit()
    cookie["flash_done"] = f"Migration of {system.upper()} has started"
    return redirect(url_for("web_admin_legacy.legacy"))
