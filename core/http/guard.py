"""The request guard: every API request passes here before its view runs.

In order: give the request an id; refuse input no field could hold (400, see
:mod:`core.http.input`); refresh the kernel's caches if another worker changed
rollout or grants; refuse a module that is off (404 ``module_disabled``); authenticate
the bearer token (401); refuse a module that is off for the caller's unit (404); check
the right the view declares with casbin (403, audited); refuse a body that is not JSON
(415) and ``If-Match: *`` (428, see :mod:`core.http.concurrency`). A view that declares
no right and is not public is refused: deny by default.
"""
from __future__ import annotations

import re
import uuid
from typing import Any

from flask import Flask, current_app, g, request
from sqlalchemy import select

from core.audit.log import record_now
from core.http.concurrency import refuse_star_if_match
from core.http.errors import fail
from core.http.input import check_request
from core.identity import tokens
from core.identity.access import CORE_DOMAIN, Rule
from core.identity.models import User
from core.identity.principal import Principal
from core.platform.current import current_kernel
from core.platform.db import close_session, session

API_PREFIX = "/api/"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# flask-smorest's own blueprint: the OpenAPI document and Swagger UI are open to all.
PUBLIC_BLUEPRINTS = frozenset({"api-docs"})


def kernel() -> Any:
    return current_kernel()


def view_method(endpoint: str | None) -> Any:
    """The function that will answer: the MethodView method for this HTTP verb, or the view."""
    if endpoint is None:
        return None
    view = current_app.view_functions.get(endpoint)
    cls = getattr(view, "view_class", None)
    if cls is None:
        return view
    method = "get" if request.method == "HEAD" else request.method.lower()
    return getattr(cls, method, None)


def module_of(endpoint: str | None) -> str | None:
    """The module that owns the endpoint's blueprint, or None for the core."""
    blueprint = endpoint.rsplit(".", 1)[0] if endpoint and "." in endpoint else None
    return current_app.config["MIPS_BLUEPRINT_MODULES"].get(blueprint)


def _set_request_id() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def authenticate() -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        fail(401, "unauthorized", "Sign in: send 'Authorization: Bearer <token>' from POST /api/v1/auth/token",
             headers={"WWW-Authenticate": 'Bearer realm="mips"'})
    try:
        claims = tokens.decode(token.strip(), kernel().settings.secret_key)
    except tokens.InvalidToken as exc:
        fail(401, "invalid_token", f"The access token is not valid ({exc}); sign in again",
             headers={"WWW-Authenticate": 'Bearer realm="mips", error="invalid_token"'})
    principal = kernel().principals.get(claims["sub"])
    if principal is None:
        principal = load_principal(claims["sub"])
        kernel().principals[claims["sub"]] = principal
    if not principal.active:
        fail(401, "invalid_token", "The account behind this token no longer exists or is disabled")
    if tokens.signed_out(claims, principal.signed_out_at_ms):
        fail(401, "invalid_token", "You signed out since this token was issued; sign in again",
             headers={"WWW-Authenticate": 'Bearer realm="mips", error="invalid_token"'})
    return principal


_INACTIVE = Principal(user_id=0, username="", display_name="", unit="", active=False)


def load_principal(username: str) -> Principal:
    user = session().scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        return _INACTIVE
    return Principal(user_id=user.id, username=user.username, display_name=user.display_name,
                     signed_out_at_ms=int(user.signed_out_at.timestamp() * 1000) if user.signed_out_at else 0,
                     unit=user.unit.name, grants=tuple((gr.role, gr.domain) for gr in user.grants))


def _module_disabled(module: str) -> None:
    fail(404, "module_disabled", f"The {module} module is not switched on for you")


def _deny(rule: Rule, domain: str) -> None:
    session().rollback()  # the request has only read: let go of its snapshot before writing
    record_now("access_denied", rule.obj, request.path, module=domain,
               details={"method": request.method, "needs": f"{domain}:{rule.obj}:{rule.act}"})
    fail(403, "forbidden", f"You do not have the right to {rule.act} {rule.obj} in {domain}")


def guard() -> None:
    if not request.path.startswith(API_PREFIX):
        return None
    _set_request_id()
    check_request()
    k = kernel()
    k.refresh(session())
    endpoint = request.endpoint
    fn = view_method(endpoint)
    if fn is None:
        return None  # Flask answers 404 / 405
    module = module_of(endpoint)
    if module is not None and not k.rollout(module).enabled:
        _module_disabled(module)
    if getattr(fn, "_mips_public", False) or (endpoint or "").split(".")[0] in PUBLIC_BLUEPRINTS:
        return None
    g.principal = authenticate()
    if module is not None and not k.rollout(module).enabled_for(g.principal.unit):
        _module_disabled(module)
    rule: Rule | None = getattr(fn, "_mips_rule", None)
    if rule is None:
        fail(403, "forbidden", "This endpoint declares no right, so nobody may use it (deny by default)")
    domain = rule.domain or module or CORE_DOMAIN
    if not k.access.allowed(g.principal.username, domain, rule.obj, rule.act):
        _deny(rule, domain)
    if request.method in BODY_METHODS and (request.content_length or request.data) and not request.is_json:
        fail(415, "unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'")
    refuse_star_if_match()
    return None


def add_request_id_header(response: Any) -> Any:
    if "request_id" in g:
        response.headers["X-Request-ID"] = g.request_id
    return response


def install(app: Flask) -> None:
    app.before_request(guard)
    app.after_request(add_request_id_header)
    app.teardown_appcontext(close_session)
