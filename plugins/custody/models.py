"""The custody module's tables: detentions and their append-only custody record.

A detention row is the current state of one detention (who, where, when the clock
started, the decision, the observation level, the outcome), kept so the board can be read
in one query. The truth is the custody record (``custody_entries``): every entry timed,
by whom, never changed; a correction is a new entry pointing at the one it corrects. The
database refuses UPDATE and DELETE on entries (triggers, as for the audit log): the
record is a journal of the module kit. Custody numbers come from the kit's counters.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.kit import Base, JournalEntryMixin, UTCDateTime, new_id, utcnow

OPEN, CLOSED = "open", "closed"
DECISIONS = ("pending", "authorised", "refused")
OUTCOMES = ("charged", "bailed", "released_under_investigation", "no_further_action", "transferred", "refused_detention")


class Detention(Base):
    __tablename__ = "custody_detentions"
    __table_args__ = (
        UniqueConstraint("custody_no", name="uq_custody_detentions_custody_no"),
        UniqueConstraint("source_system", "source_key", name="uq_custody_detentions_source"),
        # one open detention per person, enforced by the database itself
        Index("ix_custody_detentions_open_person", "person_id", unique=True,
              sqlite_where=text("state = 'open'"), postgresql_where=text("state = 'open'")),
        Index("ix_custody_detentions_suite_state", "suite", "state"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    custody_no: Mapped[str] = mapped_column(String(20))
    suite: Mapped[str] = mapped_column(String(10))
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id"), index=True)
    state: Mapped[str] = mapped_column(String(8), default=OPEN)
    # arrest and arrival
    arrest_at: Mapped[datetime] = mapped_column(UTCDateTime)
    arrest_place: Mapped[str] = mapped_column(String(200), default="")
    arresting_officer: Mapped[str] = mapped_column(String(80), default="")
    officer_in_case: Mapped[str] = mapped_column(String(80), default="")
    grounds: Mapped[str] = mapped_column(Text, default="")
    offences: Mapped[list] = mapped_column(JSON, default=list)  # [{"wording", "code", "indictable"}]
    warrant_no: Mapped[str | None] = mapped_column(String(20), default=None)
    arrival_at: Mapped[datetime] = mapped_column(UTCDateTime)
    case: Mapped[str] = mapped_column(String(30), default="usual")  # PACE s.41(2) case of the relevant time
    arrival_in_area_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    entered_england_wales_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # the custody officer's decision
    decision: Mapped[str] = mapped_column(String(12), default="pending")
    authorised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    authorised_by: Mapped[str] = mapped_column(String(80), default="")
    # care
    observation_level: Mapped[int | None] = mapped_column(Integer, default=None)
    intoxicated: Mapped[bool] = mapped_column(Boolean, default=False)
    last_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    cell: Mapped[str] = mapped_column(String(20), default="")
    in_hospital: Mapped[bool] = mapped_column(Boolean, default=False)
    # the end
    outcome: Mapped[str | None] = mapped_column(String(40), default=None)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # pre-charge bail: when it ends (set at release, moved by each extension)
    bail_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    # bookkeeping
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[str] = mapped_column(String(80), default="")
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(120), default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class CustodyEntry(JournalEntryMixin, Base):
    """One line of the custody record. ``at`` is when it happened, ``recorded_at`` when it
    was written; ``seq`` orders the record and is unique per detention."""

    __tablename__ = "custody_entries"
    __table_args__ = (UniqueConstraint("detention_id", "seq", name="uq_custody_entries_detention_seq"),)

    detention_id: Mapped[str] = mapped_column(ForeignKey("custody_detentions.id"))
