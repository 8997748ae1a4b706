"""Each person's review schedule, the decisions taken on it, and the tombstones of those
erased (which hold no personal data: ids, group, decision, who and when)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime, utcnow

ACTIVE, DISPOSAL_PENDING = "active", "disposal_pending"


class RetentionSchedule(Base):
    """Where a person stands under MoPI, recomputed from their records and the rules."""

    __tablename__ = "core_retention_schedules"
    __table_args__ = (Index("ix_core_retention_schedules_due", "state", "next_review_at"),)

    person_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    group: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(80), default="")
    records: Mapped[int] = mapped_column(Integer, default=0)
    first_contact_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_contact_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_review_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Group 1: not to be disposed of before this day (the 100th birthday); None: unknown date of birth.
    keep_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: A record on a live case or under a legal hold: cannot be disposed of.
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    live_reason: Mapped[str] = mapped_column(Text, default="")
    #: The next review a keeper set (a decision to keep); the rules' date wins when later.
    kept_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    state: Mapped[str] = mapped_column(String(20), default=ACTIVE)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RetentionDecision(Base):
    """A reviewer's decision: keep (reason, next review) or dispose (reason; executed after
    the cooling-off period unless cancelled)."""

    __tablename__ = "core_retention_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(String(32), index=True)
    decision: Mapped[str] = mapped_column(String(10))  # keep | dispose
    reason: Mapped[str] = mapped_column(Text)
    group: Mapped[int] = mapped_column(Integer)
    next_review_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    execute_after: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: pending | executed | cancelled (disposals); recorded (keeps)
    state: Mapped[str] = mapped_column(String(12), index=True)
    closed_by: Mapped[str] = mapped_column(String(80), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Tombstone(Base):
    """What is left of an erased person: no name, no date of birth, no address."""

    __tablename__ = "core_retention_tombstones"

    person_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    group: Mapped[int] = mapped_column(Integer)
    decision_id: Mapped[int] = mapped_column(Integer)
    decided_by: Mapped[str] = mapped_column(String(80))
    executed_by: Mapped[str] = mapped_column(String(80))
    executed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: How many rows of each kind went (``{"custody.detention": 2, ...}``): counts only.
    erased: Mapped[dict] = mapped_column(JSON, default=dict)
