"""Administration: the life of an account: create it, disable or re-enable it, lift a
sign-in lock, set a new password.

Each action calls the service the REST API calls (:mod:`core.identity.services`, behind
``POST /api/v1/users``, ``PATCH /api/v1/users/<name>``, ``POST .../unlock`` and ``PUT
.../password``) under the same right (``users:create`` / ``users:update``), so the audit
entry is the same whichever way an administrator works. A refused change (a taken
username, a short password) is shown on the form with a GOV.UK error summary.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session as cookie, url_for
from sqlalchemy import select

from core.identity import services
from core.identity.access import requires
from core.identity.models import Unit
from core.platform.current import current_kernel
from core.platform.db import commit, session
from core.platform.errors import DomainError
from core.web.admin_users import roles_by_domain

bp = Blueprint("web_admin_accounts", __name__, url_prefix="/admin/users")

# a service's error code -> the form field it is about
FIELD_OF = {"invalid_username": "username", "user_exists": "username", "weak_password": "password",
            "unknown_unit": "unit", "unknown_role": "roles", "ambiguous_role": "roles"}


def _form(values: dict, errors: dict, status: int = 200):
    units = list(session().scalars(select(Unit).order_by(Unit.name)))
    return render_template("web/admin/user_new.html", values=values, errors=errors, units=units,
                           roles=roles_by_domain(),
                           min_length=current_kernel().settings.min_password_length), status


@bp.get("/new")
@requires("users", "create", "core")
def new():
    """The form for a new account."""
    return _form({"roles": ["officer:core"]}, {})


@bp.post("/new")
@requires("users", "create", "core")
def create():
    """Create the account with its home unit and the roles ticked."""
    values = {name: request.form.get(name, "").strip()[:200] for name in ("username", "display_name", "unit")}
    values["roles"] = [r[:161] for r in request.form.getlist("roles")]
    password = request.form.get("password", "")[:1024]
    errors = {}
    if not values["username"]:
        errors["username"] = "Enter a username"
    if not values["unit"]:
        errors["unit"] = "Choose the user's unit"
    if not password:
        errors["password"] = "Enter a password"
    if errors:
        return _form(values, errors, 400)
    kernel = current_kernel()
    try:
        services.create_user(session(), kernel.known_roles(), username=values["username"], password=password,
                             unit=values["unit"], roles=values["roles"], display_name=values["display_name"],
                             min_password_length=kernel.settings.min_password_length)
    except DomainError as exc:
        session().rollback()
        return _form(values, {FIELD_OF.get(exc.code, "username"): exc.message}, exc.status if exc.status < 500 else 400)
    commit()
    cookie["flash_done"] = f"The account {values['username']} has been created"
    return redirect(url_for("web_admin_users.user", username=values["username"]))


def _done(username: str, text: str):
    commit()
    cookie["flash_done"] = text
    return redirect(url_for("web_admin_users.user", username=username))


@bp.post("/<username>/active")
@requires("users", "update", "core")
def active(username: str):
    """Disable the account (its sessions stop at once) or enable it again."""
    wanted = request.form.get("active", "")
    if wanted not in ("yes", "no"):
        return render_template("web/error.html", status=400, title="There is a problem",
                               message="Choose to enable or disable the account.", code="bad_choice"), 400
    services.set_active(session(), username, wanted == "yes")
    return _done(username, f"The account {username} is now {'enabled' if wanted == 'yes' else 'disabled'}")


@bp.post("/<username>/unlock")
@requires("users", "update", "core")
def unlock(username: str):
    """Lift the lock that failed sign-ins put on the account."""
    services.unlock(session(), username)
    return _done(username, f"The account {username} is unlocked")


@bp.post("/<username>/password")
@requires("users", "update", "core")
def password(username: str):
    """Set a new password; the user's sessions end at once."""
    from core.web.admin_users import user_page

    new_password = request.form.get("password", "")[:1024]
    if not new_password:
        return user_page(username, {"password": "Enter the new password"}, 400)
    try:
        services.reset_password(session(), username, new_password,
                                min_password_length=current_kernel().settings.min_password_length)
    except DomainError as exc:
        session().rollback()
        if exc.status == 404:
            raise
        return user_page(username, {"password": exc.message}, 400)
    return _done(username, f"The password of {username} has been changed; their sessions have ended")
