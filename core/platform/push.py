"""Server push for live pages: a board that changes, a warning marker raised elsewhere.

A service publishes a message on a channel (``custody.board.CAM``) in its unit of work:
the message is a row written in the same transaction (``core_push_messages``), so a page
is told of a change only once it is committed, and every app worker and node sees it,
since they share the database. A page listens with Server-Sent Events
(:mod:`core.web.push`): each listener reads the rows after the last one it saw, every
second, and is told of new ones; the browser then reloads what changed.

A channel's first part names its owner: a module declares who may listen with
:func:`channel` (the casbin right a listener needs), and nobody may listen to a channel
nobody declared.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Integer, String, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime, utcnow


class PushMessage(Base):
    __tablename__ = "core_push_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(120), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Channel:
    """Who may listen on channels starting with ``prefix``: a casbin right."""

    prefix: str
    domain: str
    obj: str
    act: str


CHANNELS: dict[str, Channel] = {}


def channel(prefix: str, *, domain: str, obj: str, act: str = "read") -> Channel:
    """Declare a family of channels (``custody.board`` covers ``custody.board.CAM``) and the
    right a listener needs."""
    declared = CHANNELS[prefix] = Channel(prefix, domain, obj, act)
    return declared


def declared(name: str) -> Channel | None:
    """The declaration covering channel ``name``, the longest prefix first."""
    for prefix in sorted(CHANNELS, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "."):
            return CHANNELS[prefix]
    return None


#: A message older than this is of no use: a listener that was away longer reloads the page.
KEEP = timedelta(hours=1)
#: Messages published by a process between two prunings of the old ones.
PRUNE_EVERY = 1000
_published = itertools.count(1)


def publish(uow: Any, name: str, payload: dict[str, Any] | None = None) -> None:
    """Tell listeners of ``name`` that something changed, when the unit of work commits.

    One plain insert in the writer's transaction (every check on a custody record
    publishes, so no ORM bookkeeping); now and then the messages older than ``KEEP`` go."""
    session: Session = getattr(uow, "session", uow)
    conn = session.connection()
    now = utcnow()
    conn.execute(insert(PushMessage.__table__), {"channel": name, "payload": payload or {}, "at": now})
    if next(_published) % PRUNE_EVERY == 0:
        conn.execute(delete(PushMessage.__table__).where(PushMessage.__table__.c.at < now - KEEP))


def latest(session: Session) -> int:
    """The id of the newest message: a listener starts after it."""
    return session.scalar(select(PushMessage.id).order_by(PushMessage.id.desc()).limit(1)) or 0


def since(session: Session, name: str, last_id: int, limit: int = 100) -> list[PushMessage]:
    """Messages on ``name`` after ``last_id``, oldest first."""
    return list(session.scalars(select(PushMessage).where(PushMessage.channel == name, PushMessage.id > last_id)
                                .order_by(PushMessage.id).limit(limit)))
