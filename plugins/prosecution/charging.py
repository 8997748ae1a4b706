"""Charging decisions: who charges (DG6), the police charge where DG6 allows it, the MG3
referral to the CPS built from what MiPS holds, and the prosecutor's answer.

A decision is asked once for a suspect and a case; DG6's answer (``dg6.decide``) is kept
with its reasons. A police charge of a case DG6 reserves to the CPS is refused with the
rule that reserves it. An MG3 carries the defendant from the one person record, the
offences as the rules read them, plea, venue, circumstances and DG6's reasons, plus the
officer's summary; the answer is charge (on the Full Code Test, or the Threshold Test
only where the suspect is to be kept in custody), no further action, or further evidence
(after which the case may be referred again). Services take the unit of work and never
commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core.kit import Author, Conflict, NotFound, UnitOfWork, next_number, persons, refuse, to_london, utcnow
from plugins.prosecution import dg6
from plugins.prosecution.journal import CHARGING as JOURNAL
from plugins.prosecution.models import (DECIDED, FOR_CPS, FOR_POLICE, FURTHER_EVIDENCE, REFERRED, ChargingDecision)

FULL_CODE, THRESHOLD = "full_code", "threshold"


@dataclass(frozen=True)
class Actor:
    """Who acts: their name and unit, and who they are to the persons facade."""

    username: str
    unit: str
    viewer: Any = persons.SYSTEM


def get(uow: UnitOfWork, decision_id: str, viewer: Any, *, lock: bool = False) -> ChargingDecision:
    """A decision whose suspect ``viewer`` may see; otherwise as if it did not exist."""
    stmt = select(ChargingDecision).where(ChargingDecision.id == decision_id)
    decision = uow.session.scalar(stmt.with_for_update() if lock else stmt)
    if decision is None or not persons.visible(uow, [decision.person_id], viewer):
        raise NotFound("unknown_charging_decision", f"No charging decision with id {decision_id!r}")
    uow.read_persons([decision.person_id])
    return decision


def ask(uow: UnitOfWork, actor: Actor, data: dict[str, Any]) -> ChargingDecision:
    """Ask who charges: DG6's answer with its reasons, kept as a charging decision."""
    person_id = persons.require(uow, data["person_id"], actor.viewer)
    result = dg6.decide(data["offences"], data["anticipated_plea"], data["likely_venue"], data.get("circumstances", []))
    now = utcnow()
    year = to_london(now).year
    decision = ChargingDecision(
        ref=f"CD/{year}/{next_number(uow, 'prosecution/charging', year):06d}", person_id=person_id,
        detention_id=data.get("detention_id"), custody_no=data.get("custody_no") or "", unit=actor.unit,
        offences=result.offences, plea=data["anticipated_plea"], venue=data["likely_venue"],
        circumstances=sorted(set(data.get("circumstances", []))), kept_in_custody=data.get("kept_in_custody", False),
        decider=result.decider, reasons=[r.as_dict() for r in result.reasons],
        state=FOR_POLICE if result.decider == dg6.POLICE else FOR_CPS, created_at=now, created_by=actor.username,
        entry_count=0, version=1)
    uow.session.add(decision)
    uow.session.flush()
    JOURNAL.append(uow, decision, Author(actor.username), "asked", now, text=data.get("summary", ""),
                   data=result.as_dict())
    return decision


def _not_decided(decision: ChargingDecision) -> None:
    if decision.state == DECIDED:
        refuse("already_decided", f"{decision.ref} is already decided ({decision.outcome} by the {decision.decided_by})",
               dg6.rules().cite("answers"), status=409)


def _test_allowed(decision: ChargingDecision, test: str) -> None:
    if test == THRESHOLD and not decision.kept_in_custody:
        refuse("threshold_test_not_available", "The Threshold Test applies only where the suspect is to be kept in "
                                               "custody", dg6.rules().cite("tests.threshold"))


def police_charge(uow: UnitOfWork, decision: ChargingDecision, actor: Actor, data: dict[str, Any]) -> Any:
    """The police charge, where DG6 gives them the decision; refused, with the rule that
    reserves it, where it does not."""
    _not_decided(decision)
    if decision.decider != dg6.POLICE:
        first = decision.reasons[0] if decision.reasons else {"said": "", "cite": dg6.rules().cite("cps_decides")}
        refuse("dg6_reserved_to_cps", f"The police may not charge {decision.ref}: {first['said']}", first["cite"])
    test = data.get("test", FULL_CODE)
    _test_allowed(decision, test)
    decision.state, decision.outcome, decision.test, decision.decided_by = DECIDED, "charge", test, dg6.POLICE
    return JOURNAL.append(uow, decision, Author(actor.username), "police_charge", data.get("at") or utcnow(),
                          text=data.get("rationale", ""),
                          data={"test": test, "cite": dg6.rules().cite(f"tests.{test}")})


def mg3(uow: UnitOfWork, decision: ChargingDecision, actor: Actor, data: dict[str, Any]) -> Any:
    """Refer the case to the CPS on an MG3 built from what MiPS holds, and the officer's summary."""
    _not_decided(decision)
    if decision.state == REFERRED:
        raise Conflict("already_referred", f"{decision.ref} is with the CPS: record its answer first")
    test = data.get("test_requested", FULL_CODE)
    _test_allowed(decision, test)
    form = {"form": "MG3", "ref": decision.ref, "defendant": persons.party(uow, decision.person_id),
            "custody_no": decision.custody_no, "offences": decision.offences, "anticipated_plea": decision.plea,
            "likely_venue": decision.venue, "circumstances": decision.circumstances,
            "kept_in_custody": decision.kept_in_custody, "dg6": {"decider": decision.decider, "reasons": decision.reasons},
            "test_requested": test, "summary": data["summary"], "officer": actor.username,
            "requested_at": (data.get("at") or utcnow()).isoformat()}
    decision.state = REFERRED
    return JOURNAL.append(uow, decision, Author(actor.username), "mg3_request", data.get("at") or utcnow(),
                          text=data["summary"], data={"mg3": form})


def answer(uow: UnitOfWork, decision: ChargingDecision, actor: Actor, data: dict[str, Any]) -> Any:
    """The prosecutor's answer to the MG3: charge (Full Code or Threshold Test), no further
    action, or further evidence (the case may then be referred again)."""
    _not_decided(decision)
    if decision.state != REFERRED:
        raise Conflict("not_referred", f"{decision.ref} has no MG3 awaiting an answer")
    outcome, test = data["outcome"], data.get("test")
    if outcome == "charge":
        if not test:
            refuse("test_needed", "Say which test the charge was decided on: full_code or threshold",
                   dg6.rules().cite("tests.full_code"))
        _test_allowed(decision, test)
    elif test:
        refuse("test_only_with_charge", "A test is given only with a decision to charge", dg6.rules().cite("answers"))
    if outcome == "further_evidence":
        decision.state = FURTHER_EVIDENCE
    else:
        decision.state, decision.outcome, decision.test, decision.decided_by = DECIDED, outcome, test, dg6.CPS
    cite = dg6.rules().cite(f"tests.{test}") if test else dg6.rules().cite("answers")
    return JOURNAL.append(uow, decision, Author(actor.username), "mg3_answer", data.get("at") or utcnow(),
                          text=data["rationale"],
                          data={"outcome": outcome, "test": test, "prosecutor": data["prosecutor"],
                                "charges": data.get("charges", []), "actions": data.get("actions", ""), "cite": cite})
