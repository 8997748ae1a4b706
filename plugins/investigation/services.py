"""Recording a crime to the counting rules, and the registrar's decisions on it.

A report (``record``) is checked (dates, classification valid on the day, the victims the
classification needs), the counting rules decide how many crimes it makes and of what
(``hocr.py``: principal crime, one crime per victim, N100), each crime is numbered
(``CR/2026/0000001``), its people resolved to the one MiPS person, its history started
with the decisions that made it, and ``investigation.crime_recorded`` raised. A
re-classification or a cancellation is a new entry on that history, by the registrar,
with its reason. Services take the unit of work and never commit.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from core.kit import (Author, Conflict, NotFound, UnitOfWork, audit, ingest, new_id, next_number, persons, refuse,
                      to_london, utcnow)
from plugins.investigation import hocr
from plugins.investigation.events import CrimeRecorded
from plugins.investigation.journal import JOURNAL
from plugins.investigation.models import CANCELLED, INCIDENT, RECORDED, Crime, CrimeParty

MODULE = "investigation"
ROLES = ("victim", "witness", "suspect")
FUTURE_TOLERANCE = timedelta(minutes=2)


class Actor:
    """Who acts: their name and unit, and who they are to the persons facade."""

    def __init__(self, username: str, unit: str, viewer: Any = persons.SYSTEM):
        self.username, self.unit, self.viewer = username, unit, viewer


def get(uow: UnitOfWork, crime_id: str, *, lock: bool = False) -> Crime:
    stmt = select(Crime).where(Crime.id == crime_id)
    crime = uow.session.scalar(stmt.with_for_update() if lock else stmt)
    if crime is None:
        raise NotFound("unknown_crime", f"No crime with id {crime_id!r}")
    return crime


def parties_of(uow: UnitOfWork, crime_ids: list[str]) -> dict[str, list[CrimeParty]]:
    out: dict[str, list[CrimeParty]] = {c: [] for c in crime_ids}
    for party in uow.session.scalars(select(CrimeParty).where(CrimeParty.crime_id.in_(crime_ids)).order_by(CrimeParty.id)):
        out[party.crime_id].append(party)
    return out


def _check_times(data: dict[str, Any]) -> None:
    now = utcnow() + FUTURE_TOLERANCE
    occurred_from, occurred_to, reported = data["occurred_from"], data.get("occurred_to"), data["reported_at"]
    for what, at in (("occurred", occurred_from), ("reported", reported)):
        if at > now:
            refuse("in_the_future", f"The {what} time {at.isoformat()} is in the future")
    if occurred_to is not None and occurred_to < occurred_from:
        refuse("occurred_order", "The crime cannot end before it began")
    if reported < occurred_from:
        refuse("reported_before_occurred", "A crime cannot be reported before it happened")


def _person(uow: UnitOfWork, actor: Actor, party: dict[str, Any], key: str) -> str:
    if party.get("person_id"):
        return persons.require(uow, party["person_id"], actor.viewer)
    if party.get("mention"):  # handed over by an adapter: the person the bridge resolved the mention to
        return ingest.person_of_mention(uow, party["mention"], party["person"])
    return persons.resolve_or_create(uow, party["person"], system=MODULE, key=key, viewer=actor.viewer).person_id


def record(uow: UnitOfWork, actor: Actor, data: dict[str, Any], source: dict[str, str] | None = None
           ) -> tuple[list[Crime], list[hocr.Decision]]:
    """Record a reported crime: the crimes it makes under the counting rules, and why."""
    _check_times(data)
    on = to_london(data["occurred_from"]).date()
    spec, decisions = hocr.principal(data["offences"], on)
    spec, more = hocr.unconfirmed_rape(spec, data.get("confirmed", True), on)
    decisions += more
    victims = [p for p in data.get("parties", []) if p["role"] == "victim"]
    others = [p for p in data.get("parties", []) if p["role"] != "victim"]
    decisions += hocr.victims_needed(spec, victims, data.get("victim_organisation", ""))
    incident = (source or {}).get("key") or new_id()  # the report: its crimes share it
    recorded_at = utcnow()
    standard = timedelta(hours=hocr.counting()["recording"]["within_hours"])
    within = None if source else recorded_at - data["reported_at"] <= standard  # a migrated crime's recording time is not known
    year = to_london(recorded_at).year
    other_ids = [(p, _person(uow, actor, p, f"{MODULE}:{incident}:{p['role']}:{i}")) for i, p in enumerate(others)]
    crimes = []
    for n, victim in enumerate(victims if spec["victim"] == hocr.PERSON else [None]):
        victim_id = _person(uow, actor, victim, f"{MODULE}:{incident}:victim:{n}") if victim else None
        crime = Crime(crime_ref=f"CR/{year}/{next_number(uow, 'investigation/crime', year):07d}", incident_ref=incident,
                      classification=spec["code"], state=INCIDENT if spec["code"] == "N100" else RECORDED,
                      restricted=bool(spec.get("restricted")), occurred_from=data["occurred_from"],
                      occurred_to=data.get("occurred_to"), place=data.get("place", ""), postcode=data.get("postcode"),
                      reported_at=data["reported_at"], reported_how=data.get("reported_how", ""),
                      recorded_at=recorded_at, recorded_by=actor.username, within_standard=within, unit=actor.unit,
                      account=data.get("account", ""),
                      victim_person_id=victim_id, victim_organisation=data.get("victim_organisation", ""),
                      source_system=(source or {}).get("system", "mips"),
                      source_key=f"{(source or {}).get('key', incident)}#{n}", entry_count=0, version=1)
        uow.session.add(crime)
        uow.session.flush()
        parties = ([(victim_id, "victim", "")] if victim_id else []) + [
            (pid, p["role"], p.get("suspect_status", "named" if p["role"] == "suspect" else "")) for p, pid in other_ids]
        for person_id, role, status in parties:
            uow.session.add(CrimeParty(crime_id=crime.id, person_id=person_id, role=role, suspect_status=status))
        JOURNAL.append(uow, crime, Author(actor.username), "recorded", recorded_at, text=data.get("account", ""),
                       data={"classification": spec["code"], "name": spec["name"], "cite": spec["cite"],
                             "decisions": [d.as_dict() for d in decisions],
                             "offences_reported": list(data["offences"])}
                       | ({"original": data["original"]} if data.get("original") else {}))
        uow.emit(CrimeRecorded(crime_id=crime.id, crime_ref=crime.crime_ref, classification=crime.classification,
                               parties=[{"person_id": pid, "role": role} for pid, role, _ in parties],
                               actor=actor.username, unit=actor.unit))
        crimes.append(crime)
    return crimes, decisions


def reclassify(uow: UnitOfWork, crime: Crime, actor: Actor, data: dict[str, Any]) -> Any:
    """The registrar re-classifies a crime: the old classification stays in its history."""
    if crime.state == CANCELLED:
        raise Conflict("crime_cancelled", f"{crime.crime_ref} is cancelled")
    spec = hocr.classification(data["classification"], to_london(crime.occurred_from).date())
    if spec["code"] == crime.classification:
        raise Conflict("same_classification", f"{crime.crime_ref} is already {spec['code']}")
    was = crime.classification
    crime.classification, crime.restricted = spec["code"], bool(spec.get("restricted"))
    crime.state = INCIDENT if spec["code"] == "N100" else RECORDED
    return JOURNAL.append(uow, crime, Author(actor.username, "registrar"), "reclassified", utcnow(), text=data["reason"],
                          data={"from": was, "to": spec["code"], "name": spec["name"], "cite": spec["cite"]})


def cancel(uow: UnitOfWork, crime: Crime, actor: Actor, data: dict[str, Any]) -> Any:
    """The registrar cancels a crime for one of the HOCR reasons, with the evidence: it
    leaves the counts and stays on record."""
    if crime.state == CANCELLED:
        raise Conflict("crime_cancelled", f"{crime.crime_ref} is already cancelled")
    reason = hocr.cancellation_reason(data["reason"])
    crime.state = CANCELLED
    return JOURNAL.append(uow, crime, Author(actor.username, "registrar"), "cancelled", utcnow(), text=data["evidence"],
                          data={"reason": reason["code"], "reason_text": reason["text"], "cite": reason["cite"]})


def take(uow: UnitOfWork, document: dict[str, Any], source: dict[str, str]) -> str:
    """``investigation.crime`` v1 from a legacy system (CRIS): the first crime it made."""
    from plugins.investigation.schemas import CrimeIn

    found = uow.session.scalar(select(Crime.id).where(Crime.source_system == source["system"],
                                                      Crime.source_key.like(f"{source['key']}#%")).order_by(Crime.crime_ref))
    if found:
        return found
    crimes, _ = record(uow, Actor(f"migration:{source['system']}", ""), ingest.validate(CrimeIn(), document), source)
    audit.collection(uow, "crime", crimes[0].id, module=MODULE, details={"migrated_from": source["system"]})
    return crimes[0].id
