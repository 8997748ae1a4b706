"""Accounts, role grants and sign-in: the rules, shared by the REST API and the CLI.

Every change is audited in its own transaction and bumps the kernel state version so the
casbin enforcer of every worker reloads. Services never commit.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import state
from core.audit.log import record
from core.errors import Conflict, DomainError, NotFound
from core.identity import tokens
from core.identity.models import RoleGrant, Unit, User
from core.identity.passwords import hash_password, needs_rehash, verify_password

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")


def resolve_role(known: dict[tuple[str, str], str], spec: str) -> tuple[str, str]:
    """``ROLE:MODULE`` names a role exactly; a bare ``ROLE`` must be unique across domains."""
    role, _, domain = spec.strip().partition(":")
    if domain:
        if (role, domain) not in known:
            raise DomainError("unknown_role", f"No role {role!r} in {domain!r}", {"roles": [spec]})
        return role, domain
    if (role, "core") in known:
        return role, "core"
    domains = sorted(d for r, d in known if r == role)
    if len(domains) == 1:
        return role, domains[0]
    if not domains:
        raise DomainError("unknown_role", f"No role named {role!r}", {"roles": [spec]})
    raise DomainError("ambiguous_role", f"Role {role!r} exists in {', '.join(domains)}: write {role}:MODULE", {"roles": [spec]})


def get_unit(session: Session, name: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.name == name))
    if unit is None:
        known = list(session.scalars(select(Unit.name).order_by(Unit.name)))
        raise DomainError("unknown_unit", f"No unit named {name!r}", {"unit": [f"known units: {', '.join(known) or 'none'}"]})
    return unit


def create_unit(session: Session, name: str, title: str = "") -> Unit:
    if session.scalar(select(Unit.id).where(Unit.name == name)) is not None:
        raise Conflict("unit_exists", f"Unit {name!r} already exists")
    unit = Unit(name=name, title=title or name)
    session.add(unit)
    session.flush()
    record(session, "collection", "unit", name)
    return unit


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("unknown_user", f"No user named {username!r}")
    return user


def _check_password(password: str, min_length: int) -> None:
    if len(password) < min_length:
        raise DomainError("weak_password", f"Passwords must be at least {min_length} characters", {"password": ["too short"]})


def create_user(session: Session, known_roles: dict[tuple[str, str], str], *, username: str, password: str,
                unit: str, roles: list[str], display_name: str = "", min_password_length: int = 10) -> User:
    if not USERNAME.match(username):
        raise DomainError("invalid_username", "Usernames are 2-80 characters: lower-case letters, digits, '.', '_' or '-'",
                          {"username": ["invalid"]})
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict("user_exists", f"User {username!r} already exists")
    _check_password(password, min_password_length)
    pairs = sorted({resolve_role(known_roles, spec) for spec in roles})
    user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                unit=get_unit(session, unit))
    user.grants = [RoleGrant(role=role, domain=domain, granted_by=_actor()) for role, domain in pairs]
    session.add(user)
    session.flush()
    state.bump(session)
    record(session, "collection", "user", username, details={"unit": unit, "grants": [f"{r}:{d}" for r, d in pairs]})
    return user


def set_grants(session: Session, known_roles: dict[tuple[str, str], str], username: str,
               grants: list[tuple[str, str]]) -> User:
    """Replace a user's grants with exactly ``grants`` (each ``(role, domain)``)."""
    user = get_user(session, username)
    wanted = sorted({resolve_role(known_roles, f"{role}:{domain}") for role, domain in grants})
    before = sorted((gr.role, gr.domain) for gr in user.grants)
    keep = [gr for gr in user.grants if (gr.role, gr.domain) in wanted]
    have = {(gr.role, gr.domain) for gr in keep}
    user.grants = keep + [RoleGrant(role=r, domain=d, granted_by=_actor()) for r, d in wanted if (r, d) not in have]
    session.flush()
    state.bump(session)
    record(session, "alteration", "role_grants", username, details={
        "before": [f"{r}:{d}" for r, d in before], "after": [f"{r}:{d}" for r, d in wanted]})
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    user = get_user(session, username)
    user.active = active
    state.bump(session)
    record(session, "alteration", "user", username, details={"active": active})
    return user


#: Consecutive failed sign-ins that lock an account, and for how long (NCSC: throttle guessing).
MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15


class AccountLocked(DomainError):
    """Too many failed sign-ins in a row: the account waits until ``until``."""

    status = 429

    def __init__(self, until):
        from core.timeutil import to_london

        super().__init__("account_locked", f"Too many failed sign-ins: try again after "
                                           f"{to_london(until).strftime('%H:%M')} (UK time)")
        self.until = until


def sign_in(session: Session, username: str, password: str, *, secret: str, ttl: int) -> str | None:
    """A fresh access token, or None; both outcomes are audited (no password is logged).

    After ``MAX_FAILED_SIGN_INS`` failures in a row the account is locked for
    ``LOCK_MINUTES`` (raises :class:`AccountLocked`, after the attempt is recorded: the
    caller commits, then answers 429); a success clears the count.
    """
    from datetime import timedelta

    from core.timeutil import utcnow

    now = utcnow()
    user = session.scalar(select(User).where(User.username == username))
    if user is not None and user.locked_until is not None and user.locked_until > now:
        record(session, "authentication_failed", "user", username[:80], actor=username[:80],
               details={"locked_until": user.locked_until.isoformat()})
        raise AccountLocked(user.locked_until)
    ok = verify_password(user.password_hash if user else None, password) and user is not None and user.active
    if not ok:
        details = {}
        if user is not None:
            user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
            if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
                user.locked_until, user.failed_sign_ins = now + timedelta(minutes=LOCK_MINUTES), 0
                details = {"locked_until": user.locked_until.isoformat()}
        record(session, "authentication_failed", "user", username[:80], actor=username[:80] or "anonymous",
               details=details)
        return None
    user.failed_sign_ins, user.locked_until = 0, None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record(session, "authentication", "user", username, actor=username)
    return tokens.issue(username, secret, ttl)


def sign_out(session: Session, username: str) -> None:
    """End every token the user holds now (every device): they must sign in again."""
    from core.timeutil import utcnow

    user = get_user(session, username)
    user.signed_out_at = utcnow()
    state.bump(session)  # every worker reloads the user and sees the sign-out
    record(session, "authentication", "user", username, actor=username, details={"signed_out": True})


def _actor() -> str:
    from flask import g, has_request_context

    principal = getattr(g, "principal", None) if has_request_context() else None
    return principal.username if principal else "system"


def grant_list(user: User) -> list[dict[str, Any]]:
    return [{"role": gr.role, "module": gr.domain} for gr in user.grants]


def unlock(session: Session, username: str) -> User:
    """Lift a sign-in lock now (the user called the service desk) and clear the failure count.

    Audited as an alteration of the account, so who unlocked whom is on the record."""
    user = get_user(session, username)
    was_locked = user.locked_until.isoformat() if user.locked_until else None
    user.locked_until, user.failed_sign_ins = None, 0
    state.bump(session)
    record(session, "alteration", "user", username, details={"unlocked": True, "was_locked_until": was_locked})
    return user


def reset_password(session: Session, username: str, password: str, *, min_password_length: int = 10) -> User:
    """Set a new password chosen by an administrator and end the user's sessions.

    Every token issued before now stops working (as a sign-out does), so whoever knew the
    old password is out at once; a lock is lifted, since the user is given a fresh start.
    The audit entry records that the password changed, never the password."""
    from core.timeutil import utcnow

    user = get_user(session, username)
    _check_password(password, min_password_length)
    user.password_hash = hash_password(password)
    user.locked_until, user.failed_sign_ins = None, 0
    user.signed_out_at = utcnow()
    state.bump(session)
    record(session, "alteration", "user", username, details={"password_reset": True})
    return user
