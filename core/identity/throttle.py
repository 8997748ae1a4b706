"""Sign-in throttling shared by every worker: per account name and per client address.

Why in the database and not Flask-Limiter: its counters live in the process unless a
Redis or memcached server is added, and MiPS runs several gunicorn workers on one
database with nothing else; a per-process limit multiplies by the number of workers. One
small table does the job on SQLite and PostgreSQL alike.

Every attempt first *reserves* a slot with one atomic upsert (``INSERT ... ON CONFLICT DO
UPDATE ... RETURNING``), committed before the password is checked. The n-th attempt in a
window learns it is the n-th, so however many arrive at once on PostgreSQL, exactly
:data:`ACCOUNT_LIMIT` passwords are ever checked per account and window (before, ten
concurrent guesses were all checked before the lock). Account names are counted whether or
not the account exists, so an unknown name locks exactly like a real one: no oracle.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Integer, String, case, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime

#: Attempts per account name in a window (NCSC: throttle guessing; 5 as before).
ACCOUNT_LIMIT = 5
#: Attempts per client address in a window (a station's NAT carries many officers).
CLIENT_LIMIT = 30
WINDOW = timedelta(minutes=15)


class SignInThrottle(Base):
    __tablename__ = "core_sign_in_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)


_T = SignInThrottle.__table__


def account_key(username: str) -> str:
    return f"account:{username.strip().lower()[:80]}"


def client_key(address: str | None) -> str:
    return f"client:{(address or 'unknown')[:64]}"


def reserve(conn: Connection, key: str, limit: int, now: datetime) -> tuple[bool, datetime]:
    """Count one attempt under ``key``; (allowed, end of the window) — atomic on both databases."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stale = _T.c.first_at < now - WINDOW
    stmt = insert(_T).values(key=key, attempts=1, first_at=now)
    stmt = stmt.on_conflict_do_update(index_elements=[_T.c.key], set_={
        "attempts": case((stale, 1), else_=_T.c.attempts + 1),
        "first_at": case((stale, now), else_=_T.c.first_at),
    }).returning(_T.c.attempts, _T.c.first_at)
    attempts, first_at = conn.execute(stmt).one()
    return attempts <= limit, first_at + WINDOW


def clear(conn: Connection, key: str) -> None:
    """A successful sign-in: the account's count starts again."""
    conn.execute(delete(_T).where(_T.c.key == key))


def release(conn: Connection, key: str) -> None:
    """A successful sign-in gives the client its slot back (officers behind one address)."""
    conn.execute(update(_T).where(_T.c.key == key, _T.c.attempts > 0).values(attempts=_T.c.attempts - 1))


def locked_until(conn: Connection, keys: list[str], limit: int, now: datetime) -> dict[str, datetime]:
    """Of ``keys``, those whose window is used up: ``key -> when it opens again``."""
    from sqlalchemy import select

    rows = conn.execute(select(_T.c.key, _T.c.attempts, _T.c.first_at).where(_T.c.key.in_(keys)))
    return {key: first_at + WINDOW for key, attempts, first_at in rows
            if attempts >= limit and first_at + WINDOW > now}
