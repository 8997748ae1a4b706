"""What happens to a detention, from booking in to release, as entries on its custody record.

Every act locks the detention row (so concurrent writers queue and entries keep their
order), checks what PACE and common sense demand (arrival after arrest, no check in the
future, no second open detention, the right rank, not involved in the case), appends one
entry and updates the detention's current state. Services never commit: the resource
layer does, so an act is all written or not at all.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.kit import Author, Conflict, NotFound, UnitOfWork, persons, refuse, utcnow
from plugins.custody import after, care, clock, pace
from plugins.custody.events import ChargeRaised, WarrantExecuted
from plugins.custody.journal import JOURNAL
from plugins.custody.models import CLOSED, OPEN, CustodyEntry, Detention
from plugins.custody.numbers import next_number

MODULE = "custody"


class Actor:
    """Who is acting, with the custody role and PACE rank their roles give them, and who
    they are to the persons facade (``viewer``: the signed-in principal, or the kit's
    ``persons.SYSTEM`` for the demo and migrations)."""

    def __init__(self, username: str, unit: str, role: str, rank: str, viewer: Any = persons.SYSTEM):
        self.username, self.unit, self.role, self.rank, self.viewer = username, unit, role, rank, viewer

    @property
    def author(self) -> Author:
        return Author(self.username, self.role)


def get(uow: UnitOfWork, detention_id: str, *, lock: bool = False, hidden: Any = None) -> Detention:
    """The detention (locked when the caller is about to write to it); one whose detainee
    is among ``hidden`` (:func:`core.kit.persons.hidden_ids`) answers as one that does not exist."""
    stmt = select(Detention).where(Detention.id == detention_id)
    if hidden is not None:
        stmt = stmt.where(Detention.person_id.not_in(hidden))
    det = uow.session.scalar(stmt.with_for_update() if lock else stmt)
    if det is None:
        raise NotFound("unknown_detention", f"No detention with id {detention_id!r}")
    return det


def entries_of(uow: UnitOfWork, detention_ids: list[str], kinds: tuple[str, ...] | None = None) -> dict[str, list[CustodyEntry]]:
    return JOURNAL.entries_of(uow, detention_ids, kinds)


def append(uow: UnitOfWork, det: Detention, actor: Actor, kind: str, at: datetime, *, text: str = "",
           data: dict[str, Any] | None = None, corrects: int | None = None) -> CustodyEntry:
    """One more line on the custody record (the detention must be locked by the caller)."""
    return JOURNAL.append(uow, det, actor.author, kind, at, text=text, data=data, corrects=corrects)


_refuse = refuse


def _not_future(at: datetime, what: str) -> None:
    if at > utcnow() + care.future_tolerance():
        _refuse("in_the_future", f"The {what} time {at.isoformat()} is in the future")


def _open(det: Detention) -> None:
    if det.state == CLOSED:
        raise Conflict("detention_closed", f"Detention {det.custody_no} has ended ({det.outcome})")


def _not_before_arrival(det: Detention, at: datetime, what: str) -> None:
    if at < det.arrival_at:
        _refuse("before_arrival", f"The {what} time is before the detainee arrived ({det.arrival_at.isoformat()})")


def _when(det: Detention, data: dict[str, Any], what: str) -> datetime:
    """When an act on an open detention happened (now unless given): never in the future,
    never before the detainee arrived."""
    _open(det)
    at = data.get("at") or utcnow()
    _not_future(at, what)
    _not_before_arrival(det, at, what)
    return at


# -- booking in ----------------------------------------------------------------

def book_in(uow: UnitOfWork, actor: Actor, data: dict[str, Any]) -> tuple[Detention, persons.Resolved | None]:
    """Arrival at the suite: resolve the detainee to the one person, number the record."""
    arrest_at, arrival_at = data["arrest_at"], data.get("arrival_at") or utcnow()
    if arrival_at < arrest_at:
        _refuse("arrival_before_arrest", "Arrival at the custody suite cannot come before the arrest")
    _not_future(arrival_at, "arrival")
    _not_future(arrest_at, "arrest")
    case = data.get("case", "usual")
    if case in ("other_force_area", "outside_england_and_wales") and not data.get("arrival_in_area_at"):
        _refuse("arrival_in_area_needed", "Give the time of arrival at the first station in the force area investigating",
                "PACE 1984 s.41(2)(a), (b)")
    if case == "outside_england_and_wales" and not data.get("entered_england_wales_at"):
        _refuse("entry_time_needed", "Give the time the detainee entered England and Wales", "PACE 1984 s.41(2)(b)")
    custody_no = next_number(uow, data["suite"], arrival_at)
    resolution = None
    if data.get("person_id"):
        person_id = persons.require(uow, data["person_id"], actor.viewer)
    else:
        resolution = persons.resolve_or_create(uow, data["person"], system=MODULE, key=f"{MODULE}:{custody_no}:detainee",
                                               viewer=actor.viewer)
        person_id = resolution.person_id
    _no_other_open(uow, person_id)
    det = Detention(custody_no=custody_no, suite=data["suite"], person_id=person_id, state=OPEN, arrest_at=arrest_at,
                    arrest_place=data.get("arrest_place", ""), arresting_officer=data.get("arresting_officer", ""),
                    officer_in_case=data.get("officer_in_case", ""), grounds=data.get("grounds", ""),
                    offences=data.get("offences", []), warrant_no=data.get("warrant_no"), arrival_at=arrival_at,
                    case=case, arrival_in_area_at=data.get("arrival_in_area_at"),
                    entered_england_wales_at=data.get("entered_england_wales_at"), unit=actor.unit,
                    created_by=actor.username, entry_count=0, version=1)
    uow.session.add(det)
    try:
        uow.session.flush()
    except IntegrityError:  # another booking for the same person won the race
        raise Conflict("already_detained", "This person is already in custody (one open detention per person)") from None
    append(uow, det, actor, "arrival", arrival_at, text=data.get("grounds", ""),
           data={"arrest_at": arrest_at.isoformat(), "arrest_place": det.arrest_place,
                 "arresting_officer": det.arresting_officer, "offences": det.offences, "case": case,
                 "warrant_no": det.warrant_no})
    if det.warrant_no:
        uow.emit(WarrantExecuted(warrant_no=det.warrant_no, person_id=person_id, custody_no=custody_no,
                             executed_at=arrest_at, actor=actor.username, unit=actor.unit))
    return det, resolution


def _no_other_open(uow: UnitOfWork, person_id: str) -> None:
    other = uow.session.scalar(select(Detention.custody_no).where(Detention.person_id == person_id, Detention.state == OPEN))
    if other:
        raise Conflict("already_detained", f"This person is already in custody under {other}", {"custody_no": other})


# -- the custody officer's decisions ------------------------------------------

def decide(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """Authorise detention (PACE s.37) or refuse it (the detainee is released)."""
    at = _when(det, data, "decision")
    if det.decision != "pending":
        raise Conflict("already_decided", f"Detention was already {det.decision} by {det.authorised_by}")
    authorise = data["decision"] == "authorise"
    det.decision = "authorised" if authorise else "refused"
    det.authorised_at, det.authorised_by = (at, actor.username) if authorise else (None, actor.username)
    entry = append(uow, det, actor, "authorised" if authorise else "refused", at, text=data.get("reason", ""),
                   data={"grounds": data.get("reason", ""), "cite": "PACE 1984 s.37(2), (3)"})
    if not authorise:
        _close(uow, det, actor, at, "refused_detention", "Detention refused: released")
    return entry


def log_check(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """A visit or check (and rousing) by a detention officer (PACE Code C 9.3)."""
    at = _when(det, data, "check")
    det.last_check_at = max(filter(None, [det.last_check_at, at]))
    return append(uow, det, actor, "check", at, text=data.get("observation", ""),
                  data={"roused": data.get("roused", False), "condition": data.get("condition", "")})


def risk_assessment(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    at = _when(det, data, "risk assessment")
    plan = care.schedule(data["observation_level"], data.get("intoxicated", False))
    det.observation_level, det.intoxicated = plan.level, plan.rousing
    return append(uow, det, actor, "risk_assessment", at, text=data.get("notes", ""),
                  data={"observation_level": plan.level, "level_name": plan.name, "intoxicated": plan.rousing,
                        "check_every_minutes": int(plan.every.total_seconds() // 60), "continuous": plan.continuous,
                        "cite": plan.cite, "risks": data.get("risks", [])})


def review(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """A PACE s.40 review: by an inspector or above not involved in the case (before charge)."""
    at = _when(det, data, "review")
    involved = actor.username in {det.arresting_officer, det.officer_in_case}
    if involved:
        _refuse("involved_officer", "The review officer must not be directly involved in the investigation",
                "PACE 1984 s.40(1)(b)", status=403)
    entries = entries_of(uow, [det.id], clock.PACE_KINDS)[det.id]
    charged = any(e.kind == "charge" for e in clock.effective(entries))
    try:
        pace.check_review(clock.pace_detention(det, entries), pace.Review(at=at, rank=actor.rank), charged=charged)
    except pace.PaceError as exc:
        _refuse("review_refused", str(exc), exc.cite, status=403)
    decision = data.get("decision", "continue")
    return append(uow, det, actor, "review", at, text=data.get("notes", ""),
                  data={"rank": actor.rank, "decision": decision, "representations": data.get("representations", "")})


def review_after_charge(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """After charge the custody officer reviews continued detention (PACE s.40(1)(a)), at
    the same intervals; before charge this is an inspector's job."""
    at = _when(det, data, "review")
    entries = entries_of(uow, [det.id], clock.PACE_KINDS)[det.id]
    if not any(e.kind == "charge" and e.at <= at for e in clock.effective(entries)):
        _refuse("not_charged", "Before charge, detention is reviewed by an inspector not involved in the case",
                "PACE 1984 s.40(1)(b)", status=403)
    return append(uow, det, actor, "review", at, text=data.get("notes", ""),
                  data={"rank": actor.rank, "decision": data.get("decision", "continue"), "after_charge": True,
                        "cite": "PACE 1984 s.40(1)(a)"})


def extend(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """A superintendent's extension (PACE s.42): to a time up to 36 hours after the relevant
    time, or a shorter period that a further authorisation may top up to 36 (s.42(2))."""
    at = _when(det, data, "extension")
    entries = entries_of(uow, [det.id], clock.PACE_KINDS)[det.id]
    extension = pace.Extension("superintendent", at, rank=actor.rank, hours=data.get("to_hours"))
    try:
        pace.check_extension(clock.pace_detention(det, entries), extension)
    except pace.PaceError as exc:
        _refuse("extension_refused", str(exc), exc.cite)
    return append(uow, det, actor, "extension", at, text=data.get("grounds", ""),
                  data={"rank": actor.rank, "to_hours": pace.superintendent_hours(extension)})


def court_warrant(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """A magistrates' warrant of further detention or its extension (PACE s.43, s.44)."""
    at = _when(det, data, "warrant")
    kind = data.get("kind", "warrant")
    entries = entries_of(uow, [det.id], clock.PACE_KINDS)[det.id]
    try:
        pace.check_extension(clock.pace_detention(det, entries), pace.Extension(kind, at, hours=data["hours"]))
    except pace.PaceError as exc:
        _refuse("warrant_refused", str(exc), exc.cite)
    return append(uow, det, actor, "warrant", at, text=data.get("court", ""),
                  data={"warrant_kind": kind, "hours": data["hours"], "court": data.get("court", "")})


def rights(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """Rights and entitlements given, legal advice requested or declined (PACE Code C 3.1-3.5, s.58)."""
    at = _when(det, data, "rights")
    answers = {k: v for k, v in data.items() if k != "at"}
    said = "legal advice requested" + (f" ({answers['solicitor']})" if answers.get("solicitor") else "") \
        if answers["legal_advice_requested"] else "legal advice declined"
    return append(uow, det, actor, "rights", at, text=f"Rights and entitlements given; {said}",
                  data=answers | {"cite": "PACE Code C 3.1-3.5; PACE 1984 s.56, s.58"})


#: Entries a custody officer writes with no rule beyond the record's own order.
PLAIN_KINDS = ("rights", "cell", "property", "visit", "interview", "hospital_out", "hospital_back",
               "hospital_questioning", "note")


def plain_entry(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """Rights and legal advice, cell, property, visits, interviews, hospital, notes."""
    kind = data["kind"]
    at = _when(det, data, kind.replace("_", " "))
    payload = dict(data.get("data") or {})
    if kind == "cell":
        det.cell = str(payload.get("cell", ""))
    elif kind == "hospital_out":
        if det.in_hospital:
            raise Conflict("already_in_hospital", "The detainee is already recorded as in hospital")
        det.in_hospital = True
    elif kind == "hospital_back":
        if not det.in_hospital:
            raise Conflict("not_in_hospital", "The detainee is not recorded as in hospital")
        det.in_hospital = False
    elif kind == "hospital_questioning":
        payload["until"] = _questioning_until(at, payload.get("until"))
    return append(uow, det, actor, kind, at, text=data.get("text", ""), data=payload)


def _questioning_until(start: datetime, until: Any) -> str:
    """When questioning in hospital (or on the way) ended: the only hospital time that
    counts toward the detention clock (PACE s.41(6))."""
    try:
        end = datetime.fromisoformat(str(until))
    except ValueError:
        end = None
    if end is None or end.tzinfo is None:
        _refuse("questioning_end_needed", "Say when the questioning ended (data.until, a time with its zone)",
                "PACE 1984 s.41(6)")
    if end <= start:
        _refuse("questioning_end_before_start", "Questioning must end after it started", "PACE 1984 s.41(6)")
    _not_future(end, "questioning end")
    return end.isoformat()


def correct(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """A correction is a new entry naming the one it corrects; the original stays as written."""
    target = JOURNAL.entry(uow, det.id, data["corrects"])
    if target is None or target.kind == "correction":
        raise NotFound("unknown_entry", f"No entry {data['corrects']} to correct on {det.custody_no}")
    at = data.get("at") or target.at
    _not_future(at, "corrected")
    entry = append(uow, det, actor, "correction", at, text=data["reason"], corrects=target.seq,
                   data={"void": data.get("void", False), "data": data.get("data") or {}, "reason": data["reason"]})
    if target.kind == "check":  # the detention's last check follows the corrected record
        checks = [e.at for e in clock.effective(entries_of(uow, [det.id], ("check", "correction"))[det.id])
                  if e.kind == "check"]
        det.last_check_at = max(checks, default=None)
    return entry


# -- the end -------------------------------------------------------------------

def charge(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """Charge (PACE s.37(7)(d)): recorded, and raised as an event so the case file is
    prepared without re-keying (by the prosecution module, or pushed into COPA)."""
    at = _when(det, data, "charge")
    if det.decision != "authorised":
        raise Conflict("not_authorised", "Detention must be authorised before a charge")
    offences = data.get("offences") or det.offences
    if not offences:
        _refuse("no_offences", "Name the offences charged")
    entry = append(uow, det, actor, "charge", at, text=data.get("wording", ""),
                   data={"offences": offences, "cite": "PACE 1984 s.37(7)(d)"})
    uow.emit(ChargeRaised(person_id=det.person_id, detention_id=det.id, custody_no=det.custody_no, suite=det.suite,
                          charged_at=at, offences=offences, defendant=persons.party(uow, det.person_id),
                          actor=actor.username, unit=det.unit or actor.unit))
    return entry


def release(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    at = _when(det, data, "release")
    charged = uow.session.scalar(select(CustodyEntry.id).where(CustodyEntry.detention_id == det.id,
                                                               CustodyEntry.kind == "charge").limit(1))
    outcome = data.get("outcome") or ("charged" if charged else None)
    if outcome is None:
        _refuse("outcome_needed", "Say how the detention ends: charged, bailed, released under investigation, "
                                  "no further action or transferred")
    if outcome == "charged" and not charged:
        raise Conflict("not_charged", "Record the charge before releasing as charged")
    extra: dict[str, Any] = {}
    if outcome == "bailed" and not charged:  # pre-charge bail: the applicable bail period starts
        due = after.initial_bail(at)
        det.bail_until = due.at
        extra = {"bail_until": due.at.isoformat(), "cite": due.cite}
    return _close(uow, det, actor, at, outcome, data.get("text", ""), extra)


def extend_bail(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """Extend pre-charge bail: to 6 months by an inspector, to 9 by a superintendent, beyond
    only by a court (the rule file's steps, each cited)."""
    if det.bail_until is None or det.released_at is None:
        raise Conflict("not_on_bail", f"{det.custody_no} did not end in pre-charge bail")
    at = data.get("at") or utcnow()
    _not_future(at, "bail extension")
    try:
        due = after.bail_extension(det.released_at, det.bail_until, actor.rank)
    except pace.PaceError as exc:
        _refuse("bail_extension_refused", str(exc), exc.cite, status=403 if "or above" in str(exc) else 422)
    if at > det.bail_until:
        _refuse("bail_ended", "Bail has already ended: it can no longer be extended", due.cite)
    det.bail_until = due.at
    return append(uow, det, actor, "bail_extended", at, text=data.get("grounds", ""),
                  data={"bail_until": due.at.isoformat(), "rank": actor.rank, "cite": due.cite})


# -- delaying rights (PACE s.56, s.58) ----------------------------------------------

def delay_rights(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """An inspector's authority to delay having someone informed, or legal advice: only for
    an indictable offence, never beyond 36 hours from the relevant time."""
    at = _when(det, data, "delay")
    rule = pace.rules()["rights_delay"]
    if not pace.rank_at_least(actor.rank, rule["min_rank"]):
        _refuse("rank_needed", f"Only an officer of the rank of {rule['min_rank']} or above may delay a right",
                rule["min_rank_cite"], status=403)
    if rule["indictable_only"] and not any(o.get("indictable") for o in det.offences or []):
        _refuse("not_indictable", "A right may be delayed only for an indictable offence", rule["indictable_only_cite"])
    entries = entries_of(uow, [det.id], clock.PACE_KINDS)[det.id]
    start, _ = pace.relevant_time(clock.pace_detention(det, entries))
    ends = after.rights_delay_ends(start)
    if at >= ends.at:
        _refuse("delay_too_late", "The 36 hours in which a right may be delayed have passed", ends.cite)
    if data["right"] in after.open_delays(entries):
        raise Conflict("already_delayed", f"{after.RIGHTS[data['right']].capitalize()} is already delayed")
    return append(uow, det, actor, "rights_delayed", at, text=data["grounds"],
                  data={"right": data["right"], "rank": actor.rank, "until": ends.at.isoformat(), "cite": ends.cite})


def end_rights_delay(uow: UnitOfWork, det: Detention, actor: Actor, data: dict[str, Any]) -> CustodyEntry:
    """The delayed right is given: the grounds no longer apply, or the 36 hours are up."""
    at = _when(det, data, "end of the delay")
    entries = entries_of(uow, [det.id], ("rights_delayed", "rights_delay_ended"))[det.id]
    if data["right"] not in after.open_delays(entries):
        raise Conflict("not_delayed", f"{after.RIGHTS[data['right']].capitalize()} is not delayed")
    return append(uow, det, actor, "rights_delay_ended", at, text=data.get("text", ""), data={"right": data["right"]})


def _close(uow: UnitOfWork, det: Detention, actor: Actor, at: datetime, outcome: str, text: str,
           extra: dict[str, Any] | None = None) -> CustodyEntry:
    det.state, det.outcome, det.released_at, det.in_hospital = CLOSED, outcome, at, False
    return append(uow, det, actor, "release", at, text=text, data={"outcome": outcome, **(extra or {})})
