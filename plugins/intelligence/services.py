"""Intelligence reports: submitted graded 3x5x2, evaluated and sanitised by the
intelligence unit, disseminated only once sanitised; warning markers raised from them.

Every check comes before the first write (grades, conditions, the source), so a refused
report leaves nothing behind; the unit of work rolls back whatever a later refusal
interrupts. Services take the unit of work and never commit.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from core.kit import (Author, Conflict, NotFound, UnitOfWork, audit, ingest, new_id, next_number, persons, push,
                      refuse, to_london, utcnow)
from plugins.intelligence import grading
from plugins.intelligence.events import MarkerRaised, ReportSubmitted
from plugins.intelligence.journal import JOURNAL
from plugins.intelligence.models import (DISSEMINATED, SANITISED, SUBMITTED, RaisedMarker, Report, ReportItem,
                                         ReportSubject, Source)

MODULE = "intelligence"

#: An officer already looking at a person is told of a marker raised on them (the page
#: reloads its markers); anyone who may read persons may listen, as markers are shown to all.
PERSON = push.channel("intelligence.person", domain="core", obj="persons", act="read")


def person_channel(person_id: str) -> str:
    return f"{PERSON.prefix}.{person_id}"


class Actor:
    """Who acts: their name and unit, and who they are to the persons facade."""

    def __init__(self, username: str, unit: str, viewer: Any = persons.SYSTEM):
        self.username, self.unit, self.viewer = username, unit, viewer


# -- sources -----------------------------------------------------------------

def register_source(uow: UnitOfWork, actor: Actor, data: dict[str, Any]) -> Source:
    """Register a source under its reference (the source unit's register)."""
    kind = grading.source_type(data["type"])
    if uow.session.scalar(select(Source.id).where(Source.reference == data["reference"])):
        raise Conflict("source_exists", f"A source {data['reference']!r} is already registered")
    source = Source(reference=data["reference"], kind=data["type"], covert=bool(kind["covert"]),
                    name=data.get("name", ""), created_by=actor.username)
    uow.session.add(source)
    uow.session.flush()
    audit.collection(uow, "intelligence_source", source.id, module=MODULE, details={"reference": source.reference})
    return source


def _source(uow: UnitOfWork, actor: Actor, given: dict[str, Any]) -> Source:
    """The report's source: a covert one only by a registered reference, never by name."""
    kind = grading.source_type(given["type"])
    reference, name = given.get("reference", "").strip(), given.get("name", "").strip()
    if kind["covert"]:
        if name:
            refuse("covert_source_named", "A covert source is never named in a report: give its reference only",
                   kind["cite"])
        found = uow.session.scalar(select(Source).where(Source.reference == reference)) if reference else None
        if found is None or not found.covert:
            refuse("unknown_source", "A covert source is given by the reference it is registered under",
                   kind["cite"])
        return found
    if reference:
        found = uow.session.scalar(select(Source).where(Source.reference == reference))
        if found is not None and found.covert:  # an overt report must not point at a covert source
            refuse("unknown_source", "That reference is not an overt source's", kind["cite"])
        if found is not None:
            return found
    source = Source(reference=reference or f"S-{new_id()[:12]}", kind=given["type"], covert=False, name=name,
                    created_by=actor.username)
    uow.session.add(source)
    uow.session.flush()
    return source


# -- reports -----------------------------------------------------------------

def _subject_person(uow: UnitOfWork, actor: Actor, subject: dict[str, Any], key: str) -> str:
    if subject.get("person_id"):
        return persons.require(uow, subject["person_id"], actor.viewer)
    if subject.get("mention"):
        return ingest.person_of_mention(uow, subject["mention"], subject["person"])
    return persons.resolve_or_create(uow, subject["person"], system=MODULE, key=key, viewer=actor.viewer).person_id


def submit(uow: UnitOfWork, actor: Actor, data: dict[str, Any], origin: dict[str, str] | None = None) -> Report:
    """A report as given: its source, its text, each item graded 3x5x2, its subjects."""
    items = [grading.check_item(i) for i in data["items"]]  # every grade checked before anything is written
    source = _source(uow, actor, data["source"])
    at = data.get("submitted_at") or utcnow()
    year = to_london(at).year
    key = (origin or {}).get("key") or new_id()
    report = Report(number=f"IR/{year}/{next_number(uow, 'intelligence/report', year):06d}", source_id=source.id,
                    state=SUBMITTED, text=data["text"], submitted_at=at, submitted_by=actor.username, unit=actor.unit,
                    restricted=bool(data.get("restricted")), original_grading=data.get("original_grading"),
                    grading_mapping=data.get("grading_mapping"),
                    source_system=(origin or {}).get("system", "mips"), source_key=key, entry_count=0, version=1)
    uow.session.add(report)
    uow.session.flush()
    for n, item in enumerate(items, start=1):
        uow.session.add(ReportItem(report_id=report.id, seq=n, text=item["text"],
                                   source_evaluation=str(item["source_evaluation"]), assessment=item["assessment"],
                                   handling=item["handling"], conditions=item["conditions"],
                                   conditions_text=item["conditions_text"],
                                   sanitised=item["text"] if data.get("sanitised") and not report.restricted else None))
    person_ids = []
    for n, subject in enumerate(data.get("subjects", [])):
        person_id = (_subject_person(uow, actor, subject, f"{MODULE}:{key}:subject:{n}")
                     if subject["kind"] == "person" else None)
        if person_id:
            person_ids.append(person_id)
        uow.session.add(ReportSubject(report_id=report.id, kind=subject["kind"], person_id=person_id,
                                      value=subject.get("value", "")))
    JOURNAL.append(uow, report, Author(actor.username), "submitted", at,
                   data={"items": len(items), "source_type": source.kind,
                         "grades": [f"{i['source_evaluation']}{i['assessment']}{i['handling']}" for i in items]}
                   | ({"migrated_from": origin["system"]} if origin else {}))
    if data.get("sanitised") and not report.restricted:  # a legacy system's text was already the shared one
        report.state, report.sanitised_at, report.disseminated_at = DISSEMINATED, at, at
        JOURNAL.append(uow, report, Author(actor.username), "disseminated", at,
                       data={"as": f"the text {origin['system'] if origin else 'it'} disseminated"})
    uow.emit(ReportSubmitted(report_id=report.id, number=report.number, person_ids=person_ids,
                             actor=actor.username, unit=actor.unit))
    return report


def get(uow: UnitOfWork, report_id: str, *, lock: bool = False) -> Report:
    stmt = select(Report).where(Report.id == report_id)
    report = uow.session.scalar(stmt.with_for_update() if lock else stmt)
    if report is None:
        raise NotFound("unknown_report", f"No intelligence report with id {report_id!r}")
    return report


def items_of(uow: UnitOfWork, report_ids: list[str]) -> dict[str, list[ReportItem]]:
    out: dict[str, list[ReportItem]] = {r: [] for r in report_ids}
    for item in uow.session.scalars(select(ReportItem).where(ReportItem.report_id.in_(report_ids))
                                    .order_by(ReportItem.report_id, ReportItem.seq)):
        out[item.report_id].append(item)
    return out


def subjects_of(uow: UnitOfWork, report_ids: list[str]) -> dict[str, list[ReportSubject]]:
    out: dict[str, list[ReportSubject]] = {r: [] for r in report_ids}
    for subject in uow.session.scalars(select(ReportSubject).where(ReportSubject.report_id.in_(report_ids))
                                       .order_by(ReportSubject.id)):
        out[subject.report_id].append(subject)
    return out


def evaluate(uow: UnitOfWork, report: Report, actor: Actor, data: dict[str, Any]) -> Report:
    """The intelligence officer writes each item's sanitised text beside its original;
    none may still identify the source (its reference or its name, from the source record)."""
    if report.state == DISSEMINATED:
        raise Conflict("already_disseminated", f"{report.number} is disseminated: its sanitised text stands")
    items = {i.seq: i for i in items_of(uow, [report.id])[report.id]}
    given = {g["seq"]: g["sanitised"] for g in data["items"]}
    unknown = sorted(set(given) - set(items))
    if unknown:
        refuse("unknown_item", f"{report.number} has no item {unknown[0]}")
    missing = sorted(set(items) - set(given))
    if missing:
        refuse("item_not_sanitised", f"Item {missing[0]} of {report.number} has no sanitised text",
               grading.grading().cite("sanitisation"))
    source = uow.session.get(Source, report.source_id)
    for text in given.values():
        grading.check_sanitised(text, [source.reference, source.name])
    for seq, text in given.items():
        items[seq].sanitised = text
    report.state, report.restricted = SANITISED, False
    report.sanitised_at, report.sanitised_by = utcnow(), actor.username
    JOURNAL.append(uow, report, Author(actor.username, "intelligence_officer"), "sanitised", report.sanitised_at,
                   data={"items": sorted(given)})
    return report


def disseminate(uow: UnitOfWork, report: Report, actor: Actor) -> Report:
    """Share the sanitised report with those entitled to it: refused before it is sanitised."""
    if report.state == DISSEMINATED:
        raise Conflict("already_disseminated", f"{report.number} is already disseminated")
    if report.state != SANITISED or report.restricted:
        refuse("not_sanitised", f"{report.number} cannot be disseminated before it is sanitised",
               grading.grading().cite("sanitisation"))
    report.state, report.disseminated_at = DISSEMINATED, utcnow()
    JOURNAL.append(uow, report, Author(actor.username, "intelligence_officer"), "disseminated", report.disseminated_at)
    return report


# -- warning markers -----------------------------------------------------------

def raise_marker(uow: UnitOfWork, report: Report, actor: Actor, data: dict[str, Any]) -> RaisedMarker:
    """A warning marker on a person the report is about, with the report as its source,
    its review date and its justification (kept here, shown only to the intelligence unit)."""
    rules = grading.marker_rules()
    if data["marker"] not in rules["markers"]:
        refuse("unknown_marker", f"No warning marker {data['marker']!r} (known: {', '.join(rules['markers'])})",
               rules.cite("markers"))
    now = utcnow()
    limit = timedelta(days=rules["review"]["within_days"])
    if not now < data["review_at"] <= now + limit:
        refuse("review_date", f"A marker's review date is in the future and within {limit.days} days",
               rules.cite("review.within_days"))
    person_id = persons.require(uow, data["person_id"], actor.viewer)
    subjects = {s.person_id for s in subjects_of(uow, [report.id])[report.id] if s.person_id}
    if person_id not in {persons.surviving_id(uow, p) for p in subjects}:
        refuse("marker_without_source", f"{report.number} is not about this person: a marker needs a source "
                                        "report about them", rules.cite("markers"))
    review = to_london(data["review_at"]).date().isoformat()
    kernel_marker = persons.raise_marker(uow, person_id, data["marker"], detail=f"Intelligence {report.number}; "
                                         f"review by {review}", source_system=MODULE, source_key=report.number,
                                         by=actor.username, review_at=data["review_at"])
    raised = RaisedMarker(marker_id=kernel_marker.id, report_id=report.id, person_id=person_id, marker=data["marker"],
                          justification=data["justification"], review_at=data["review_at"], raised_by=actor.username)
    uow.session.add(raised)
    JOURNAL.append(uow, report, Author(actor.username, "intelligence_officer"), "marker_raised", now,
                   data={"marker": data["marker"], "person_id": person_id, "review_at": review})
    push.publish(uow, person_channel(person_id), {"kind": "marker", "marker": data["marker"]})
    uow.emit(MarkerRaised(person_id=person_id, marker=data["marker"], report_number=report.number,
                          review_at=data["review_at"].isoformat(), actor=actor.username, unit=actor.unit))
    return raised


def markers_of(uow: UnitOfWork, person_id: str) -> list[RaisedMarker]:
    return list(uow.session.scalars(select(RaisedMarker).where(RaisedMarker.person_id == person_id)
                                    .order_by(RaisedMarker.raised_at)))


# -- ingest ------------------------------------------------------------------

def take(uow: UnitOfWork, document: dict[str, Any], source: dict[str, str]) -> str:
    """``intelligence.report`` v1 from a legacy system (CrimInt): validated by the API's own
    schema, made once (a rerun returns the report already made)."""
    from plugins.intelligence.schemas import ReportIn

    found = ingest.already_taken(uow, Report, source)
    if found:
        return found
    report = submit(uow, Actor(f"migration:{source['system']}", ""), ingest.validate(ReportIn(), document), source)
    audit.collection(uow, "intelligence_report", report.id, module=MODULE,
                     details={"migrated_from": source["system"], "number": report.number})
    return report.id
