"""HTTP endpoints of identity and access: tokens, the caller, users, role grants, units.

Thin views: parse with the schema, call :mod:`core.identity.services`, commit, dump.
"""
from __future__ import annotations

from flask import g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from core.http.errors import fail
from core.http.pagination import SelectPage
from core.identity import services
from core.identity.access import public, requires
from core.identity.models import Unit, User
from core.platform.db import close_session, commit, database, session
from core.http.users_schemas import (GrantSchema, GrantsUpdateSchema, MeSchema, PasswordResetSchema, RoleSchema, TokenRequestSchema,
                                   TokenSchema, UnitSchema, UserCreateSchema, UserSchema, UserUpdateSchema)
from core.platform.current import current_kernel

auth_blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign in and who am I")
users_blp = Blueprint("users", __name__, url_prefix="/api/v1", description="User accounts, role grants and units")


def _kernel():
    return current_kernel()


def _seconds_until(when) -> int:
    from core.platform.timeutil import utcnow

    return max(1, int((when - utcnow()).total_seconds()) + 1)


@auth_blp.route("/token")
class Token(MethodView):
    @public
    @auth_blp.arguments(TokenRequestSchema)
    @auth_blp.response(200, TokenSchema)
    @auth_blp.alt_response(401, description="Wrong username or password")
    def post(self, creds):
        """Exchange a username and password for a bearer access token. Attempts are limited
        per name (known or not) and per client: 429 with Retry-After beyond that."""
        settings = _kernel().settings
        close_session()  # sign_in runs its own short units: no lock is held while the password is checked
        try:
            token = services.sign_in(database(), creds["username"], creds["password"], client=request.remote_addr,
                                     secret=settings.secret_key, ttl=settings.token_ttl_seconds)
        except services.AccountLocked as locked:
            fail(429, locked.code, locked.message, headers={"Retry-After": str(_seconds_until(locked.until))})
        if token is None:
            fail(401, "invalid_credentials", "Wrong username or password")
        return {"access_token": token, "token_type": "bearer", "expires_in": settings.token_ttl_seconds}


@auth_blp.route("/sign-out")
class SignOut(MethodView):
    @requires("self", "read", "core")
    @auth_blp.response(204)
    def post(self):
        """End every token you hold, on every device: sign in again to carry on."""
        services.sign_out(session(), g.principal.username)
        commit()


@auth_blp.route("/me")
class Me(MethodView):
    @requires("self", "read", "core")
    @auth_blp.response(200, MeSchema)
    def get(self):
        """The signed-in user, their grants and the modules switched on for them."""
        p = g.principal
        return {"username": p.username, "display_name": p.display_name, "unit": p.unit,
                "grants": [{"role": r, "module": d} for r, d in p.grants],
                "modules": sorted(_kernel().enabled_for(p.unit))}


@users_blp.route("/users")
class Users(MethodView):
    @requires("users", "read", "core")
    @users_blp.response(200, UserSchema(many=True))
    @users_blp.paginate(SelectPage)
    def get(self):
        """List user accounts."""
        return select(User).order_by(User.username)

    @requires("users", "create", "core")
    @users_blp.arguments(UserCreateSchema)
    @users_blp.response(201, UserSchema)
    def post(self, data):
        """Create a user with a home unit and roles (``ROLE`` or ``ROLE:MODULE``)."""
        k = _kernel()
        user = services.create_user(session(), k.known_roles(), min_password_length=k.settings.min_password_length, **data)
        commit()
        return user


@users_blp.route("/users/<username>")
class UserItem(MethodView):
    @requires("users", "read", "core")
    @users_blp.response(200, UserSchema)
    def get(self, username):
        """One user account."""
        return services.get_user(session(), username)

    @requires("users", "update", "core")
    @users_blp.arguments(UserUpdateSchema)
    @users_blp.response(200, UserSchema)
    def patch(self, data, username):
        """Disable or re-enable an account (disabled accounts' tokens stop working at once)."""
        user = services.set_active(session(), username, data["active"])
        commit()
        return user


@users_blp.route("/users/<username>/unlock")
class UserUnlock(MethodView):
    @requires("users", "update", "core")
    @users_blp.response(200, UserSchema)
    def post(self, username):
        """Lift a sign-in lock now (after too many failed sign-ins) and clear the failure count."""
        user = services.unlock(session(), username)
        commit()
        return user


@users_blp.route("/users/<username>/password")
class UserPassword(MethodView):
    @requires("users", "update", "core")
    @users_blp.arguments(PasswordResetSchema)
    @users_blp.response(200, UserSchema)
    def put(self, data, username):
        """Set a new password for the user; every session they hold ends at once."""
        user = services.reset_password(session(), username, data["password"],
                                       min_password_length=_kernel().settings.min_password_length)
        commit()
        return user


@users_blp.route("/users/<username>/grants")
class UserGrants(MethodView):
    @requires("grants", "read", "core")
    @users_blp.response(200, GrantSchema(many=True))
    def get(self, username):
        """The roles a user holds, per module."""
        return services.grant_list(services.get_user(session(), username))

    @requires("grants", "update", "core")
    @users_blp.arguments(GrantsUpdateSchema)
    @users_blp.response(200, GrantSchema(many=True))
    def put(self, data, username):
        """Replace a user's role grants; in force on the next request."""
        pairs = [(gr["role"], gr["module"]) for gr in data["grants"]]
        user = services.set_grants(session(), _kernel().known_roles(), username, pairs)
        commit()
        return services.grant_list(user)


@users_blp.route("/roles")
class Roles(MethodView):
    @requires("grants", "read", "core")
    @users_blp.response(200, RoleSchema(many=True))
    def get(self):
        """Every role that can be granted: the core's and each installed module's."""
        roles = _kernel().known_roles()
        return [{"role": r, "module": d, "description": text} for (r, d), text in sorted(roles.items())]


@users_blp.route("/units")
class Units(MethodView):
    @requires("self", "read", "core")
    @users_blp.response(200, UnitSchema(many=True))
    def get(self):
        """Organisational units (home units of users, scopes of module pilots)."""
        return list(session().scalars(select(Unit).order_by(Unit.name)))

    @requires("units", "create", "core")
    @users_blp.arguments(UnitSchema)
    @users_blp.response(201, UnitSchema)
    def post(self, data):
        """Add an organisational unit."""
        unit = services.create_unit(session(), data["name"], data["title"])
        commit()
        return unit
