"""Review dates, the queue of reviews due, and reviewers' decisions.

A person's schedule is recomputed from all their records whenever asked (``refresh``):
by ``mips retention refresh`` after the rules change, and for the persons a unit of work
touched. Decisions are checked against the rules (a reason always; keep: a next review in
the future; dispose: not group 1 before the 100th birthday, nothing live) and audited.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from core.audit.log import record
from core.persons.models import Person, PersonDob, SourceRecord
from core.platform.current import current_kernel
from core.platform.errors import Conflict, DomainError, NotFound, refuse
from core.platform.timeutil import utcnow
from core.retention import rules as mopi
from core.retention.models import ACTIVE, DISPOSAL_PENDING, RetentionDecision, RetentionSchedule, Tombstone
from core.retention.schedule import Retained, schedule

SOURCE_RECORD = "core.source_record"


def records_of(session: Session, person_ids: list[str]) -> dict[str, list[Retained]]:
    """Every record about these persons: the kernel's source records (group 3 from their
    receipt, unless a module says more) and what each installed module declares."""
    out: dict[str, list[Retained]] = defaultdict(list)
    for sid, pid, received in session.execute(select(SourceRecord.id, SourceRecord.person_id, SourceRecord.received_at)
                                              .where(SourceRecord.person_id.in_(person_ids))):
        out[pid].append(Retained(SOURCE_RECORD, sid, pid, 3, received))
    kernel = current_kernel()
    for found in kernel.plugins.hook_installed("mips_retention")(uow=session, person_ids=person_ids):
        for item in found or []:
            if item.person_id in person_ids:
                out[item.person_id].append(item)
    return out


def _dobs(session: Session, person_ids: list[str]) -> dict[str, date]:
    out: dict[str, date] = {}
    for pid, y, m, d in session.execute(select(PersonDob.person_id, PersonDob.year, PersonDob.month, PersonDob.day)
                                        .where(PersonDob.person_id.in_(person_ids), PersonDob.day.is_not(None))
                                        .order_by(PersonDob.id)):
        out.setdefault(pid, date(y, m, d))
    return out


def refresh(session: Session, person_ids: Iterable[str]) -> int:
    """Recompute the schedules of these (surviving) persons; the caller commits."""
    session.flush()  # a keeper's date just set is read back below
    ids = sorted(set(session.scalars(select(Person.id).where(Person.id.in_(set(person_ids)),
                                                              Person.merged_into.is_(None)))))
    if not ids:
        return 0
    rules = mopi.rules()
    found = records_of(session, ids)
    dobs = _dobs(session, ids)
    kept = {pid: (kept_until, state) for pid, kept_until, state in session.execute(
        select(RetentionSchedule.person_id, RetentionSchedule.kept_until, RetentionSchedule.state)
        .where(RetentionSchedule.person_id.in_(ids)))}
    now, rows = utcnow(), []
    for pid in ids:
        if not found.get(pid):
            continue
        kept_until, state = kept.get(pid, (None, ACTIVE))
        s = schedule(found[pid], dobs.get(pid), rules, kept_until)
        rows.append({"person_id": pid, "group": s.group, "unit": s.unit, "records": s.records,
                     "first_contact_at": s.first_contact_at, "last_contact_at": s.last_contact_at,
                     "next_review_at": s.next_review_at, "keep_until": s.keep_until, "live": s.live,
                     "live_reason": s.live_reason, "kept_until": kept_until, "state": state, "computed_at": now})
    # Plain statements, a batch at a time (a force-wide recompute is a million persons);
    # merged-away persons are reviewed through their survivor.
    table = RetentionSchedule.__table__
    session.execute(delete(table).where(table.c.person_id.in_(set(person_ids))))
    if rows:
        session.execute(insert(table), rows)
    session.expire_all()  # schedules loaded before this point are re-read
    return len(ids)


def refresh_all(session: Session, *, batch: int = 1000, progress: Any = None) -> int:
    """Every surviving person's schedule, ``batch`` persons a transaction: interrupted, a
    rerun recomputes from the start (each person's result depends only on their records)."""
    done, after = 0, ""
    while True:
        ids = list(session.scalars(select(Person.id).where(Person.id > after, Person.merged_into.is_(None))
                                   .order_by(Person.id).limit(batch)))
        if not ids:
            return done
        done += refresh(session, ids)
        session.commit()
        after = ids[-1]
        if progress is not None:
            progress(len(ids))


def due_statement(*, on: datetime | None = None, unit: str = "", group: int | None = None) -> Select:
    """The schedules whose review is due by ``on`` (now), most overdue first (the API pages it)."""
    stmt = (select(RetentionSchedule).where(RetentionSchedule.state == ACTIVE,
                                            RetentionSchedule.next_review_at <= (on or utcnow()))
            .order_by(RetentionSchedule.next_review_at, RetentionSchedule.person_id))
    if unit:
        stmt = stmt.where(RetentionSchedule.unit == unit)
    if group is not None:
        stmt = stmt.where(RetentionSchedule.group == group)
    return stmt


def due(session: Session, *, on: datetime | None = None, unit: str = "", group: int | None = None,
        limit: int = 100, offset: int = 0) -> list[RetentionSchedule]:
    """:func:`due_statement`'s schedules, a page of them."""
    return list(session.scalars(due_statement(on=on, unit=unit, group=group).limit(limit).offset(offset)))


def overdue_by_group(session: Session, on: datetime | None = None) -> dict[int, int]:
    """How many reviews are overdue in each group (the information management unit's report)."""
    rows = session.execute(select(RetentionSchedule.group, func.count())
                           .where(RetentionSchedule.state == ACTIVE, RetentionSchedule.next_review_at <= (on or utcnow()))
                           .group_by(RetentionSchedule.group)).all()
    return {group: count for group, count in rows}


def schedule_of(session: Session, person_id: str) -> RetentionSchedule:
    row = session.get(RetentionSchedule, person_id)
    if row is None:
        if session.get(Tombstone, person_id) is not None:
            raise NotFound("person_erased", f"Person {person_id} was erased")
        raise NotFound("no_schedule", f"No retention schedule for person {person_id!r} (run 'mips retention refresh')")
    return row


def decide(session: Session, person_id: str, decision: str, reason: str, actor: str, *,
           next_review_at: datetime | None = None) -> RetentionDecision:
    """Record a reviewer's decision (the caller commits)."""
    rules = mopi.rules()
    refresh(session, [person_id])
    row = schedule_of(session, person_id)
    reason = (reason or "").strip()
    if len(reason) < 10:
        refuse("reason_required", "Give the reason for the decision (at least 10 characters)",
                      rules.cite("review"))
    now = utcnow()
    if row.state == DISPOSAL_PENDING:
        raise Conflict("disposal_pending", "A disposal of this person is already pending: cancel it first")
    if decision == "keep":
        if next_review_at is None or next_review_at <= now:
            refuse("next_review_in_past", "A decision to keep needs the next review date, in the future",
                          rules.cite(f"groups.{row.group}"))
        row.kept_until = next_review_at
        made = RetentionDecision(person_id=person_id, decision="keep", reason=reason, group=row.group,
                                 next_review_at=next_review_at, decided_by=actor, decided_at=now, state="recorded")
        session.add(made)
        refresh(session, [person_id])
    elif decision == "dispose":
        if row.live:
            raise Conflict("record_live", f"A record of this person is live or held: {row.live_reason}")
        if row.group == 1 and (row.keep_until is None or now < row.keep_until):
            when = "their date of birth is not known" if row.keep_until is None else f"before {row.keep_until.date()}"
            refuse("group1_kept_to_100", f"Group 1 records are kept to the subject's 100th birthday ({when})",
                          rules.cite("groups.1"))
        made = RetentionDecision(person_id=person_id, decision="dispose", reason=reason, group=row.group,
                                 decided_by=actor, decided_at=now, state="pending",
                                 execute_after=now + timedelta(days=rules["disposal"]["cooling_off_days"]))
        session.add(made)
        row.state = DISPOSAL_PENDING
    else:
        raise DomainError("bad_decision", "The decision is keep or dispose")
    session.flush()
    record(session, "alteration", "retention_schedule", person_id, actor=actor,
           details={"decision": made.decision, "decision_id": made.id, "group": row.group,
                    "next_review_at": next_review_at.isoformat() if next_review_at else None,
                    "execute_after": made.execute_after.isoformat() if made.execute_after else None})
    return made


def cancel(session: Session, decision_id: int, actor: str) -> RetentionDecision:
    """Stop a pending disposal (the person is reviewed again as before)."""
    made = session.get(RetentionDecision, decision_id) if 0 < decision_id < 2 ** 31 else None
    if made is None:
        raise NotFound("unknown_decision", f"No retention decision {decision_id}")
    if made.state != "pending":
        raise Conflict("not_pending", f"Decision {decision_id} is {made.state}, not pending")
    made.state, made.closed_by, made.closed_at = "cancelled", actor, utcnow()
    row = session.get(RetentionSchedule, made.person_id)
    if row is not None:
        row.state = ACTIVE
    record(session, "alteration", "retention_schedule", made.person_id, actor=actor,
           details={"decision": "cancel_disposal", "decision_id": decision_id})
    session.flush()
    return made
