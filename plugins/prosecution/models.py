"""The prosecution module's tables: charging decisions, case files and warrants, each with
its history as a journal of the module kit.

A row holds the record as it stands (for lists and checks); how it got there — who asked,
what DG6 said, the MG3 and the prosecutor's answer, the forms filled, the submission,
the warrant's circulation and execution — is its journal, never changed.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.kit import Base, JournalEntryMixin, UTCDateTime, new_id, utcnow

# charging decision states
FOR_POLICE, FOR_CPS, REFERRED, FURTHER_EVIDENCE, DECIDED = "for_police", "for_cps", "referred", "further_evidence", "decided"


class ChargingDecision(Base):
    """Who charges a suspect for a case (DG6), and the decision when it is made."""

    __tablename__ = "prosecution_charging"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[str] = mapped_column(String(32), index=True)
    detention_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    custody_no: Mapped[str] = mapped_column(String(30), default="")
    unit: Mapped[str] = mapped_column(String(80), default="")
    offences: Mapped[list] = mapped_column(JSON, default=list)
    plea: Mapped[str] = mapped_column(String(12))
    venue: Mapped[str] = mapped_column(String(12))
    circumstances: Mapped[list] = mapped_column(JSON, default=list)
    kept_in_custody: Mapped[bool] = mapped_column(Boolean, default=False)
    decider: Mapped[str] = mapped_column(String(8))  # police | cps
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20), default=None)  # charge | no_further_action
    test: Mapped[str | None] = mapped_column(String(12), default=None)  # full_code | threshold
    decided_by: Mapped[str | None] = mapped_column(String(8), default=None)  # police | cps
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ChargingEntry(JournalEntryMixin, Base):
    __tablename__ = "prosecution_charging_entries"
    __table_args__ = (UniqueConstraint("decision_id", "seq", name="uq_prosecution_charging_entries_seq"),)

    decision_id: Mapped[str] = mapped_column(ForeignKey("prosecution_charging.id"))
