"""Case files without re-keying: built from custody's ``custody.charged`` v1 event.

The charge brings the defendant (the one MiPS person, with the details custody read from
their record), the charges with their wording and codes, the custody number and the time;
the module gives the URN (the kit's gap-free counter), the first hearing (kept in custody:
the next sitting; on bail: the file type's listing window) and the file type from the
charging decision for the same detention, if one was asked. The MG forms are filled from
all of that, each field traced to its source (``forms.py``); the officer completes the
rest. A file is submitted only when nothing its file type requires is missing.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.kit import (Author, DomainError, NotFound, ReceivedEvent, UnitOfWork, audit, next_number, persons, refuse,
                      to_london, utcnow)
from plugins.prosecution import forms
from plugins.prosecution.charging import Actor
from plugins.prosecution.events import CaseFileBuilt
from plugins.prosecution.journal import CASE as JOURNAL
from plugins.prosecution.journal import MODULE
from plugins.prosecution.models import BUILDING, SUBMITTED, CaseFile, CaseForm, ChargingDecision

SOURCE = "custody.charged"
FILE_TYPES = ("gap", "ngap", "crown")


def get(uow: UnitOfWork, case_id: str, viewer: Any, *, lock: bool = False) -> CaseFile:
    """A case whose defendant ``viewer`` may see; otherwise as if it did not exist."""
    stmt = select(CaseFile).where(CaseFile.id == case_id)
    case = uow.session.scalar(stmt.with_for_update() if lock else stmt)
    if case is None or not persons.visible(uow, [case.person_id], viewer):
        raise NotFound("unknown_case", f"No case file with id {case_id!r}")
    uow.read_persons([case.person_id])
    return case


def forms_of(uow: UnitOfWork, case_ids: list[str]) -> dict[str, dict[str, CaseForm]]:
    out: dict[str, dict[str, CaseForm]] = {c: {} for c in case_ids}
    for row in uow.session.scalars(select(CaseForm).where(CaseForm.case_id.in_(case_ids))):
        out[row.case_id][row.form] = row
    return out


def missing(uow: UnitOfWork, case: CaseFile) -> list[dict[str, str]]:
    rows = forms_of(uow, [case.id])[case.id]
    return forms.missing(case.file_type, {name: row.fields for name, row in rows.items()})


def file_type_of(decision: ChargingDecision | None) -> str | None:
    """The file type the charging decision's plea and venue give (None without one)."""
    if decision is None:
        return None
    if decision.venue == "crown":
        return "crown"
    return "gap" if decision.plea == "guilty" else "ngap"


def _urn(uow: UnitOfWork, suite: str, charged_at: datetime) -> str:
    rule = forms.rules()["urn"]
    station = rule["stations"].get(suite, rule["default_station"])
    year = to_london(charged_at).year % 100
    serial = next_number(uow, f"prosecution/urn/{station}", year)
    if serial > rule["serial_max"]:
        refuse("urn_exhausted", f"No URN serials left for station {station} in 20{year:02d}", forms.rules().cite("urn"))
    return f"{rule['force_code']}{station}{serial:05d}{year:02d}"


def build(uow: UnitOfWork, event: ReceivedEvent) -> CaseFile:
    """The case file of a charge in custody (idempotent by the event's id)."""
    found = uow.session.scalar(select(CaseFile).where(CaseFile.source_system == SOURCE, CaseFile.source_key == event.id))
    if found is not None:
        return found
    charge = event.data | {"actor": event.actor}
    charged_at = datetime.fromisoformat(event.charged_at)
    person_id = persons.surviving_id(uow, event.person_id)
    decision = uow.session.scalar(select(ChargingDecision).where(ChargingDecision.detention_id == event.detention_id)
                                  .order_by(ChargingDecision.created_at.desc()).limit(1)) if event.detention_id else None
    case = CaseFile(urn=_urn(uow, event.suite, charged_at), person_id=person_id, detention_id=event.detention_id,
                    custody_no=event.custody_no, suite=event.suite, unit=event.unit or "", charged_at=charged_at,
                    charged_by=event.actor, charges=[{"wording": o.get("wording", ""), "code": o.get("code") or ""}
                                                     for o in event.offences],
                    file_type=file_type_of(decision), remand="custody",
                    charging_decision_id=decision.id if decision else None, state=BUILDING,
                    source_system=SOURCE, source_key=event.id, created_at=utcnow(), entry_count=0, version=1)
    uow.session.add(case)
    uow.session.flush()
    built = forms.charge_fields(event.id, charge, case.urn)
    for name in dict.fromkeys([*built, *forms.required(case.file_type)]):
        uow.session.add(CaseForm(case_id=case.id, form=name, fields=built.get(name) or forms.blank(name)))
    uow.session.flush()
    _refresh(uow, case, decision_ref=decision.ref if decision else None)
    JOURNAL.append(uow, case, Author(f"event:{event.actor}"), "built", charged_at,
                   text=f"Charged in custody ({event.custody_no})",
                   data={"event_id": event.id, "event": f"{event.name} v{event.version}", "urn": case.urn,
                         "file_type": case.file_type, "charging_decision": decision.ref if decision else None})
    audit.collection(uow, "case_file", case.id, module=MODULE, details={"urn": case.urn, "from": SOURCE})
    uow.emit(CaseFileBuilt(case_id=case.id, urn=case.urn, person_id=person_id, detention_id=event.detention_id,
                           custody_no=event.custody_no, actor="system", unit=case.unit))
    return case


def _refresh(uow: UnitOfWork, case: CaseFile, decision_ref: str | None = None) -> None:
    """Bring MG1's derived fields (file type, first hearing, court) and the set of forms in
    line with the case's file type and remand, and count what is missing."""
    rows = forms_of(uow, [case.id])[case.id]
    for name in forms.required(case.file_type):
        if name not in rows:
            rows[name] = CaseForm(case_id=case.id, form=name, fields=forms.blank(name))
            uow.session.add(rows[name])
    at, rule_source = forms.first_hearing(case.charged_at, case.remand, case.file_type)
    case.first_hearing_at = at
    mg1 = dict(rows["MG1"].fields)
    if case.file_type:
        source = ({"from": "charging decision", "ref": decision_ref} if decision_ref
                  else mg1.get("file_type", {}).get("source")) or {"from": "prosecution"}
        mg1["file_type"] = {"value": forms.rules()["file_types"][case.file_type]["title"], "source": source}
    mg1["first_hearing"] = {"value": at.isoformat() if at else None, "source": rule_source if at else None}
    mg1["court"] = {"value": forms.rules()["first_hearing"]["court"], "source": forms.from_rule("first_hearing.court")}
    rows["MG1"].fields = mg1
    uow.session.flush()
    case.missing_count = len(forms.missing(case.file_type, {n: r.fields for n, r in rows.items()}))


def _building(case: CaseFile) -> None:
    if case.state != BUILDING:
        refuse("case_submitted", f"{case.urn} has been submitted: it is no longer changed here",
               forms.rules().cite("submission"), status=409)


def particulars(uow: UnitOfWork, case: CaseFile, actor: Actor, data: dict[str, Any]) -> Any:
    """The file type (anticipated plea and venue) and whether the defendant was kept in
    custody or bailed: the forms required and the first hearing follow."""
    _building(case)
    changed = {k: v for k, v in data.items() if v is not None and getattr(case, k) != v}
    for key, value in changed.items():
        setattr(case, key, value)
    if "file_type" in changed:
        rows = forms_of(uow, [case.id])[case.id]
        mg1 = dict(rows["MG1"].fields)
        mg1["file_type"] = {"value": forms.rules()["file_types"][case.file_type]["title"],
                            "source": forms.by_officer(actor.username, utcnow())}
        rows["MG1"].fields = mg1
    _refresh(uow, case)
    return JOURNAL.append(uow, case, Author(actor.username), "particulars", utcnow(),
                          data={"changed": changed, "first_hearing": case.first_hearing_at.isoformat()
                                if case.first_hearing_at else None})


def fill(uow: UnitOfWork, case: CaseFile, actor: Actor, form: str, values: dict[str, Any]) -> Any:
    """The officer completes fields of a form; a field the record already filled is not
    overwritten (correct the record it came from instead)."""
    _building(case)
    spec = forms.rules()["forms"].get(form)
    if spec is None:
        refuse("unknown_form", f"No form {form!r} in the National File Standard MiPS keeps", forms.rules().cite("submission"))
    unknown = sorted(set(values) - set(spec["fields"]))
    if unknown:
        refuse("unknown_field", f"{form} has no field {', '.join(unknown)}", forms.rules().cite(f"forms.{form}"))
    rows = forms_of(uow, [case.id])[case.id]
    row = rows.get(form)
    if row is None:
        row = CaseForm(case_id=case.id, form=form, fields=forms.blank(form))
        uow.session.add(row)
    fields = dict(row.fields)
    taken = [n for n in values if (fields.get(n) or {}).get("value") not in (None, "", [])
             and (fields[n].get("source") or {}).get("from") != "officer"]
    if taken:
        refuse("field_from_record", f"{form} {', '.join(taken)} came from the record: correct it at its source",
               forms.rules().cite(f"forms.{form}"), status=409)
    now = utcnow()
    for name, value in values.items():
        fields[name] = {"value": value if value not in ("", []) else None,
                        "source": forms.by_officer(actor.username, now) if value not in ("", [], None) else None}
    row.fields, row.updated_at = fields, now
    _refresh(uow, case)
    return JOURNAL.append(uow, case, Author(actor.username), "form_filled", now, data={"form": form, "fields": sorted(values)})


def submit(uow: UnitOfWork, case: CaseFile, actor: Actor) -> Any:
    """Submit the file to the CPS: refused, naming what is missing, while anything is."""
    _building(case)
    gaps = missing(uow, case)
    if gaps:
        raise DomainError("file_incomplete", f"{case.urn} cannot be submitted: {len(gaps)} required item(s) missing",
                          {"cite": forms.rules().cite("submission"), "missing": gaps}, status=422)
    case.state = SUBMITTED
    audit.disclosure(uow, "case_file", case.id, module=MODULE, recipient="CPS", details={"urn": case.urn})
    return JOURNAL.append(uow, case, Author(actor.username), "submitted", utcnow(),
                          data={"file_type": case.file_type, "forms": forms.required(case.file_type)})
