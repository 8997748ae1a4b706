"""What legacy adapters hand over, validated by the module's own published schemas:
``prosecution.case_file`` v1 (a COPA file, its URN kept, one case per defendant) and
``prosecution.warrant`` v1 (an EWMS warrant, its number kept). Idempotent by source: a
rerun creates nothing twice. A migrated record is journalled with the record as it came,
and each MG field it fills is traced to the legacy system and its key.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.kit import Author, UnitOfWork, audit, ingest, persons, refuse, utcnow
from plugins.prosecution import forms, warrants
from plugins.prosecution.journal import CASE, MODULE, WARRANT
from plugins.prosecution.models import BUILDING, FINALISED, CaseFile, CaseForm, Warrant
from plugins.prosecution.schemas import INGEST_KINDS


def take(uow: UnitOfWork, kind: str, document: dict[str, Any], source: dict[str, str]) -> str:
    data = ingest.validate(INGEST_KINDS[kind](), document)
    return (case_file if kind == "prosecution.case_file" else warrant)(uow, data, source)


def case_file(uow: UnitOfWork, data: dict[str, Any], source: dict[str, str]) -> str:
    """A legacy case file: one case per defendant under the URN it had."""
    made = []
    for d in data["defendants"]:
        key = f"{source['key']}#{d['defendant_no']}"
        found = ingest.already_taken(uow, CaseFile, {"system": source["system"], "key": key})
        if found:
            made.append(found)
            continue
        person_id = ingest.person_of_mention(uow, d["mention"], d["person"])
        party = persons.party(uow, person_id)
        charges = [{"wording": c.get("wording", ""), "code": c.get("code") or ""} for c in d["charges"]]
        case = CaseFile(urn=data["urn"], defendant_no=d["defendant_no"], person_id=person_id, custody_no="", suite="",
                        unit="", charged_at=data["charged_at"], charged_by=source["system"].upper(), charges=charges,
                        file_type=None, remand="bail", first_hearing_at=None,
                        state=FINALISED if data["finalised"] else BUILDING, source_system=source["system"],
                        source_key=key, created_at=utcnow(), entry_count=0, version=1)
        uow.session.add(case)
        uow.session.flush()

        def trace(field: str, system=source["system"], record=key) -> dict[str, Any]:
            return {"from": system, "record": record, "field": field}

        charge = {"defendant": party, "offences": charges, "charged_at": data["charged_at"].isoformat(),
                  "custody_no": "", "suite": "", "actor": ""}
        built = forms.charge_fields("", charge, case.urn, source=trace)
        for name, fields in built.items():
            uow.session.add(CaseForm(case_id=case.id, form=name, fields=fields))
        uow.session.flush()
        case.missing_count = len(forms.missing(None, built))
        CASE.append(uow, case, Author(f"migration:{source['system']}"), "migrated", data["charged_at"],
                    data={"system": source["system"], "key": source["key"], "original": data.get("original")})
        audit.collection(uow, "case_file", case.id, module=MODULE, details={"migrated_from": source["system"]})
        made.append(case.id)
    return made[0]


def warrant(uow: UnitOfWork, data: dict[str, Any], source: dict[str, str]) -> str:
    """A legacy warrant under the number it had, in the state it had."""
    found = ingest.already_taken(uow, Warrant, source)
    if found:
        return found
    kinds = warrants.rules()["types"]
    if data["warrant_type"] not in kinds:
        refuse("unknown_warrant_type", f"{data['warrant_type']!r} is not a warrant MiPS keeps",
               warrants.rules().cite("lifecycle.in_force_until"))
    taken = uow.session.scalar(select(Warrant.id).where(Warrant.warrant_no == data["warrant_no"]))
    if taken:
        refuse("duplicate_warrant_no", f"Warrant {data['warrant_no']} is already kept", status=409)
    if data.get("mention"):
        person_id = ingest.person_of_mention(uow, data["mention"], data["person"])
    elif data.get("person_id"):
        person_id = persons.surviving_id(uow, data["person_id"])
    else:
        person_id = persons.resolve_or_create(uow, data["person"], system=source["system"], key=source["key"]).person_id
    row = Warrant(warrant_no=data["warrant_no"], person_id=person_id, warrant_type=data["warrant_type"],
                  court=data["court"], court_ref=data.get("court_ref") or "", issued_at=data["issued_at"],
                  received_at=data["issued_at"], reason=data.get("reason") or "", endorsement=data.get("endorsement"),
                  state=data["state"], unit="", source_system=source["system"], source_key=source["key"],
                  entry_count=0, version=1)
    uow.session.add(row)
    uow.session.flush()
    WARRANT.append(uow, row, Author(f"migration:{source['system']}"), "migrated", data["issued_at"],
                   data={"system": source["system"], "key": source["key"], "state": data["state"],
                         "original": data.get("original")})
    audit.collection(uow, "warrant", row.id, module=MODULE, details={"migrated_from": source["system"]})
    return row.id
