"""Persons: create (resolving against everyone already known), edit, read, rebuild.

Creating a person resolves the incoming record first: an exact strong-identifier match or
a confident probabilistic match attaches the contribution to the existing person (the
caller gets that person back); a probable match creates a new person and puts the pair
in the review queue; otherwise a new person is made. Every decision carries its evidence.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from sqlalchemy import String, any_, bindparam, cast, delete, func, insert, literal_column, null, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from core.audit.log import record
from core.persons.models import (MatchCandidate, Person, PersonAddress, PersonBlockKey, PersonDob, PersonIdentifier,
                                  PersonName, PersonShownName, SourceRecord, new_id)
from core.persons.person_data import addresses_of, identifiers_of, name_keys, names_of, parse_dob, to_record
from core.persons.search_keys import search_keys
from core.persons.survivorship import surviving_parts
from core.persons.visibility import SYSTEM, may_see_restricted, visible_ids
from core.platform.errors import Conflict, NotFound
from core.platform.timeutil import utcnow
from core.resolution.blocking import blocking_keys
from core.resolution.compare import Decision, cannot_link, compare
from core.resolution.record import Name, PartialDate, PersonRecord

MAX_CANDIDATES = 200


@dataclass
class Resolution:
    person: Person
    created: bool
    decision: Decision | None = None
    review: list[MatchCandidate] = field(default_factory=list)


def get(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("unknown_person", f"No person with id {person_id!r}")
    if person.merged_into:
        raise NotFound("person_merged", f"Person {person_id} was merged into {person.merged_into}",
                       {"merged_into": person.merged_into})
    return person


def sources_of(session: Session, person_id: str) -> list[SourceRecord]:
    return list(session.scalars(select(SourceRecord).where(SourceRecord.person_id == person_id)
                                .order_by(SourceRecord.received_at, SourceRecord.id)))


DERIVED = (PersonName, PersonDob, PersonIdentifier, PersonAddress, PersonBlockKey, PersonShownName)


def derived_rows(person_id: str, sources: list[tuple[str, dict[str, Any]]]) -> dict[type, list[dict[str, Any]]]:
    """The derived index rows of a person, from its ``(source_id, data)`` pairs (oldest first)."""
    rows: dict[type, list[dict[str, Any]]] = {model: [] for model in DERIVED}
    seen: set[tuple] = set()

    def add(model: type, key: tuple, **values: Any) -> None:
        if key not in seen:
            seen.add(key)
            rows[model].append({"person_id": person_id, **values})

    for source_id, data in sources:
        for name in names_of(data):
            add(PersonName, ("n", name.given, name.family, name.kind), source_id=source_id, kind=name.kind,
                given=name.given, family=name.family, **name_keys(name))
        for text in data.get("dobs", []):
            dob = parse_dob(text)
            add(PersonDob, ("d", dob), source_id=source_id, year=dob.year, month=dob.month, day=dob.day)
        for kind, value in identifiers_of(data):
            add(PersonIdentifier, ("i", kind, value), source_id=source_id, kind=kind, value=value)
        for text, postcode in addresses_of(data):
            add(PersonAddress, ("a", text, postcode), source_id=source_id, text=text, postcode=postcode)
    if sources:
        given, family = surviving_parts([data for _, data in sources])
        rows[PersonShownName] = [{"person_id": person_id, "given": given, "family": family}]
        rec = to_record(person_id, (data for _, data in sources))
        rows[PersonBlockKey] = [{"person_id": person_id, "key": k} for k in sorted(blocking_keys(rec) | search_keys(rec))]
    return rows


REBUILD_CHUNK = 500  # persons rebuilt per statement


def rebuild(session: Session, person: Person) -> None:
    """Recompute the derived index rows of a person from its source records."""
    rebuild_many(session, [person.id])


def rebuild_many(session: Session, person_ids: Iterable[str]) -> None:
    """Recompute the derived index rows of many persons, REBUILD_CHUNK at a time: one
    delete per kind of row, one read of their source records and one insert per kind of
    row for each chunk, rather than a round trip of each per person. A sync that touches
    tens of thousands of persons (every mention of a system whose address format MiPS
    now reads differently) would otherwise spend most of its time on round trips."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), REBUILD_CHUNK):
        part = ids[start:start + REBUILD_CHUNK]
        for model in DERIVED:
            session.execute(delete(model).where(model.person_id.in_(part)))
        sources: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for person_id, source_id, data in session.execute(
                select(SourceRecord.person_id, SourceRecord.id, SourceRecord.data)
                .where(SourceRecord.person_id.in_(part))
                .order_by(SourceRecord.person_id, SourceRecord.received_at, SourceRecord.id)):
            sources[person_id].append((source_id, data))
        rows: dict[type, list[dict[str, Any]]] = {model: [] for model in DERIVED}
        for person_id in part:
            for model, values in derived_rows(person_id, sources.get(person_id, [])).items():
                rows[model].extend(values)
        for model, values in rows.items():
            if values:
                session.connection().execute(insert(model.__table__), values)
    session.flush()


def _candidates(among: Callable[[Any], Any]):
    """Persons with a blocking key ``among`` the bound ``keys``, most shared keys first."""
    k = PersonBlockKey.__table__
    return (select(k.c.person_id, func.count().label("shared")).where(among(k.c.key)).group_by(k.c.person_id)
            .order_by(func.count().desc()).limit(MAX_CANDIDATES))


def _any(name: str) -> Callable[[Any], Any]:
    """``column = ANY(:name)`` on PostgreSQL: one array parameter keeps the statement's text
    the same whatever the number of values, so psycopg prepares it once."""
    return lambda col: col == any_(bindparam(name, type_=ARRAY(String)))


def _in(name: str) -> Callable[[Any], Any]:
    """``column IN (:name_1, :name_2...)`` elsewhere (SQLite)."""
    return lambda col: col.in_(bindparam(name, expanding=True))


def _connection(session: Session):
    """The session's connection, with its pending changes flushed as ``session.execute``
    would: the prepared statements below skip the ORM's per-statement overhead."""
    session.flush()
    return session.connection()


def candidates(session: Session, rec: PersonRecord, exclude: str | None = None) -> list[str]:
    """Persons sharing a blocking key with the record, most shared keys first."""
    keys = sorted(blocking_keys(rec))
    if not keys:
        return []
    conn = _connection(session)
    stmt = _CANDIDATES.get(conn.dialect.name, _CANDIDATES["default"])
    return [pid for pid, _ in conn.execute(stmt, {"keys": keys}).all() if pid != exclude]


def _with_indexed_rows(among_keys: Callable[[Any], Any]) -> tuple:
    """The candidates (as :func:`candidates` finds them, in its order) and their names, dates
    of birth, identifiers and addresses, in one statement per combination of the fields
    wanted: one round trip instead of two, and the ids never travel back to the database."""
    found = _candidates(among_keys).cte("c").prefix_with("MATERIALIZED")  # run once, in candidates' order
    ids = select(found.c.person_id)
    n, d, i, a = PersonName.__table__, PersonDob.__table__, PersonIdentifier.__table__, PersonAddress.__table__
    head = select(found.c.person_id, literal_column("'c'"), null(), null(), null())
    parts = (select(n.c.person_id, literal_column("'n'"), n.c.given, n.c.family, n.c.kind)
             .where(n.c.person_id.in_(ids)),
             select(d.c.person_id, literal_column("'d'"), cast(d.c.year, String), cast(d.c.month, String),
                    cast(d.c.day, String)).where(d.c.person_id.in_(ids)),
             select(i.c.person_id, literal_column("'i'"), i.c.kind, i.c.value, null()).where(i.c.person_id.in_(ids)),
             select(a.c.person_id, literal_column("'a'"), a.c.text, a.c.postcode, null()).where(a.c.person_id.in_(ids)))
    return tuple(union_all(head, *(p for p, wanted in zip(parts, mask) if wanted))
                 for mask in product((False, True), repeat=len(parts)))


# Built once: building a statement afresh costs more than the database takes to run it.
_CANDIDATES = {"postgresql": _candidates(_any("keys")), "default": _candidates(_in("keys"))}
_WITH_INDEXED = {"postgresql": _with_indexed_rows(_any("keys")), "default": _with_indexed_rows(_in("keys"))}


def indexed_candidates(session: Session, rec: PersonRecord, exclude: str | None = None) -> dict[str, PersonRecord]:
    """The record's :func:`candidates` (same persons, same order) with resolution records read
    from their derived rows, without sex (the rows do not hold it): what
    :func:`~core.resolution.compare.cannot_link` reads. The rows hold the same values
    :func:`to_record` makes of the source records; fields the incoming record lacks cannot
    change a comparison with it and are not read."""
    keys = sorted(blocking_keys(rec))
    if not keys:
        return {}
    wanted = (bool(rec.names), bool(rec.dobs), bool(rec.identifiers), bool(rec.addresses or rec.postcodes))
    conn = _connection(session)
    stmt = _WITH_INDEXED.get(conn.dialect.name, _WITH_INDEXED["default"])[int("".join("01"[w] for w in wanted), 2)]
    order: list[str] = []
    found: dict[str, tuple[dict, dict, dict, dict, dict]] = {}
    for pid, kind, x, y, z in conn.execute(stmt, {"keys": keys}).all():
        if kind == "c":  # a scan of the materialised candidates: in their order
            order.append(pid)
            continue
        names, dobs, idents, addresses, postcodes = found.setdefault(pid, ({}, {}, {}, {}, {}))
        if kind == "n":
            names[Name(x, y, z)] = None
        elif kind == "d":
            dobs[PartialDate(int(x) if x else None, int(y) if y else None, int(z) if z else None)] = None
        elif kind == "i":
            idents[(x, y)] = None
        else:
            if x:
                addresses[x] = None
            if y:
                postcodes[y] = None
    empty = ((), (), (), (), ())
    return {pid: PersonRecord(pid, names=tuple(n), dobs=tuple(d), addresses=tuple(a), postcodes=tuple(p),
                              identifiers=tuple(i))
            for pid in order if pid != exclude for n, d, i, a, p in (found.get(pid, empty),)}


def _sources(among: Callable[[Any], Any]):
    """The source records of the persons ``among`` the bound ``ids``, oldest first."""
    t = SourceRecord.__table__
    return select(t.c.person_id, t.c.data).where(among(t.c.person_id)).order_by(t.c.received_at, t.c.id)


_SOURCES = {"postgresql": _sources(_any("ids")), "default": _sources(_in("ids"))}


def records_of(session: Session, person_ids: list[str]) -> dict[str, PersonRecord]:
    """Resolution records of many persons with one query."""
    data: dict[str, list[dict[str, Any]]] = {pid: [] for pid in person_ids}
    if person_ids:
        conn = _connection(session)
        for pid, payload in conn.execute(_SOURCES.get(conn.dialect.name, _SOURCES["default"]), {"ids": person_ids}):
            data[pid].append(payload)
    return {pid: to_record(pid, sources) for pid, sources in data.items()}


def best_matches(session: Session, rec: PersonRecord, exclude: str | None = None) -> list[tuple[str, Decision]]:
    """Candidates compared with the record, best first, non-matches left out.

    Most candidates share only a name code and a birth year with the record; their indexed
    names and dates already rule them out (:func:`cannot_link`, which never rules out a
    pair that :func:`compare` would not call a non-match), so only the few left have their
    source records loaded and compared in full.
    """
    left = [pid for pid, indexed in indexed_candidates(session, rec, exclude).items() if not cannot_link(rec, indexed)]
    scored = [(pid, compare(rec, other)) for pid, other in records_of(session, left).items()]
    kept = [(pid, d) for pid, d in scored if d.outcome != "non_match"]
    return sorted(kept, key=lambda pd: pd[1].weight, reverse=True)


def _queue(session: Session, a: str, b: str, decision: Decision) -> MatchCandidate | None:
    first, second = sorted((a, b))
    existing = session.scalar(select(MatchCandidate).where(MatchCandidate.person_a == first, MatchCandidate.person_b == second))
    if existing is not None:
        return None
    cand = MatchCandidate(person_a=first, person_b=second, probability=decision.probability, weight=decision.weight,
                          reason=decision.reason, evidence=[e.__dict__ for e in decision.evidence])
    session.add(cand)
    return cand


def add_source(session: Session, person: Person, data: dict[str, Any], *, system: str, key: str) -> SourceRecord:
    src = SourceRecord(id=new_id(), person_id=person.id, system=system, key=key, data=data,
                       received_by=_actor())
    session.add(src)
    person.version += 1
    person.updated_at = utcnow()
    session.flush()
    rebuild(session, person)
    return src


def create(session: Session, data: dict[str, Any], *, system: str = "mips", key: str | None = None,
           restriction: str | None = None, viewer: Any = SYSTEM) -> Resolution:
    """Resolve the contribution and attach it to an existing person, or make a new one.

    A contribution from someone who may not see the restricted person it matches is not
    attached to them (that would tell the caller the person exists, and add what the caller
    knows to a record they cannot see): it becomes a new person, and the match goes to the
    review queue, where only those with the right see and decide it."""
    key = key or f"api:{new_id()}"
    existing = session.scalar(select(SourceRecord).where(SourceRecord.system == system, SourceRecord.key == key))
    if existing is not None:  # the same contribution again: idempotent
        person = get(session, surviving_id(session, existing.person_id))
        restrict(session, person, restriction, reason=f"restricted record {system}:{key}")
        return Resolution(person, created=False)
    rec = to_record("incoming", [data])
    matches = best_matches(session, rec)
    hidden: list[tuple[str, Decision]] = []
    if matches and matches[0][1].outcome == "match" and not restriction and not may_see_restricted(viewer):
        hidden_ids = {pid for pid, _ in matches} - visible_ids(session, [pid for pid, _ in matches], viewer)
        hidden = [(pid, d) for pid, d in matches if pid in hidden_ids and d.outcome == "match"]
        matches = [(pid, d) for pid, d in matches if pid not in hidden_ids]
    if matches and matches[0][1].outcome == "match":
        person_id, decision = matches[0]
        person = get(session, person_id)
        # the most restrictive marking wins: a protected record never loses its protection by matching
        restrict(session, person, restriction, reason=f"restricted record {system}:{key} resolved to this person")
        src = add_source(session, person, data, system=system, key=key)
        record(session, "collection", "person", person.id, details={"source": f"{system}:{key}", "source_record": src.id,
                                                                     "resolved": decision.reason})
        return Resolution(person, created=False, decision=decision)
    person = Person(id=new_id(), restriction=restriction)
    session.add(person)
    session.flush()
    src = add_source(session, person, data, system=system, key=key)
    person.version = 1
    to_review = [(pid, d) for pid, d in matches if d.outcome == "review"] + hidden  # hidden: matches the caller may not see
    queued = [q for pid, d in to_review if (q := _queue(session, person.id, pid, d))]
    record(session, "collection", "person", person.id, details={"source": f"{system}:{key}", "source_record": src.id,
                                                                 "review_candidates": len(queued)})
    return Resolution(person, created=True, decision=matches[0][1] if matches else None, review=queued)


def restrict(session: Session, person: Person, restriction: str | None, *, reason: str) -> None:
    """Mark a person restricted (no-op when ``restriction`` is None or already set): a
    marking is only ever added here, never dropped, so the most restrictive one wins."""
    if not restriction or person.restriction:
        return
    person.restriction = restriction
    person.version += 1
    person.updated_at = utcnow()
    record(session, "alteration", "person", person.id, details={"restriction": restriction, "reason": reason})


def unrestrict(session: Session, person: Person, *, reason: str) -> None:
    """Lift a restriction (the caller could only find the person with the right to see it)."""
    if not person.restriction:
        return
    before, person.restriction = person.restriction, None
    person.version += 1
    person.updated_at = utcnow()
    record(session, "alteration", "person", person.id, details={"restriction_lifted": before, "reason": reason})


def update(session: Session, person: Person, data: dict[str, Any]) -> SourceRecord:
    """An edit is one more contribution (system ``mips``); the derived view follows it."""
    src = add_source(session, person, data, system="mips", key=f"edit:{new_id()}")
    record(session, "alteration", "person", person.id, details={"source_record": src.id})
    return src


def surviving_id(session: Session, person_id: str) -> str:
    """The surviving person of a chain of merges."""
    seen = set()
    while True:
        target = session.scalar(select(Person.merged_into).where(Person.id == person_id))
        if not target or person_id in seen:
            return person_id
        seen.add(person_id)
        person_id = target


def ensure_not_merged(person: Person) -> None:
    if person.merged_into:
        raise Conflict("person_merged", f"Person {person.id} was merged into {person.merged_into}")


def _actor() -> str:
    from core.audit.log import current_actor

    return current_actor()
