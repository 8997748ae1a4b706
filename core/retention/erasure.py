"""Executing disposals: a person's personal data removed from every place MiPS holds it.

One person (with every identity merged into them) per transaction: the modules erase
their records (``mips_erase``, journals opened only through the erasure permit), then the
kernel removes the person's source records, derived rows (names, dates, identifiers,
addresses, search keys, the shown name), warning markers, links and the places and
objects linked to nobody else, queue entries and merge history, and the payloads of
delivered messages that name them. A tombstone (ids, group, decision, who, when, counts)
and one ``erasure`` audit entry remain. Killed half-way, the transaction rolls back: the
person is whole, the decision still pending, and the next run erases them.

A disposal is not executed when the person came to notice again during the cooling-off
period (the clear period restarted) or a record became live: the decision is closed as
``superseded`` and the person goes back to the queue.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import String, cast, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from core.audit import personal
from core.audit.log import record
from core.audit.models import AuditPersonal
from core.legacy.models import LegacyPush
from core.persons.models import Link, Location, MatchCandidate, MergeEvent, Person, PersonAddress
from core.persons.models import Object as PoleObject
from core.persons.models import PersonDob, PersonIdentifier, PersonName, SourceRecord, WarningMarker
from core.persons.service import DERIVED
from core.platform.current import current_kernel
from core.platform.db import any_of_chunks
from core.platform.errors import NotFound
from core.platform.journal import erasure_permit
from core.platform.outbox import OutboxEvent
from core.platform.push import PushMessage
from core.platform.timeutil import utcnow
from core.retention.models import ACTIVE, RetentionDecision, RetentionSchedule, Tombstone
from core.retention.service import refresh


def pending(session: Session, *, now: Any = None) -> list[int]:
    """Disposals whose cooling-off period is over, oldest first."""
    return list(session.scalars(select(RetentionDecision.id).where(
        RetentionDecision.decision == "dispose", RetentionDecision.state == "pending",
        RetentionDecision.execute_after <= (now or utcnow())).order_by(RetentionDecision.id)))


#: Disposals executed per transaction: each person is erased whole or not at all either way,
#: and a batch shares the statements (a force disposes of thousands after a review round).
BATCH = 200


def run(new_session: Callable[[], Session], actor: str, *, now: Any = None, batch: int = BATCH,
        progress: Callable[[int, dict[str, int]], None] | None = None) -> dict[str, int]:
    """Execute every disposal due, ``batch`` persons a transaction; safe to kill and rerun."""
    with new_session() as session:
        ids = pending(session, now=now)
    outcome = {"erased": 0, "superseded": 0}
    for start in range(0, len(ids), batch):
        part = ids[start:start + batch]
        with new_session() as session:
            result = execute(session, part, actor, now=now)
            session.commit()
        for name, n in result.items():
            outcome[name] = outcome.get(name, 0) + n
        if progress is not None:
            progress(len(part), result)
    return outcome


def execute(session: Session, decision_ids: list[int], actor: str, *, now: Any = None) -> dict[str, int]:
    """Erase the persons of these pending disposals (the caller commits); a person who came
    to notice again, or whose record became live, is not erased: the decision is superseded."""
    decisions = list(session.scalars(select(RetentionDecision).where(RetentionDecision.id.in_(decision_ids))
                                     .order_by(RetentionDecision.id).with_for_update()))
    decisions = [d for d in decisions if d.state == "pending" and d.decision == "dispose"]
    if not decisions:
        raise NotFound("no_pending_disposal", f"None of decisions {decision_ids[:5]} is a pending disposal")
    now = now or utcnow()
    persons = [d.person_id for d in decisions]
    before = {s.person_id: s.last_contact_at for s in session.scalars(
        select(RetentionSchedule).where(RetentionSchedule.person_id.in_(persons)))}
    refresh(session, persons)
    schedules = {s.person_id: s for s in session.scalars(
        select(RetentionSchedule).where(RetentionSchedule.person_id.in_(persons)))}
    doomed = []
    for made in decisions:
        schedule = schedules.get(made.person_id)
        if schedule is not None and (schedule.live or schedule.last_contact_at > made.decided_at
                                     or schedule.last_contact_at != before.get(made.person_id)):
            made.state, made.closed_by, made.closed_at = "superseded", actor, now
            schedule.state = ACTIVE
            record(session, "alteration", "retention_schedule", made.person_id, actor=actor,
                   details={"decision": "disposal_superseded", "decision_id": made.id,
                            "why": "live record" if schedule.live else "new contact during the cooling-off period"})
        else:
            doomed.append(made)
    if doomed:
        _erase(session, doomed, actor, now)
    return {"erased": len(doomed), "superseded": len(decisions) - len(doomed)}


def _erase(session: Session, doomed: list[RetentionDecision], actor: str, now: Any) -> None:
    merged = {made.person_id: identities(session, made.person_id) for made in doomed}
    ids = [pid for group in merged.values() for pid in group]
    kernel = current_kernel()
    erased: dict[str, int] = {}
    for counts in kernel.plugins.hook_installed("mips_erase")(uow=session, person_ids=ids):
        for name, n in (counts or {}).items():
            erased[name] = erased.get(name, 0) + int(n)
    erased.update(_erase_kernel_rows(session, ids))
    if len(doomed) > 1:
        erased["persons_in_this_run"] = len(doomed)  # the counts are the batch's, not each person's
    session.execute(insert(Tombstone.__table__), [
        {"person_id": made.person_id, "group": made.group, "decision_id": made.id, "decided_by": made.decided_by,
         "executed_by": actor, "executed_at": now, "erased": erased} for made in doomed])
    session.execute(delete(RetentionSchedule).where(RetentionSchedule.person_id.in_(ids)))
    for made in doomed:
        made.state, made.closed_by, made.closed_at = "executed", actor, now
        record(session, "erasure", "person", made.person_id, actor=actor,
               details={"decision_id": made.id, "group": made.group, "identities": len(merged[made.person_id]),
                        "erased": erased})
    session.flush()


def identities(session: Session, person_id: str) -> list[str]:
    """The person and every identity merged into them, however long ago."""
    found, frontier = [person_id], [person_id]
    while frontier:
        frontier = list(session.scalars(select(Person.id).where(Person.merged_into.in_(frontier))))
        found.extend(frontier)
    return found


def _words(session: Session, ids: list[str]) -> set[str]:
    """What identifies the person in free text: names, dates of birth, identifiers, postcodes."""
    words: set[str] = set()
    for given, family in session.execute(select(PersonName.given, PersonName.family).where(PersonName.person_id.in_(ids))):
        words.update(w for w in (given, family) if w)
    for y, m, d in session.execute(select(PersonDob.year, PersonDob.month, PersonDob.day).where(PersonDob.person_id.in_(ids))):
        if y and m and d:
            words.update({f"{y:04d}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y:04d}"})
    words.update(session.scalars(select(PersonIdentifier.value).where(PersonIdentifier.person_id.in_(ids))))
    words.update(p for p in session.scalars(select(PersonAddress.postcode).where(PersonAddress.person_id.in_(ids))) if p)
    return words


def _erase_kernel_rows(session: Session, ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    with erasure_permit(session, AuditPersonal.__tablename__):
        counts["core.audit_personal_value"] = personal.erase(session, ids, _words(session, ids), utcnow())

    def gone(name: str, result: Any) -> None:
        counts[name] = counts.get(name, 0) + max(result.rowcount or 0, 0)

    links = list(session.execute(select(Link.id, Link.from_type, Link.from_id, Link.to_type, Link.to_id).where(
        or_(Link.from_id.in_(ids) & (Link.from_type == "person"), Link.to_id.in_(ids) & (Link.to_type == "person")))))
    others = {(t, i) for _, ft, fi, tt, ti in links for t, i in ((ft, fi), (tt, ti)) if not (t == "person" and i in ids)}
    gone("core.link", session.execute(delete(Link).where(Link.id.in_([row[0] for row in links]))))
    # A place or object that was known only through this person goes with them.
    for kind, model in (("location", Location), ("object", PoleObject)):
        alone = [i for t, i in others if t == kind and not session.scalar(
            select(Link.id).where(or_((Link.from_type == kind) & (Link.from_id == i),
                                      (Link.to_type == kind) & (Link.to_id == i))).limit(1))]
        if alone:
            gone(f"core.{kind}", session.execute(delete(model).where(model.id.in_(alone))))
    gone("core.warning_marker", session.execute(delete(WarningMarker).where(WarningMarker.person_id.in_(ids))))
    gone("core.match_candidate", session.execute(delete(MatchCandidate).where(
        or_(MatchCandidate.person_a.in_(ids), MatchCandidate.person_b.in_(ids)))))
    gone("core.merge_event", session.execute(delete(MergeEvent).where(
        or_(MergeEvent.survivor_id.in_(ids), MergeEvent.merged_id.in_(ids)))))
    for model in DERIVED:
        session.execute(delete(model).where(model.person_id.in_(ids)))
    gone("core.source_record", session.execute(delete(SourceRecord).where(SourceRecord.person_id.in_(ids))))
    # Messages keep their ids and event names, not what they said of the person.
    for model in (OutboxEvent, LegacyPush, PushMessage):
        for mentions in any_of_chunks([cast(model.payload, String).contains(pid) for pid in ids]):
            gone(f"core.{model.__tablename__}_payload",
                 session.execute(update(model).where(mentions).values(payload={"erased": True})))
    session.execute(update(Person).where(Person.id.in_(ids)).values(merged_into=None))
    gone("core.person", session.execute(delete(Person).where(Person.id.in_(ids))))
    return counts
