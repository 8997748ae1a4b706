"""Merge and unmerge: combining two person records, reversibly, losing nothing.

A merge moves the merged person's source records, warning markers and links to the
survivor and marks the merged person ``merged_into`` the survivor; the merge event lists
exactly what moved. Unmerge moves exactly those back, so both records are restored as
they were, while anything added to the survivor since stays with it. Both are audited as
``combination`` (DPA 2018 s.62).
"""
from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from core.audit.log import current_actor, record
from core.persons.models import Link, MatchCandidate, MergeEvent, Person, SourceRecord, WarningMarker
from core.persons.service import ensure_not_merged, get, rebuild
from core.platform.errors import Conflict, DomainError, NotFound
from core.platform.timeutil import utcnow


def merge(session: Session, survivor_id: str, merged_id: str, *, reason: str = "") -> MergeEvent:
    if survivor_id == merged_id:
        raise DomainError("same_person", "A person cannot be merged into itself")
    survivor, merged = get(session, survivor_id), get(session, merged_id)
    ensure_not_merged(survivor)
    source_ids = list(session.scalars(select(SourceRecord.id).where(SourceRecord.person_id == merged.id)))
    marker_ids = list(session.scalars(select(WarningMarker.id).where(WarningMarker.person_id == merged.id)))
    link_ids = list(session.scalars(select(Link.id).where(
        or_((Link.from_type == "person") & (Link.from_id == merged.id), (Link.to_type == "person") & (Link.to_id == merged.id)))))
    _move(session, source_ids, marker_ids, link_ids, merged.id, survivor.id)
    merged.merged_into = survivor.id
    before = survivor.restriction
    restricts = bool(merged.restriction and not survivor.restriction)
    if restricts:  # the most restrictive marking wins: a protected person never loses protection by a merge
        survivor.restriction = merged.restriction
    for person in (survivor, merged):
        person.version += 1
        person.updated_at = utcnow()
        rebuild(session, person)
    event = MergeEvent(survivor_id=survivor.id, merged_id=merged.id, source_ids=source_ids, marker_ids=marker_ids,
                       link_ids=link_ids, reason=reason, actor=current_actor(), survivor_restriction=before,
                       restricted_by_merge=restricts)
    session.add(event)
    session.execute(update(MatchCandidate).where(
        MatchCandidate.status == "pending",
        or_((MatchCandidate.person_a == merged.id) & (MatchCandidate.person_b == survivor.id),
            (MatchCandidate.person_a == survivor.id) & (MatchCandidate.person_b == merged.id)))
        .values(status="accepted", decided_by=current_actor(), decided_at=utcnow()))
    session.flush()
    record(session, "combination", "person", survivor.id, details={"merged": merged.id, "merge_event": event.id,
                                                                    "source_records": source_ids, "reason": reason,
                                                                    "restricted_by_merge": restricts})
    return event


def unmerge(session: Session, survivor_id: str, merged_id: str) -> MergeEvent:
    event = session.scalar(select(MergeEvent).where(MergeEvent.survivor_id == survivor_id, MergeEvent.merged_id == merged_id,
                                                    MergeEvent.undone_at.is_(None)).order_by(MergeEvent.at.desc()))
    if event is None:
        raise NotFound("no_merge", f"Person {merged_id} is not merged into {survivor_id}")
    merged = session.get(Person, merged_id)
    survivor = get(session, survivor_id)
    if merged is None or merged.merged_into != survivor_id:
        raise Conflict("merge_superseded", f"Person {merged_id} is no longer merged into {survivor_id}")
    _move(session, event.source_ids, event.marker_ids, event.link_ids, survivor_id, merged_id)
    merged.merged_into = None
    if event.restricted_by_merge and survivor.restriction == merged.restriction:
        survivor.restriction = event.survivor_restriction  # the restriction was the merged person's: it goes back
    for person in (survivor, merged):
        person.version += 1
        person.updated_at = utcnow()
        rebuild(session, person)
    event.undone_at, event.undone_by = utcnow(), current_actor()
    session.flush()
    record(session, "combination", "person", survivor_id, details={"unmerged": merged_id, "merge_event": event.id,
                                                                    "source_records": event.source_ids})
    return event


def _move(session: Session, source_ids: list[str], marker_ids: list[str], link_ids: list[str],
          from_id: str, to_id: str) -> None:
    if source_ids:
        session.execute(update(SourceRecord).where(SourceRecord.id.in_(source_ids)).values(person_id=to_id))
    if marker_ids:
        session.execute(update(WarningMarker).where(WarningMarker.id.in_(marker_ids)).values(person_id=to_id))
    if link_ids:
        session.execute(update(Link).where(Link.id.in_(link_ids), Link.from_type == "person", Link.from_id == from_id)
                        .values(from_id=to_id))
        session.execute(update(Link).where(Link.id.in_(link_ids), Link.to_type == "person", Link.to_id == from_id)
                        .values(to_id=to_id))
    session.expire_all()


def decide(session: Session, candidate_id: str, accept: bool) -> MatchCandidate:
    """A person's decision on a queued probable match: accept merges, reject keeps apart."""
    cand = session.get(MatchCandidate, candidate_id)
    if cand is None:
        raise NotFound("unknown_match", f"No match candidate {candidate_id!r}")
    if cand.status != "pending":
        raise Conflict("already_decided", f"This match was already {cand.status}")
    if accept:
        merge(session, cand.person_a, cand.person_b, reason=f"review accepted: {cand.reason}")
    cand.status = "accepted" if accept else "rejected"
    cand.decided_by, cand.decided_at = current_actor(), utcnow()
    record(session, "alteration", "match_candidate", cand.id, details={"status": cand.status})
    return cand
