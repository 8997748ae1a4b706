"""Gap-free reference numbers: custody numbers, crime references, report numbers, URNs.

A counter is named by a *scope* (``custody/CAM``, ``investigation/crime``) and a
*period* (a year, or 0 for a counter that never restarts). :func:`next_number` bumps the
counter row with one upsert that returns the new value, in the caller's transaction:
two officers numbering at the same moment get consecutive numbers (PostgreSQL locks the
row; SQLite's writer lock does the same), and a rolled-back unit of work gives its
number back, so the sequence has no gaps. Formatting the reference is the module's job.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.platform.db import Base


class Counter(Base):
    """The last number given in a scope and period."""

    __tablename__ = "core_counters"

    scope: Mapped[str] = mapped_column(String(60), primary_key=True)
    period: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


def next_number(uow: Any, scope: str, period: int = 0) -> int:
    """The next number of ``scope`` in ``period`` (1, 2, 3... with no gaps), in the unit
    of work's transaction (kernel code may pass a bare session)."""
    session: Session = getattr(uow, "session", uow)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(Counter).values(scope=scope, period=period, last=1)
    stmt = stmt.on_conflict_do_update(index_elements=["scope", "period"], set_={"last": Counter.last + 1})
    return session.execute(stmt.returning(Counter.last)).scalar_one()
