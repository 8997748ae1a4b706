"""The persons facade: everything a module may know or do about a person, in one place.

Modules never read the kernel's person tables. They resolve the person of a record
(:func:`resolve_or_create`), ask for what they may show (:func:`summaries`,
:func:`require`), and hand over a person's details to another system (:func:`party`).
The restriction rule is applied here, once (:mod:`core.persons.visibility`): a person
the viewer may not see is left out of summaries and answers :class:`NotFound` exactly as
a person that does not exist. Every person whose data a call returns is noted on the
unit of work, so :func:`core.kit.consulted` can log the consultation without the view
calling the audit log.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.persons import live
from core.persons import service as _persons
from core.persons.models import Person as _Person, PersonDob, SourceRecord, WarningMarker
from core.persons.person_data import format_dob
from core.persons.survivorship import derive
from core.persons.visibility import SYSTEM, is_visible, may_see_restricted, visible_ids
from core.platform.errors import NotFound
from core.platform.uow import UnitOfWork
from core.resolution.record import PartialDate

#: What a board or list shows in place of a person the viewer may not see.
RESTRICTED_NAME = "(restricted record)"


@dataclass(frozen=True)
class PersonSummary:
    """What a list, a board or a printed record shows of a person."""

    id: str
    name: str  # "FAMILY, Given", the surviving primary name
    given: str
    family: str
    dob: str | None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolved:
    """The person a record was resolved to: made now, matched, or matched and queued."""

    person_id: str
    created: bool
    review: bool
    markers: tuple[str, ...] = field(default_factory=tuple)

    @property
    def outcome(self) -> str:
        return "created" if self.created and not self.review else ("review" if self.review else "matched")


def resolve_or_create(uow: UnitOfWork, record: dict[str, Any], *, system: str, key: str,
                      restriction: str | None = None, viewer: Any = SYSTEM) -> Resolved:
    """Resolve a record (names, dobs, identifiers, addresses) to the one person, making a
    new person when nobody matches. Idempotent by ``(system, key)``. A restriction given
    with the record is kept on whoever it resolves to (the most restrictive wins). A record
    keyed by ``viewer`` (the user) never joins a restricted person they may not see: it
    becomes a new person and the match is queued for those who may."""
    result = _persons.create(uow.session, record, system=system, key=key, restriction=restriction, viewer=viewer)
    person = result.person
    if hasattr(uow, "touch_persons"):
        uow.touch_persons([person.id])
    return Resolved(person.id, created=result.created, review=bool(result.review),
                    markers=tuple(m.marker for m in person.markers))


def require(uow: UnitOfWork, person_id: str, viewer: Any) -> str:
    """The surviving id of a person ``viewer`` may see; otherwise NotFound, worded as for
    a person that does not exist. Notes the person as read."""
    surviving = surviving_id(uow, person_id)
    if not is_visible(uow.session, surviving, viewer):
        raise NotFound("unknown_person", f"No person with id {person_id!r}")
    uow.read_persons([surviving])
    return surviving


def hidden_ids(viewer: Any) -> Any:
    """A ``select`` of the person ids hidden from ``viewer``, or None when nothing is, for a
    module's list in SQL: ``stmt.where(Model.person_id.not_in(hidden))``."""
    from core.persons.visibility import hidden_persons

    return hidden_persons(viewer)


def visible(uow: UnitOfWork, person_ids: Iterable[str], viewer: Any) -> set[str]:
    """Which of these persons ``viewer`` may see (nothing is noted as read)."""
    return visible_ids(uow.session, person_ids, viewer)


def summaries(uow: UnitOfWork, person_ids: Iterable[str], viewer: Any) -> dict[str, PersonSummary]:
    """Name, date of birth and warning markers of each person ``viewer`` may see, in three
    queries whatever the number; persons the viewer may not see are simply absent."""
    ids = visible_ids(uow.session, person_ids, viewer)
    if not ids:
        return {}
    names = _names(uow, ids)
    dobs = _dobs(uow, ids)
    found = markers(uow, ids)
    uow.read_persons(sorted(ids))
    return {pid: PersonSummary(pid, *names.get(pid, ("", "", "")), dobs.get(pid), tuple(found.get(pid, ())))
            for pid in ids}


@dataclass(frozen=True)
class Found:
    """A person a search found: what a picker shows, and why they were found."""

    summary: PersonSummary
    score: float
    why: tuple[str, ...]


def find(uow: UnitOfWork, text: str, viewer: Any, *, limit: int = 10, **structured: Any) -> list[Found]:
    """The kernel's one search for persons (misspelt, nicknamed, transposed names, dates),
    for a module's own picker (booking in, adding a victim). Only persons ``viewer`` may
    see; best first. The caller logs the consultation (``consulted``/``purpose_required``)."""
    from core.search import persons as person_search
    from core.search.query import BadQuery, parse

    try:
        query = parse(text, **structured)
    except BadQuery:
        return []
    hits = person_search.search(uow.session, query, include_restricted=may_see_restricted(viewer))[:limit]
    shown = summaries(uow, [h.person_id for h in hits], viewer)
    return [Found(shown[h.person_id], h.score, tuple(h.why)) for h in hits if h.person_id in shown]


def markers(uow: UnitOfWork, person_ids: Iterable[str]) -> dict[str, list[str]]:
    """Warning markers by person (officer safety: shown wherever the person is shown)."""
    out: dict[str, list[str]] = {}
    stmt = select(WarningMarker.person_id, WarningMarker.marker).where(WarningMarker.person_id.in_(list(person_ids)))
    for person_id, marker in uow.session.execute(stmt.order_by(WarningMarker.created_at)):
        out.setdefault(person_id, []).append(marker)
    return out


@dataclass(frozen=True)
class Marker:
    """A warning marker as a module shows it (officer safety: first thing on any view)."""

    id: str
    marker: str
    detail: str
    source_system: str
    created_at: datetime
    created_by: str


def warning_markers(uow: UnitOfWork, person_id: str) -> list[Marker]:
    """The person's warning markers with their detail, oldest first."""
    stmt = select(WarningMarker).where(WarningMarker.person_id == person_id).order_by(WarningMarker.created_at)
    return [Marker(m.id, m.marker, m.detail, m.source_system, m.created_at, m.created_by)
            for m in uow.session.scalars(stmt)]


def raise_marker(uow: UnitOfWork, person_id: str, marker: str, *, detail: str, source_system: str,
                 source_key: str, by: str, review_at: datetime | None = None) -> Marker:
    """Put a warning marker on a person on behalf of a module (intelligence raising one
    from a report): shown wherever the person is shown, with where it came from
    (``source_system``, ``source_key``) and when it must be reviewed. The caller has
    checked the person is visible to the one raising it; audited as a collection."""
    from core.audit.log import record

    person = uow.session.get(_Person, surviving_id(uow, person_id))
    if person is None:
        raise NotFound("unknown_person", f"No person with id {person_id!r}")
    row = WarningMarker(person_id=person.id, marker=marker, detail=detail, source_system=source_system,
                        source_key=source_key, created_by=by, review_at=review_at)
    uow.session.add(row)
    person.version += 1
    uow.session.flush()
    record(uow.session, "collection", "warning_marker", row.id, module=source_system,
           details={"person": person.id, "marker": marker, "source": source_key})
    live.announce(uow.session, person.id, "marker")
    return Marker(row.id, row.marker, row.detail, row.source_system, row.created_at, row.created_by)


def details(uow: UnitOfWork, person_id: str) -> dict[str, Any]:
    """The person as derived from all their source records (names, dob, addresses,
    identifiers), for a printed record. The caller has checked visibility."""
    uow.read_persons([person_id])
    return derive(_persons.sources_of(uow.session, person_id))


def party(uow: UnitOfWork, person_id: str) -> dict[str, Any]:
    """A person's details as a receiving system needs them (a defendant on a case file)."""
    view = derive(_persons.sources_of(uow.session, person_id))
    primary = next(iter(view["names"]), {"given": "", "family": ""})
    ids = {i["kind"]: i["value"] for i in view["identifiers"]}
    address = next(iter(view["addresses"]), {})
    return {"person_id": person_id, "given": primary["given"], "family": primary["family"], "dob": view["dob"],
            "address": address.get("text"), "postcode": address.get("postcode"), "pnc_id": ids.get("pnc_id"),
            "ni_number": ids.get("ni_number")}


def surviving_id(uow: UnitOfWork, person_id: str) -> str:
    """The person a (possibly merged-away) id now stands for."""
    return _persons.surviving_id(uow.session, person_id)


def of_mention(uow: UnitOfWork, system: str, key: str) -> str | None:
    """The surviving person a legacy mention (``system``, ``key``) was resolved to, if any."""
    person_id = uow.session.scalar(select(SourceRecord.person_id).where(SourceRecord.system == system,
                                                                         SourceRecord.key == key))
    return _persons.surviving_id(uow.session, person_id) if person_id else None


def _names(uow: UnitOfWork, person_ids: set[str]) -> dict[str, tuple[str, str, str]]:
    """The surviving name of each person (the one rule every surface shows, see
    :mod:`core.persons.survivorship`) as ``("FAMILY, Given", given, family)``."""
    from core.persons.survivorship import surviving_parts_of

    return {pid: (f"{family.upper()}, {given}", given, family)
            for pid, (given, family) in surviving_parts_of(uow.session, person_ids).items()}


def _dobs(uow: UnitOfWork, person_ids: set[str]) -> dict[str, str]:
    """The first known date of birth of each person, as far as it is known (``1979-11``)."""
    out: dict[str, str] = {}
    stmt = select(PersonDob.person_id, PersonDob.year, PersonDob.month, PersonDob.day).where(
        PersonDob.person_id.in_(person_ids), PersonDob.year.is_not(None)).order_by(PersonDob.id)
    for person_id, year, month, day in uow.session.execute(stmt):
        out.setdefault(person_id, format_dob(PartialDate(year, month, day if month else None)))
    return out


__all__ = ["RESTRICTED_NAME", "SYSTEM", "Found", "Marker", "PersonSummary", "Resolved", "details", "find", "hidden_ids",
           "markers",
           "warning_markers", "may_see_restricted",
           "of_mention", "party", "raise_marker", "require", "resolve_or_create", "summaries", "surviving_id", "visible"]
