"""Sign-in and sign-out pages.

The password is checked by :func:`core.identity.services.sign_in`, the same service as
``POST /api/v1/auth/token``, so both outcomes are audited the same way and the same
token is issued; the session cookie keeps it (see :mod:`core.web.session`).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session as cookie, url_for

from core.identity import services
from core.identity.access import public
from core.platform.current import current_kernel
from core.platform.db import close_session, commit, database, session
from core.web import session as web_session
from core.web.landing import landing, landing_for

bp = Blueprint("web_auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site is followed after sign-in: never ``//elsewhere``, a full
    URL, or anything with a control character or backslash. Browsers drop tab, CR and LF
    from a URL, so ``/%09/evil.example`` (a tab) would become ``//evil.example``; and CR/LF in a
    ``Location`` header is refused by the server (it would be a 500)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7F or ch.isspace() for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _page(status: int = 200, **kw):
    settings = current_kernel().settings
    kw.setdefault("errors", [])
    kw.setdefault("field_errors", {})
    kw.setdefault("username", "")
    kw.setdefault("notice", "")
    return render_template("web/sign_in.html", next=safe_next(request.args.get("next")),
                           ttl_hours=round(settings.token_ttl_seconds / 3600, 1), **kw), status


@bp.get("/sign-in")
@public
def sign_in():
    """The sign-in form (a signed-in user goes straight on)."""
    if g.get("principal"):
        return redirect(safe_next(request.args.get("next")) or landing())
    notice = ""
    if cookie.pop("flash_expired", False):
        notice = "Your session has expired. Sign in again to carry on."
    elif cookie.pop("flash_signed_out", False):
        notice = "You have signed out."
    return _page(notice=notice)


@bp.post("/sign-in")
@public
def sign_in_post():
    """Check the username and password; on success start a session and go on."""
    username = request.form.get("username", "").strip()[:80]
    password = request.form.get("password", "")[:1024]
    field_errors = {}
    if not username:
        field_errors["username"] = "Enter your username"
    if not password:
        field_errors["password"] = "Enter your password"
    if field_errors:
        return _page(400, username=username, field_errors=field_errors,
                     errors=[{"text": text, "href": f"#{name}"} for name, text in field_errors.items()])
    settings = current_kernel().settings
    close_session()  # sign_in runs its own short units: no lock is held while the password is checked
    try:
        token = services.sign_in(database(), username, password, client=request.remote_addr,
                                 secret=settings.secret_key, ttl=settings.token_ttl_seconds)
    except services.AccountLocked as locked:
        return _page(429, username=username, field_errors={"password": locked.message},
                     errors=[{"text": locked.message, "href": "#password"}])
    if token is None:
        message = "The username or password is not right"
        return _page(401, username=username, field_errors={"password": message},
                     errors=[{"text": message, "href": "#password"}])
    web_session.start(token)
    return redirect(safe_next(request.args.get("next")) or landing_for(username))


@bp.post("/sign-out")
@public
def sign_out():
    """End the session (the cookie is emptied, and the token in it with every other token
    of the user) and go back to the sign-in page."""
    if g.get("principal"):
        services.sign_out(session(), g.principal.username)
        commit()
    web_session.end()
    cookie["flash_signed_out"] = True
    return redirect(url_for("web_auth.sign_in"))
