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


# case file states (finalised: a migrated COPA file already finished with)
BUILDING, SUBMITTED, FINALISED = "building", "submitted", "finalised"


class CaseFile(Base):
    """A case for court: one defendant's charges from one charge in custody, with its URN,
    file type, first hearing and forms (``CaseForm``). A file migrated from COPA keeps its
    URN, one row per defendant (``defendant_no``)."""

    __tablename__ = "prosecution_cases"
    __table_args__ = (
        UniqueConstraint("source_system", "source_key", name="uq_prosecution_cases_source"),
        UniqueConstraint("urn", "defendant_no", name="uq_prosecution_cases_urn_defendant"),
        Index("ix_prosecution_cases_unit_state", "unit", "state"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    urn: Mapped[str] = mapped_column(String(20), index=True)
    defendant_no: Mapped[int] = mapped_column(Integer, default=1)  # a migrated COPA file may have several
    person_id: Mapped[str] = mapped_column(String(32), index=True)
    detention_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    custody_no: Mapped[str] = mapped_column(String(30), default="")
    suite: Mapped[str] = mapped_column(String(10), default="")
    unit: Mapped[str] = mapped_column(String(80), default="")
    charged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    charged_by: Mapped[str] = mapped_column(String(80), default="")
    charges: Mapped[list] = mapped_column(JSON, default=list)
    file_type: Mapped[str | None] = mapped_column(String(8), default=None)  # gap | ngap | crown
    remand: Mapped[str] = mapped_column(String(8), default="custody")  # custody | bail
    first_hearing_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    charging_decision_id: Mapped[str | None] = mapped_column(String(32), default=None)
    state: Mapped[str] = mapped_column(String(12), default=BUILDING)
    missing_count: Mapped[int] = mapped_column(Integer, default=0)
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(120), default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class CaseForm(Base):
    """One MG form of a case as structured data: ``fields`` maps each field to
    ``{"value", "source"}``, the source saying where the value came from."""

    __tablename__ = "prosecution_case_forms"
    __table_args__ = (UniqueConstraint("case_id", "form", name="uq_prosecution_case_forms_form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("prosecution_cases.id"), index=True)
    form: Mapped[str] = mapped_column(String(8))
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseEntry(JournalEntryMixin, Base):
    __tablename__ = "prosecution_case_entries"
    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_prosecution_case_entries_seq"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("prosecution_cases.id"))


# warrant states
RECEIVED, CIRCULATED, EXECUTED, WITHDRAWN, CANCELLED = "received", "circulated", "executed", "withdrawn", "cancelled"
OUTSTANDING = (RECEIVED, CIRCULATED)


class Warrant(Base):
    """A warrant received from a court (EWMS's job): whom it is for, its kind, and where it
    stands in its lifecycle."""

    __tablename__ = "prosecution_warrants"
    __table_args__ = (
        UniqueConstraint("source_system", "source_key", name="uq_prosecution_warrants_source"),
        Index("ix_prosecution_warrants_state_received", "state", "received_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    warrant_no: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[str] = mapped_column(String(32), index=True)
    warrant_type: Mapped[str] = mapped_column(String(30))
    court: Mapped[str] = mapped_column(String(120))
    court_ref: Mapped[str] = mapped_column(String(40), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    endorsement: Mapped[str | None] = mapped_column(Text, default=None)  # backed for bail: the terms
    state: Mapped[str] = mapped_column(String(12), default=RECEIVED)
    executed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    outcome: Mapped[str | None] = mapped_column(String(20), default=None)  # to_custody | released_on_bail
    custody_no: Mapped[str] = mapped_column(String(30), default="")
    unit: Mapped[str] = mapped_column(String(80), default="")
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(120), default=new_id)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class WarrantEntry(JournalEntryMixin, Base):
    __tablename__ = "prosecution_warrant_entries"
    __table_args__ = (UniqueConstraint("warrant_id", "seq", name="uq_prosecution_warrant_entries_seq"),)

    warrant_id: Mapped[str] = mapped_column(ForeignKey("prosecution_warrants.id"))
