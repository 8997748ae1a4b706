"""Administration: the legacy systems, their lifecycle (live, migrating, migrated,
retired), a migration's live progress, the reconciliation report, and retirement.

The same services as ``/api/v1/legacy``: :mod:`core.legacy.lifecycle` for state, report
and retirement; migrating is asked for on a page of its own first
(:mod:`core.web.legacy_migration`), which starts the background run. The
list page reloads itself while a migration runs, so its progress bars move.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, session as cookie, url_for

from core.identity.access import requires
from core.legacy import lifecycle
from core.legacy.connections import url_for as legacy_url
from core.platform.current import current_kernel
from core.platform.db import commit, session

bp = Blueprint("web_admin_legacy", __name__, url_prefix="/admin")


def _systems() -> list[dict]:
    rows = []
    for system, adapter in sorted(current_kernel().plugins.adapters().items()):
        state = lifecycle.state_of(session(), system)
        rows.append({"system": system, "title": adapter.title, "replaced_by": adapter.replaced_by,
                     "connected": legacy_url(system) is not None, "state": state.state, "done": state.done,
                     "total": state.total, "error": state.error, "updated_at": state.updated_at,
                     "has_report": bool(state.report)})
    return rows


@bp.get("/legacy")
@requires("legacy", "read", "core")
def legacy():
    """The legacy systems with their state and migration progress."""
    systems = _systems()
    commit()  # state_of records a system seen for the first time
    running = any(s["state"] == "migrating" for s in systems)
    return render_template("web/admin/legacy.html", systems=systems, running=running, done=cookie.pop("flash_done", ""))


@bp.get("/legacy/<system>/report")
@requires("legacy", "read", "core")
def report(system: str):
    """The reconciliation report: every legacy record and person mention accounted for."""
    kernel = current_kernel()
    row = lifecycle.state_of(session(), system)
    result = lifecycle.reconcile(session(), kernel, system)
    return render_template("web/admin/report.html", system=system, title=kernel.plugins.adapters()[system].title,
                           state=row.state, report=result)


@bp.post("/legacy/<system>/retire")
@requires("legacy", "retire", "core")
def retire(system: str):
    """Retire a migrated system (refused unless its module is on force-wide and nothing is unaccounted)."""
    lifecycle.retire(session(), current_kernel(), system)
    commit()
    cookie["flash_done"] = f"{system.upper()} is retired"
    return redirect(url_for("web_admin_legacy.legacy"))
