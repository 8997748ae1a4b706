"""The page guard: every officer web page passes here before its view runs.

The same rules as the API guard (:mod:`core.http.guard`), for a browser: refresh the
kernel's caches; a module page answers 404 while the module is off (everywhere, or for
the user's unit); a page needs a signed-in session (otherwise the browser is sent to
sign in); a page declares the right it needs with :func:`core.identity.access.requires` and casbin
checks it (403, audited); a page that declares nothing and is not :func:`core.identity.access.public`
is refused (deny by default); every form post carries the session's CSRF token.
"""
from __future__ import annotations

import uuid

from flask import abort, current_app, g, redirect, request, session as cookie, url_for

from core.audit.log import record_now
from core.http.guard import view_method
from core.http.input import check_request
from core.identity.access import CORE_DOMAIN
from core.platform.current import current_kernel
from core.platform.db import session
from core.web import session as web_session

API_PREFIX = "/api/"
STATIC_PREFIXES = ("/static/", "/assets/")


def module_of(endpoint: str | None) -> str | None:
    blueprint = endpoint.rsplit(".", 1)[0] if endpoint and "." in endpoint else None
    return current_app.config.get("MIPS_WEB_MODULES", {}).get(blueprint)


def _module_off(module: str):
    g.module_off = module
    abort(404, description=f"The {module} module is not switched on for you.")


def _deny(obj: str, act: str, domain: str):
    session().rollback()  # as the API guard: the denial in a writing unit of its own
    record_now("access_denied", obj, request.path, module=domain,
               details={"method": request.method, "needs": f"{domain}:{obj}:{act}", "via": "web"})
    abort(403, description=f"You do not have the right to {act} {obj} in {domain}.")


def _here() -> str | None:
    """Where to come back to after signing in (a page, never a form post)."""
    if request.method != "GET" or request.path == "/":
        return None
    return request.full_path.rstrip("?")


def guard():
    path = request.path
    if path.startswith(API_PREFIX) or path.startswith(STATIC_PREFIXES):
        return None
    g.request_id = uuid.uuid4().hex
    check_request()
    kernel = current_kernel()
    kernel.refresh(session())
    fn = view_method(request.endpoint)
    if fn is None:
        return None  # Flask answers 404 / 405
    module = module_of(request.endpoint)
    if module is not None and not kernel.rollout(module).enabled:
        _module_off(module)
    if request.method == "POST" and not web_session.csrf_ok(request.form):
        abort(400, description="This form has expired. Go back, reload the page and try again.")
    try:
        g.principal = web_session.principal()
    except web_session.Expired:
        cookie["flash_expired"] = True
        return redirect(url_for("web_auth.sign_in", next=_here()))
    if getattr(fn, "_mips_public", False):
        return None
    if g.principal is None:
        return redirect(url_for("web_auth.sign_in", next=_here()))
    if module is not None and not kernel.rollout(module).enabled_for(g.principal.unit):
        _module_off(module)
    rule = getattr(fn, "_mips_rule", None)
    if rule is None:
        abort(403, description="This page declares no right, so nobody may use it (deny by default).")
    domain = rule.domain or module or CORE_DOMAIN
    if not kernel.access.allowed(g.principal.username, domain, rule.obj, rule.act):
        _deny(rule.obj, rule.act, domain)
    return None
