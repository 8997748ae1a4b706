"""Bearer access tokens: signed JWTs (PyJWT, HS256) carrying the user's name and expiry.

A token says who the caller is, nothing more: roles and module rollout are looked up on
every request, so revoking a grant or deactivating a user takes effect at once.
"""
from __future__ import annotations

import uuid
from datetime import timedelta

import jwt

from core.platform.timeutil import utcnow

ALGORITHM = "HS256"
ISSUER = "mips"


class InvalidToken(Exception):
    """The token is missing, malformed, badly signed or expired."""


def issue(username: str, secret: str, ttl_seconds: int) -> str:
    now = utcnow()
    claims = {
        "sub": username,
        "iss": ISSUER,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": uuid.uuid4().hex,
        "iat_ms": int(now.timestamp() * 1000),  # to the millisecond, for sign-out (see signed_out)
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode(token: str, secret: str) -> dict:
    try:
        return jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["sub", "exp", "iat"]})
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("token expired") from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken("token invalid") from exc


def signed_out(claims: dict, signed_out_at_ms: int) -> bool:
    """Whether the user signed out after this token was issued (which ends it)."""
    return bool(signed_out_at_ms) and int(claims.get("iat_ms", int(claims.get("iat", 0)) * 1000)) <= signed_out_at_ms
