"""Audit entries and the head of their hash chain.

Each entry stores the hash of the entry before it and its own hash over its content and
sequence number, so altering, deleting or reordering any entry breaks the chain from
that point on. ``core_audit_head`` holds the last sequence number and hash: appending
first updates that single row, which serialises writers on both SQLite and PostgreSQL
so concurrent requests still produce one chain.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime

GENESIS_HASH = "0" * 64
#: The key of a consultation entry's details that names the several records it read.
SUBJECTS = "subjects"


class AuditEntry(Base):
    __tablename__ = "core_audit_log"
    __table_args__ = (Index("ix_core_audit_log_entity", "entity_type", "entity_id"),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(80), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    entity_type: Mapped[str] = mapped_column(String(80), default="")
    entity_id: Mapped[str] = mapped_column(String(120), default="")
    module: Mapped[str] = mapped_column(String(80), default="core")
    justification: Mapped[str] = mapped_column(Text, default="")
    recipient: Mapped[str] = mapped_column(String(200), default="")
    request_id: Mapped[str] = mapped_column(String(64), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditSubject(Base):
    """One record read by a consultation entry that read several at once (a custody board,
    a search page). The entry names them all in its hashed ``details["subjects"]``, so one
    read is one link of the chain however many records it showed (a board refreshed all
    shift would otherwise write sixty entries a minute); this index makes "who read this
    record" one lookup, and :func:`core.audit.chain.verify_subjects` holds it against the
    entries so a deleted row cannot hide a read."""

    __tablename__ = "core_audit_subjects"
    __table_args__ = (Index("ix_core_audit_subjects_entity", "entity_type", "entity_id"),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    entity_type: Mapped[str] = mapped_column(String(80), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(120), primary_key=True)


class AuditPersonal(Base):
    """A personal value an entry names by its digest only (:mod:`core.audit.personal`):
    held for auditors, blanked when the person it concerns is erased."""

    __tablename__ = "core_audit_personal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), index=True)
    path: Mapped[str] = mapped_column(String(80))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    digest: Mapped[str] = mapped_column(String(64))
    #: The persons the value is about, space-separated ids (what erasure looks for).
    persons: Mapped[str] = mapped_column(Text, default="")
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class AuditHead(Base):
    __tablename__ = "core_audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
