"""Tables of the POLE core.

Persons: ``Person`` is the identity (a cluster); ``SourceRecord`` rows are the
contributions as they came (immutable). ``PersonName``, ``PersonDob``,
``PersonIdentifier``, ``PersonAddress`` and ``PersonBlockKey`` are derived from the
cluster's source records, with normalised and phonetic keys for search and resolution,
and are rebuilt whenever the cluster changes (create, edit, merge, unmerge).
"""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime, utcnow


def new_id() -> str:
    return uuid.uuid4().hex


class Person(Base):
    __tablename__ = "core_persons"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # Set when this identity was merged into another; the row stays so unmerge restores it.
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("core_persons.id"), index=True, default=None)
    # None, or "restricted": seen only by users with the right to read restricted persons.
    restriction: Mapped[str | None] = mapped_column(String(40), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic locking: every UPDATE of the row says ``WHERE version = <the version read>``,
    # so of two writers that read the same version one wins and the other's flush fails
    # (StaleDataError, answered 412 by core.http.concurrency). The code sets the new version.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sources: Mapped[list[SourceRecord]] = relationship(back_populates="person", order_by="SourceRecord.received_at")
    names: Mapped[list[PersonName]] = relationship(cascade="all, delete-orphan", order_by="PersonName.id")
    dobs: Mapped[list[PersonDob]] = relationship(cascade="all, delete-orphan", order_by="PersonDob.id")
    identifiers: Mapped[list[PersonIdentifier]] = relationship(cascade="all, delete-orphan", order_by="PersonIdentifier.id")
    addresses: Mapped[list[PersonAddress]] = relationship(cascade="all, delete-orphan", order_by="PersonAddress.id")
    markers: Mapped[list[WarningMarker]] = relationship(back_populates="person", order_by="WarningMarker.created_at")


class SourceRecord(Base):
    """One contribution about a person, exactly as it came, with its system and key."""

    __tablename__ = "core_source_records"
    __table_args__ = (UniqueConstraint("system", "key", name="uq_core_source_records_system_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id"), index=True)
    system: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_by: Mapped[str] = mapped_column(String(80), default="")

    person: Mapped[Person] = relationship(back_populates="sources")


class PersonName(Base):
    __tablename__ = "core_person_names"
    __table_args__ = (
        Index("ix_core_person_names_family_phonetic", "family_phonetic"),
        Index("ix_core_person_names_family_norm", "family_norm"),
        Index("ix_core_person_names_given_norm", "given_norm"),
        Index("ix_core_person_names_given_canon", "given_canon"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(20), default="primary")
    given: Mapped[str] = mapped_column(String(200), default="")
    family: Mapped[str] = mapped_column(String(200), default="")
    given_norm: Mapped[str] = mapped_column(String(200), default="")
    family_norm: Mapped[str] = mapped_column(String(200), default="")
    given_canon: Mapped[str] = mapped_column(String(200), default="")
    given_phonetic: Mapped[str] = mapped_column(String(40), default="")
    family_phonetic: Mapped[str] = mapped_column(String(40), default="")


class PersonDob(Base):
    __tablename__ = "core_person_dobs"
    __table_args__ = (Index("ix_core_person_dobs_ymd", "year", "month", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[int | None] = mapped_column(Integer)


class PersonIdentifier(Base):
    __tablename__ = "core_person_identifiers"
    __table_args__ = (Index("ix_core_person_identifiers_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(30))
    value: Mapped[str] = mapped_column(String(60))


class PersonAddress(Base):
    __tablename__ = "core_person_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)


class PersonBlockKey(Base):
    """Blocking keys of the resolution engine: candidates for a new record share a key."""

    __tablename__ = "core_person_block_keys"
    # with person_id, so "persons having one of these keys" is read from the index alone
    __table_args__ = (Index("ix_core_person_block_keys_key_person", "key", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(80))


class PersonShownName(Base):
    """The name every surface shows for a person (the survivorship rule of
    :mod:`core.persons.survivorship`), kept with the other derived rows so a list of sixty
    persons (a custody board, a search page) is named from one indexed read instead of
    re-deriving each name from all of the person's source records on every request."""

    __tablename__ = "core_person_shown_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id", ondelete="CASCADE"), index=True, unique=True)
    given: Mapped[str] = mapped_column(String(200), default="")
    family: Mapped[str] = mapped_column(String(200), default="")


class WarningMarker(Base):
    """Officer-safety markers (violent, weapons, self-harm, escape risk...) on a person."""

    __tablename__ = "core_warning_markers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id"), index=True)
    marker: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    review_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    person: Mapped[Person] = relationship(back_populates="markers")


class Location(Base):
    __tablename__ = "core_locations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)
    uprn: Mapped[str | None] = mapped_column(String(12), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    text_norm: Mapped[str] = mapped_column(Text, default="")
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic locking: every UPDATE of the row says ``WHERE version = <the version read>``,
    # so of two writers that read the same version one wins and the other's flush fails
    # (StaleDataError, answered 412 by core.http.concurrency). The code sets the new version.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Object(Base):
    """A vehicle, phone, weapon or other property."""

    __tablename__ = "core_objects"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(20))
    vrm: Mapped[str | None] = mapped_column(String(12), index=True)
    vin: Mapped[str | None] = mapped_column(String(17), index=True)
    make: Mapped[str] = mapped_column(String(80), default="")
    model: Mapped[str] = mapped_column(String(80), default="")
    colour: Mapped[str] = mapped_column(String(40), default="")
    phone_number: Mapped[str | None] = mapped_column(String(20), index=True)
    imei: Mapped[str | None] = mapped_column(String(20), index=True)
    serial_number: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic locking: every UPDATE of the row says ``WHERE version = <the version read>``,
    # so of two writers that read the same version one wins and the other's flush fails
    # (StaleDataError, answered 412 by core.http.concurrency). The code sets the new version.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Link(Base):
    """A relationship between two entities (person, object, location, event) with provenance."""

    __tablename__ = "core_links"
    __table_args__ = (
        Index("ix_core_links_from", "from_type", "from_id"),
        Index("ix_core_links_to", "to_type", "to_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    from_type: Mapped[str] = mapped_column(String(20))
    from_id: Mapped[str] = mapped_column(String(64))
    to_type: Mapped[str] = mapped_column(String(20))
    to_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(30))
    source_system: Mapped[str] = mapped_column(String(40), default="mips")
    source_key: Mapped[str] = mapped_column(String(200), default="")
    module: Mapped[str] = mapped_column(String(40), default="core")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")


class MatchCandidate(Base):
    """A probable match between two persons, waiting for a person to decide (never silent)."""

    __tablename__ = "core_match_candidates"
    __table_args__ = (UniqueConstraint("person_a", "person_b", name="uq_core_match_candidates_pair"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    person_a: Mapped[str] = mapped_column(ForeignKey("core_persons.id"), index=True)
    person_b: Mapped[str] = mapped_column(ForeignKey("core_persons.id"), index=True)
    probability: Mapped[float] = mapped_column(Float)
    weight: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str] = mapped_column(String(80), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class MergeEvent(Base):
    """A merge of one person into another: which source records moved, so it can be undone."""

    __tablename__ = "core_merge_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    survivor_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id"), index=True)
    merged_id: Mapped[str] = mapped_column(ForeignKey("core_persons.id"), index=True)
    source_ids: Mapped[list[str]] = mapped_column(JSON)
    marker_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    link_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(80), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    undone_by: Mapped[str] = mapped_column(String(80), default="")
    # the survivor's restriction before the merge: a restricted person merged in restricts
    # the survivor (the most restrictive marking wins), and unmerge puts it back as it was
    survivor_restriction: Mapped[str | None] = mapped_column(String(40), default=None)
    restricted_by_merge: Mapped[bool] = mapped_column(Boolean, default=False)
