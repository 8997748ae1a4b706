"""Administration: user accounts and their role grants, per module.

Reads and changes go through :mod:`core.identity.services` (what ``/api/v1/users`` and
``/api/v1/users/<name>/grants`` call): the same rights, the same audit entry, and a
change of grants is in force on the user's next request.
"""
from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, redirect, render_template, request, session as cookie, url_for
from sqlalchemy import select

from core.identity import services
from core.identity.access import requires
from core.identity.models import User
from core.platform.current import current_kernel
from core.platform.db import commit, session

bp = Blueprint("web_admin_users", __name__, url_prefix="/admin")


@bp.get("/users")
@requires("grants", "read", "core")
def users():
    """Every account with its unit and roles, and whether it is locked now."""
    rows = list(session().scalars(select(User).order_by(User.username)))
    locked = services.locked_until(session(), [u.username for u in rows])
    return render_template("web/admin/users.html", users=rows, locked=locked)


def roles_by_domain() -> dict[str, list[tuple[str, str]]]:
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (role, domain), text in sorted(current_kernel().known_roles().items()):
        grouped[domain].append((role, text))
    return dict(sorted(grouped.items(), key=lambda kv: (kv[0] != "core", kv[0])))


def user_page(username: str, errors: dict | None = None, status: int = 200):
    """One account: its state (disabled, locked) with the actions on it, and its grants."""
    account = services.get_user(session(), username)
    held = {f"{g.role}:{g.domain}" for g in account.grants}
    until = services.locked_until(session(), [username]).get(username)
    return render_template("web/admin/user.html", account=account, held=held, roles=roles_by_domain(),
                           locked=until is not None, locked_until=until,
                           errors=errors or {}, done=cookie.pop("flash_done", "")), status


@bp.get("/users/<username>")
@requires("grants", "read", "core")
def user(username: str):
    """One account's state and grants, with forms to change them."""
    return user_page(username)


@bp.post("/users/<username>/grants")
@requires("grants", "update", "core")
def grants(username: str):
    """Replace the account's grants with the roles ticked."""
    pairs = []
    for spec in request.form.getlist("roles"):
        role, _, domain = spec.partition(":")
        if role and domain:
            pairs.append((role, domain))
    services.set_grants(session(), current_kernel().known_roles(), username, pairs)
    commit()
    cookie["flash_done"] = f"The roles of {username} have been changed"
    return redirect(url_for("web_admin_users.user", username=username))
