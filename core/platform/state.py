"""A change counter shared by every worker process.

Module enablement and role grants are cached in each process (the casbin enforcer, the
module table). Any change bumps ``core_kernel_state.version`` in the same transaction;
each request reads that one integer and reloads its caches when it moved, so a change
made through one worker (or the CLI) is in force everywhere at once, with no restart.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Integer, false, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.platform.db import Base


class KernelState(Base):
    __tablename__ = "core_kernel_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    #: Set by ``mips db upgrade --demo`` on a fresh database: demo accounts may be seeded.
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


_VERSION = select(KernelState.__table__.c.version).where(KernelState.__table__.c.id == 1)


def current_version(session: Session) -> int:
    # Read on every request: a Core statement on the session's connection, no ORM work.
    return session.connection().execute(_VERSION).scalar() or 0


def bump(session: Session) -> None:
    session.execute(update(KernelState).where(KernelState.id == 1).values(version=KernelState.version + 1))


def is_demo(session: Session) -> bool:
    """Whether this database was created as a demo (``mips db upgrade --demo``)."""
    return bool(session.connection().execute(select(KernelState.__table__.c.demo).where(KernelState.__table__.c.id == 1)).scalar())


def mark_demo(session: Session) -> None:
    session.execute(update(KernelState).where(KernelState.id == 1).values(demo=True))
