"""The investigation module's tables: crimes as recorded to the counting rules, the people
in them, and each crime's history as a journal of the module kit.

One row per *crime* (a report of an assault on two people is two crimes, one per victim,
sharing an ``incident_ref``). The row is the crime as it stands (classification, state,
outcome) for lists and counts; how it got there (recorded, re-classified, cancelled, with
who and why) is the journal, which is never changed.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.kit import Base, JournalEntryMixin, UTCDateTime, new_id, utcnow

RECORDED, CANCELLED, INCIDENT = "recorded", "cancelled", "incident"  # incident: N100, not (yet) a crime


class Crime(Base):
    __tablename__ = "investigation_crimes"
    __table_args__ = (
        UniqueConstraint("source_system", "source_key", name="uq_investigation_crimes_source"),
        Index("ix_investigation_crimes_recorded", "recorded_at", "unit"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    crime_ref: Mapped[str] = mapped_column(String(24), unique=True)
    incident_ref: Mapped[str] = mapped_column(String(32), index=True)
    classification: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(12), default=RECORDED)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    occurred_from: Mapped[datetime] = mapped_column(UTCDateTime)
    occurred_to: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    place: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str | None] = mapped_column(String(10), default=None)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_how: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(80), default="")
    # recorded within the 24 hours of the recording standard (None: not measured, e.g. migrated)
    within_standard: Mapped[bool | None] = mapped_column(Boolean, default=None)
    unit: Mapped[str] = mapped_column(String(80), default="", index=True)
    account: Mapped[str] = mapped_column(Text, default="")
    victim_person_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    victim_organisation: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str | None] = mapped_column(String(10), default=None)
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(120), default=new_id)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class CrimeParty(Base):
    """A person in a crime: victim, witness or suspect (the one MiPS person)."""

    __tablename__ = "investigation_crime_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    crime_id: Mapped[str] = mapped_column(ForeignKey("investigation_crimes.id"), index=True)
    person_id: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(12))  # victim | witness | suspect
    suspect_status: Mapped[str] = mapped_column(String(20), default="")  # named, arrested, interviewed, charged, eliminated


class CrimeEntry(JournalEntryMixin, Base):
    """One line of a crime's history (recorded, re-classified, cancelled, outcome...)."""

    __tablename__ = "investigation_crime_entries"
    __table_args__ = (UniqueConstraint("crime_id", "seq", name="uq_investigation_crime_entries_crime_seq"),)

    crime_id: Mapped[str] = mapped_column(ForeignKey("investigation_crimes.id"))
