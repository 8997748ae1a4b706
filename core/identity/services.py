"""Accounts, role grants and sign-in: the rules, shared by the REST API and the CLI.

Every change is audited in its own transaction and bumps the kernel state version so the
casbin enforcer of every worker reloads. Services never commit.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.audit.log import record
from core.identity import throttle, tokens
from core.identity.models import RoleGrant, Unit, User
from core.identity.passwords import hash_password, needs_rehash, verify_password
from core.platform import state
from core.platform.errors import Conflict, DomainError, NotFound

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


#: Roles only a ``security_officer`` (casbin ``core:grants:privileged``) may grant or remove.
PRIVILEGED_ROLES = frozenset({("auditor", "core"), ("vetted", "core"), ("security_officer", "core")})


def _separation_of_duties(username: str, before: set[tuple[str, str]], after: set[tuple[str, str]]) -> None:
    """Nobody changes their own roles; only the ``privileged`` right touches privileged roles.

    Applies to signed-in users (API and pages). The CLI is the console of whoever runs the
    servers, audited as ``cli:<login>``: the way to appoint the first security officer.
    """
    from flask import g, has_request_context

    principal = getattr(g, "principal", None) if has_request_context() else None
    if principal is None or before == after:
        return
    if principal.username == username:
        raise DomainError("separation_of_duties", "You cannot change your own roles: ask another administrator",
                          {"username": [username]}, status=403)
    touched = sorted(f"{r}:{d}" for r, d in (before ^ after) & PRIVILEGED_ROLES)
    if touched:
        from core.platform.current import current_kernel

        if not current_kernel().access.allowed(principal.username, "core", "grants", "privileged"):
            raise DomainError("separation_of_duties", f"Granting or removing {', '.join(touched)} needs the "
                                                      "security_officer role (separation of duties)",
                              {"roles": touched}, status=403)


def create_user(session: Session, known_roles: dict[tuple[str, str], str], *, username: str, password: str,
                unit: str, roles: list[str], display_name: str = "", min_password_length: int = 10) -> User:
    if not USERNAME.match(username):
        raise DomainError("invalid_username", "Usernames are 2-80 characters: lower-case letters, digits, '.', '_' or '-'",
                          {"username": ["invalid"]})
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict("user_exists", f"User {username!r} already exists")
    _check_password(password, min_password_length)
    pairs = sorted({resolve_role(known_roles, spec) for spec in roles})
    _separation_of_duties(username, set(), set(pairs))
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
    _separation_of_duties(username, set(before), set(wanted))
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


#: Attempts per account name in a window before it waits (NCSC: throttle guessing).
MAX_FAILED_SIGN_INS = throttle.ACCOUNT_LIMIT
LOCK_MINUTES = int(throttle.WINDOW.total_seconds() // 60)


class AccountLocked(DomainError):
    """Too many sign-in attempts for this name, or from this client: wait until ``until``."""

    status = 429

    def __init__(self, until):
        from core.platform.timeutil import to_london

        super().__init__("account_locked", f"Too many failed sign-ins: try again after "
                                           f"{to_london(until).strftime('%H:%M')} (UK time)")
        self.until = until


def sign_in(db: Any, username: str, password: str, *, client: str | None, secret: str, ttl: int) -> str | None:
    """A fresh access token, or None; every outcome is audited (no password is logged).

    Unlike other services this one runs its own short units of work on ``db`` (the
    :class:`core.platform.db.Database`), because the costly part, the Argon2 check, must run with
    no transaction open: inside one it held SQLite's write lock (and a PostgreSQL row
    lock) while guessers queued everyone else. In order: reserve an attempt for the name
    and the client (:mod:`core.identity.throttle`, committed at once, so at most
    :data:`MAX_FAILED_SIGN_INS` passwords are ever checked per name and window, on any
    number of workers); read the hash; check it outside any transaction (a dummy hash
    for an unknown name, so both take as long); write the outcome and its audit entry.
    An unknown name is throttled and answered exactly like a known one.
    """
    from core.platform.timeutil import utcnow

    name = username[:80]
    with db.writer_engine.begin() as conn:
        now = utcnow()
        name_ok, name_until = throttle.reserve(conn, throttle.account_key(name), throttle.ACCOUNT_LIMIT, now)
        client_ok, client_until = throttle.reserve(conn, throttle.client_key(client), throttle.CLIENT_LIMIT, now)
    if not (name_ok and client_ok):
        until = max(u for ok, u in ((name_ok, name_until), (client_ok, client_until)) if not ok)
        _audit(db, "authentication_failed", name, {"locked_until": until.isoformat(), "client": client or ""})
        raise AccountLocked(until)
    with db.sessionmaker() as reader:
        found = reader.execute(select(User.password_hash, User.active).where(User.username == name)).first()
    stored, active = (found[0], found[1]) if found else (None, False)
    if not (verify_password(stored, password) and active):
        _audit(db, "authentication_failed", name, {"client": client or ""})
        return None
    with db.writer_sessionmaker() as writer:
        throttle.clear(writer.connection(), throttle.account_key(name))
        throttle.release(writer.connection(), throttle.client_key(client))
        if needs_rehash(stored):
            writer.execute(update(User).where(User.username == name).values(password_hash=hash_password(password)))
        record(writer, "authentication", "user", name, actor=name)
        writer.commit()
    return tokens.issue(name, secret, ttl)


def _audit(db: Any, action: str, name: str, details: dict[str, Any]) -> None:
    with db.writer_sessionmaker() as writer:
        record(writer, action, "user", name, actor=name or "anonymous", details=details)
        writer.commit()


def sign_out(session: Session, username: str) -> None:
    """End every token the user holds now (every device): they must sign in again."""
    from core.platform.timeutil import utcnow

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


def locked_until(session: Session, usernames: list[str]) -> dict[str, Any]:
    """The accounts among ``usernames`` locked by failed sign-ins now: ``username -> until``
    (the sign-in throttle's account windows that are used up)."""
    from core.platform.timeutil import utcnow

    keys = {throttle.account_key(name): name for name in usernames}
    found = throttle.locked_until(session.connection(), list(keys), throttle.ACCOUNT_LIMIT, utcnow())
    return {keys[key]: until for key, until in found.items()}


def unlock(session: Session, username: str) -> User:
    """Lift a sign-in lock now (the user called the service desk) and clear the failure count.

    Audited as an alteration of the account, so who unlocked whom is on the record."""
    user = get_user(session, username)
    until = locked_until(session, [username]).get(username)
    was_locked = until.isoformat() if until else None
    throttle.clear(session.connection(), throttle.account_key(username))
    state.bump(session)
    record(session, "alteration", "user", username, details={"unlocked": True, "was_locked_until": was_locked})
    return user


def reset_password(session: Session, username: str, password: str, *, min_password_length: int = 10) -> User:
    """Set a new password chosen by an administrator and end the user's sessions.

    Every token issued before now stops working (as a sign-out does), so whoever knew the
    old password is out at once; a lock is lifted, since the user is given a fresh start.
    The audit entry records that the password changed, never the password."""
    from core.platform.timeutil import utcnow

    user = get_user(session, username)
    _check_password(password, min_password_length)
    user.password_hash = hash_password(password)
    throttle.clear(session.connection(), throttle.account_key(username))
    user.signed_out_at = utcnow()
    state.bump(session)
    record(session, "alteration", "user", username, details={"password_reset": True})
    return user
