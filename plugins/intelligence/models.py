"""The intelligence module's tables: sources, reports, their items graded 3x5x2, their
subjects, the markers raised from them, and each report's history as a journal.

A report's **original** (the text as given, each item's text) is kept and never shown
but to those the access rules allow; the **sanitised** text of each item is written
beside it by an intelligence officer and is what is disseminated. The journal records
what happened (submitted, sanitised, disseminated, marker raised) with references only,
never the texts, so it can be shown to whoever may read the report's history.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.kit import Base, JournalEntryMixin, UTCDateTime, new_id, utcnow

SUBMITTED, SANITISED, DISSEMINATED = "submitted", "sanitised", "disseminated"


class Source(Base):
    """Where intelligence comes from. A covert source (a CHIS) is held here under its
    reference; its name, if recorded, is only ever used to refuse a sanitised text that
    still contains it, and is never shown."""

    __tablename__ = "intelligence_sources"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    covert: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")


class Report(Base):
    __tablename__ = "intelligence_reports"
    __table_args__ = (UniqueConstraint("source_system", "source_key", name="uq_intelligence_reports_source"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("intelligence_sources.id"), index=True)
    state: Mapped[str] = mapped_column(String(14), default=SUBMITTED, index=True)
    text: Mapped[str] = mapped_column(Text, default="")  # the original, as given
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by: Mapped[str] = mapped_column(String(80), default="")
    unit: Mapped[str] = mapped_column(String(80), default="")
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # no dissemination until re-evaluated
    sanitised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sanitised_by: Mapped[str] = mapped_column(String(80), default="")
    disseminated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # from a legacy system: its grades as it had them and the mapping that made 3x5x2 of them
    original_grading: Mapped[dict | None] = mapped_column(JSON, default=None)
    grading_mapping: Mapped[dict | None] = mapped_column(JSON, default=None)
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(120), default=new_id)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ReportItem(Base):
    """One item of a report, graded on its own under 3x5x2."""

    __tablename__ = "intelligence_report_items"
    __table_args__ = (UniqueConstraint("report_id", "seq", name="uq_intelligence_report_items_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("intelligence_reports.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # the original
    source_evaluation: Mapped[str] = mapped_column(String(1))
    assessment: Mapped[str] = mapped_column(String(1))
    handling: Mapped[str] = mapped_column(String(1))
    conditions: Mapped[list] = mapped_column(JSON, default=list)
    conditions_text: Mapped[str] = mapped_column(Text, default="")
    sanitised: Mapped[str | None] = mapped_column(Text, default=None)


class ReportSubject(Base):
    """Who or what a report is about: a person (the one MiPS record), a vehicle, a phone, a place."""

    __tablename__ = "intelligence_report_subjects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("intelligence_reports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # person | vehicle | phone | place
    person_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    value: Mapped[str] = mapped_column(String(300), default="")


class RaisedMarker(Base):
    """A warning marker raised from a report: the kernel's marker, its source report, its
    review date and the justification (shown only to those who may read the original)."""

    __tablename__ = "intelligence_markers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    marker_id: Mapped[str] = mapped_column(String(32), unique=True)  # core warning marker
    report_id: Mapped[str] = mapped_column(ForeignKey("intelligence_reports.id"), index=True)
    person_id: Mapped[str] = mapped_column(String(32), index=True)
    marker: Mapped[str] = mapped_column(String(40))
    justification: Mapped[str] = mapped_column(Text, default="")
    review_at: Mapped[datetime] = mapped_column(UTCDateTime)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    raised_by: Mapped[str] = mapped_column(String(80), default="")


class ReportEntry(JournalEntryMixin, Base):
    """One line of a report's history (references only, never the texts)."""

    __tablename__ = "intelligence_report_entries"
    __table_args__ = (UniqueConstraint("report_id", "seq", name="uq_intelligence_report_entries_seq"),)

    report_id: Mapped[str] = mapped_column(ForeignKey("intelligence_reports.id"))
