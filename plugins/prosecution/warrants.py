"""Warrants (EWMS's job): received from a court, circulated as wanted, then executed,
withdrawn or cancelled, from the cited ``rules/warrants.toml``.

A warrant stays in force until executed or withdrawn, so it is executed once: a second
execution, or one after withdrawal or cancellation, is refused with that rule. Execution
publishes ``prosecution.warrant_executed`` (arrested on warrant: to custody; backed for
bail: released on the endorsed terms), which custody may take to book the person in. When
custody books someone in on one of these warrants first (``custody.warrant_executed``), the
warrant is executed from that and nothing is refused: the event may come more than once.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.kit import (Author, Conflict, NotFound, ReceivedEvent, Rules, UnitOfWork, audit, load_rules, new_id,
                      next_number, persons, refuse, to_london, utcnow)
from plugins.prosecution.charging import Actor
from plugins.prosecution.events import WarrantExecuted
from plugins.prosecution.journal import MODULE
from plugins.prosecution.journal import WARRANT as JOURNAL
from plugins.prosecution.models import (CANCELLED, CIRCULATED, EXECUTED, OUTSTANDING, RECEIVED, WITHDRAWN, Warrant)

FUTURE_TOLERANCE = timedelta(minutes=2)


def rules() -> Rules:
    return load_rules(Path(__file__).with_name("rules") / "warrants.toml")


def get(uow: UnitOfWork, warrant_id: str, viewer: Any, *, lock: bool = False) -> Warrant:
    """A warrant whose subject ``viewer`` may see; otherwise as if it did not exist."""
    stmt = select(Warrant).where(Warrant.id == warrant_id)
    warrant = uow.session.scalar(stmt.with_for_update() if lock else stmt)
    if warrant is None or not persons.visible(uow, [warrant.person_id], viewer):
        raise NotFound("unknown_warrant", f"No warrant with id {warrant_id!r}")
    uow.read_persons([warrant.person_id])
    return warrant


def _not_future(at: datetime, what: str) -> None:
    if at > utcnow() + FUTURE_TOLERANCE:
        refuse("in_the_future", f"The {what} time {at.isoformat()} is in the future")


def receive(uow: UnitOfWork, actor: Actor, data: dict[str, Any]) -> Warrant:
    """A warrant received from a court: numbered, its subject resolved to the one person."""
    kinds = rules()["types"]
    kind = kinds.get(data["warrant_type"])
    if kind is None:
        refuse("unknown_warrant_type", f"{data['warrant_type']!r} is not a warrant MiPS keeps: one of "
                                       f"{', '.join(sorted(kinds))}", rules().cite("lifecycle.in_force_until"))
    endorsement = (data.get("endorsement") or "").strip() or None
    if kind["backed_for_bail"] and not endorsement:
        refuse("endorsement_needed", "A warrant backed for bail states its terms: give the endorsement",
               rules().cite("lifecycle.endorsement_when_backed"))
    if endorsement and not kind["backed_for_bail"]:
        refuse("not_backed_for_bail", f"A {kind['title'].lower()} warrant is not backed for bail: no endorsement",
               rules().cite(f"types.{data['warrant_type']}"))
    _not_future(data["issued_at"], "issue")
    if data.get("person_id"):
        person_id = persons.require(uow, data["person_id"], actor.viewer)
    else:
        person_id = persons.resolve_or_create(uow, data["person"], system=MODULE, key=f"{MODULE}:warrant:{new_id()}",
                                              viewer=actor.viewer).person_id
    now = utcnow()
    year = to_london(now).year
    warrant = Warrant(warrant_no=f"WA/{year}/{next_number(uow, 'prosecution/warrant', year):06d}", person_id=person_id,
                      warrant_type=data["warrant_type"], court=data["court"], court_ref=data.get("court_ref") or "",
                      issued_at=data["issued_at"], received_at=now, reason=data.get("reason") or "",
                      endorsement=endorsement, state=RECEIVED, unit=actor.unit, entry_count=0, version=1)
    uow.session.add(warrant)
    uow.session.flush()
    JOURNAL.append(uow, warrant, Author(actor.username), "received", now, text=warrant.reason,
                   data={"warrant_type": warrant.warrant_type, "court": warrant.court,
                         "cite": rules().cite(f"types.{warrant.warrant_type}")})
    return warrant


def _in_force(warrant: Warrant, act: str) -> None:
    """Only a warrant still in force can be acted on; say why not, with the rule."""
    if warrant.state in OUTSTANDING:
        return
    code = {EXECUTED: "warrant_already_executed", WITHDRAWN: "warrant_withdrawn", CANCELLED: "warrant_cancelled"}[warrant.state]
    refuse(code, f"{warrant.warrant_no} was {warrant.state}: it cannot be {act}", rules().cite("lifecycle.in_force_until"),
           status=409)


def circulate(uow: UnitOfWork, warrant: Warrant, actor: Actor, data: dict[str, Any]) -> Any:
    """Circulated as wanted (on the PNC)."""
    _in_force(warrant, "circulated")
    if warrant.state == CIRCULATED:
        raise Conflict("already_circulated", f"{warrant.warrant_no} is already circulated")
    warrant.state = CIRCULATED
    return JOURNAL.append(uow, warrant, Author(actor.username), "circulated", data.get("at") or utcnow(),
                          text=data.get("text", ""), data={"cite": rules().cite("lifecycle.circulate_on_receipt")})


def execute(uow: UnitOfWork, warrant: Warrant, actor: Actor, data: dict[str, Any], *, custody_no: str = "") -> Any:
    """Executed: arrested on the warrant (to custody), or released on the endorsed bail."""
    _in_force(warrant, "executed")
    at = data.get("at") or utcnow()
    _not_future(at, "execution")
    if at < warrant.issued_at:
        refuse("before_issue", "A warrant cannot be executed before it was issued", rules().cite("lifecycle.in_force_until"))
    kind = rules()["types"][warrant.warrant_type]
    outcome = "released_on_bail" if kind["backed_for_bail"] else "to_custody"
    was = warrant.state
    warrant.state, warrant.executed_at, warrant.outcome, warrant.custody_no = EXECUTED, at, outcome, custody_no
    entry = JOURNAL.append(uow, warrant, Author(actor.username), "executed", at, text=data.get("text", ""),
                           data={"outcome": outcome, "place": data.get("place", ""), "custody_no": custody_no,
                                 "endorsement": warrant.endorsement, "circulation_cleared": was == CIRCULATED,
                                 "cite": rules().cite(f"types.{warrant.warrant_type}")})
    uow.emit(WarrantExecuted(warrant_id=warrant.id, warrant_no=warrant.warrant_no, person_id=warrant.person_id,
                             warrant_type=warrant.warrant_type, court=warrant.court, executed_at=at.isoformat(),
                             outcome=outcome, backed_for_bail=kind["backed_for_bail"], endorsement=warrant.endorsement,
                             place=data.get("place", ""), custody_no=custody_no, actor=actor.username,
                             unit=actor.unit or warrant.unit))
    return entry


def withdraw(uow: UnitOfWork, warrant: Warrant, actor: Actor, data: dict[str, Any]) -> Any:
    """Withdrawn by the court that issued it: no longer in force."""
    _in_force(warrant, "withdrawn")
    warrant.state = WITHDRAWN
    return JOURNAL.append(uow, warrant, Author(actor.username), "withdrawn", data.get("at") or utcnow(),
                          text=data["reason"], data={"cite": rules().cite("lifecycle.in_force_until")})


def cancel(uow: UnitOfWork, warrant: Warrant, actor: Actor, data: dict[str, Any]) -> Any:
    """Cancelled (issued in error, a duplicate): no longer in force."""
    _in_force(warrant, "cancelled")
    warrant.state = CANCELLED
    return JOURNAL.append(uow, warrant, Author(actor.username), "cancelled", data.get("at") or utcnow(),
                          text=data["reason"], data={"cite": rules().cite("lifecycle.in_force_until")})


def on_custody_booking(uow: UnitOfWork, event: ReceivedEvent) -> None:
    """Custody booked someone in on a warrant (``custody.warrant_executed`` v1): execute it
    if it is one of ours and still in force; otherwise note what happened, refuse nothing."""
    warrant = uow.session.scalar(select(Warrant).where(Warrant.warrant_no == event.warrant_no).with_for_update())
    if warrant is None:
        return  # not a warrant MiPS keeps (an EWMS one not migrated yet)
    actor = Actor(f"custody:{event.actor}", event.unit or "")
    if warrant.state in OUTSTANDING:
        execute(uow, warrant, actor, {"at": datetime.fromisoformat(event.executed_at),
                                      "text": f"Booked into custody ({event.custody_no})"}, custody_no=event.custody_no)
    elif warrant.state == EXECUTED and not warrant.custody_no:
        warrant.custody_no = event.custody_no
        JOURNAL.append(uow, warrant, Author(actor.username), "booked_in", datetime.fromisoformat(event.executed_at),
                       data={"custody_no": event.custody_no})
    elif warrant.state != EXECUTED:
        JOURNAL.append(uow, warrant, Author(actor.username), "arrest_on_inactive_warrant",
                       datetime.fromisoformat(event.executed_at),
                       text=f"Booked into custody ({event.custody_no}) on a warrant that was {warrant.state}",
                       data={"custody_no": event.custody_no, "cite": rules().cite("lifecycle.in_force_until")})
        audit.alteration(uow, "warrant", warrant.id, module=MODULE, details={"custody_no": event.custody_no})
