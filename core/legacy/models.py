"""The lifecycle of each legacy system, and every legacy record MiPS has taken in.

``core_legacy_systems`` holds the state (live -> migrating -> migrated -> retired), the
progress of a running migration and the last reconciliation report. ``core_legacy_records``
holds each record of a legacy system as a document in the replacing module's input
shape, waiting until the module is on to ingest it (through ``mips_ingest``), or the
reason it was rejected, so that every legacy row is accounted for; a record the live
system changed after it was taken is taken again by the next migration run (the catch-up
before retiring), which stamps ``updated_at``.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime, utcnow

STATES = ("live", "migrating", "migrated", "retired")


class LegacySystem(Base):
    __tablename__ = "core_legacy_systems"

    system: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="live")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")


class LegacyRecord(Base):
    __tablename__ = "core_legacy_records"
    __table_args__ = (UniqueConstraint("system", "key", name="uq_core_legacy_records_system_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str] = mapped_column(String(40), index=True)
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(60))
    document: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="waiting")  # waiting | ingested | rejected
    reason: Mapped[str] = mapped_column(Text, default="")
    module_record_id: Mapped[str | None] = mapped_column(String(64), default=None)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # when a migration's catch-up took the record again because the live system changed it
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class LegacyPush(Base):
    """An event to push into a still-live legacy system (the outbox): written in the same
    transaction as the work that raised it, delivered after the commit, retried until it
    lands (``mips legacy push``), so no charge or executed warrant is re-keyed or lost."""

    __tablename__ = "core_legacy_pushes"
    __table_args__ = (UniqueConstraint("event_id", "system", name="uq_core_legacy_pushes_event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32))
    event_name: Mapped[str] = mapped_column(String(60))
    system: Mapped[str] = mapped_column(String(40), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    legacy_ref: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
