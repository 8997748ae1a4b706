"""The officer's browser session: a signed, HttpOnly cookie holding a MiPS access token.

Signing in goes through :func:`core.identity.services.sign_in` (the same password check,
re-hash and audit as ``POST /api/v1/auth/token``) and keeps the token it issues in Flask's
signed session cookie. Every page request decodes that token like the API guard decodes a
bearer token, so the session expires when the token does (``MIPS_TOKEN_TTL``), a disabled
account stops at once, and rights are looked up afresh on every request. A per-session
CSRF token protects every form post.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from flask import Flask, session

from core.identity import tokens
from core.identity.principal import Principal
from core.platform.current import current_kernel

CSRF_FIELD = "csrf_token"


def configure(app: Flask, ttl_seconds: int, *, secure: bool = True) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="mips_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The cookie never travels in clear, except in development (``MIPS_ENV=development``,
        # plain http on a laptop): see Settings.secure_cookies.
        SESSION_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=ttl_seconds),
    )


def start(token: str) -> None:
    """Begin a fresh session (a new CSRF token too, so a planted session is useless)."""
    purpose, purpose_for = session.get("purpose", ""), session.get("purpose_for", [])
    session.clear()
    session.permanent = True
    session["token"] = token
    session[CSRF_FIELD] = secrets.token_urlsafe(32)
    if purpose:
        session["purpose"], session["purpose_for"] = purpose, purpose_for


def end() -> None:
    session.clear()


class Expired(Exception):
    """The session's token has expired or is no longer valid."""


def principal() -> Principal | None:
    """The signed-in user, None if nobody is signed in; raises :class:`Expired` for a stale session."""
    from core.http.guard import load_principal

    token = session.get("token")
    if not token:
        return None
    kernel = current_kernel()
    try:
        claims = tokens.decode(token, kernel.settings.secret_key)
    except tokens.InvalidToken as exc:
        session.pop("token", None)
        raise Expired(str(exc)) from exc
    found = kernel.principals.get(claims["sub"])
    if found is None:
        found = kernel.principals[claims["sub"]] = load_principal(claims["sub"])
    if not found.active:
        session.pop("token", None)
        raise Expired("account disabled")
    if tokens.signed_out(claims, found.signed_out_at_ms):
        session.pop("token", None)
        raise Expired("signed out")
    return found


def csrf_token() -> str:
    """The session's CSRF token, made on first use (the sign-in form needs one too)."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def csrf_ok(form: Any) -> bool:
    expected = session.get(CSRF_FIELD, "")
    given = form.get(CSRF_FIELD, "")
    return bool(expected) and hmac.compare_digest(str(expected), str(given))


#: How many records a remembered purpose may cover (short digests in the signed cookie).
PURPOSE_SCOPE = 100


def _digest(record_id: Any) -> str:
    return hashlib.sha256(str(record_id).encode()).hexdigest()[:10]


def purpose(for_id: Any = None) -> str:
    """The purpose the officer last gave, for ``for_id``: only while that record was named
    or shown by the page the purpose was given on (the person or record looked at, the
    results of a search), so it never sticks to a later, unrelated view (issue 21). With no
    ``for_id``, the last purpose, to offer in a form for the officer to give again."""
    text = session.get("purpose", "")
    if for_id is None or not text:
        return text
    return text if _digest(for_id) in session.get("purpose_for", []) else ""


def remember_purpose(text: str, related: Any = ()) -> None:
    """Remember ``text`` for the records in ``related`` (the page's own record first, then
    what it showed); the same purpose given again adds to what it covers."""
    text = text.strip()[:500]
    known = session.get("purpose_for", []) if session.get("purpose") == text else []
    fresh = [d for d in dict.fromkeys(_digest(r) for r in related if r) if d not in known]
    session["purpose"] = text
    session["purpose_for"] = (fresh + known)[:PURPOSE_SCOPE]
