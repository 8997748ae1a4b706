"""Crime records under MoPI: each crime a person is party to, declared for review
(``mips_retention``); a person erased leaves the crimes of others (their party row goes,
entries naming them are redacted) and takes with them the crimes only about them."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, delete, or_, select, update

from core.kit import Retained, Rules, erasure_permit, load_rules
from plugins.investigation import hocr
from plugins.investigation.models import RECORDED, Crime, CrimeEntry, CrimeParty

RULES_FILE = Path(__file__).parent / "rules" / "retention.toml"


def rules() -> Rules:
    return load_rules(RULES_FILE)


def _group(code: str, on: Any) -> int:
    groups = rules()["groups"]
    try:
        offence_group = hocr.classification(code, on.date()).get("group", "")
    except Exception:  # a code the rules no longer know: the default group
        offence_group = ""
    return groups["serious_group"] if offence_group in groups["serious"] else groups["other_group"]


def retained(session: Any, person_ids: list[str]) -> list[Retained]:
    rows = session.execute(select(CrimeParty.person_id, Crime).join(Crime, Crime.id == CrimeParty.crime_id)
                           .where(CrimeParty.person_id.in_(person_ids))).all()
    out = []
    for person_id, crime in rows:
        live = crime.state == RECORDED and crime.outcome is None
        out.append(Retained("investigation.crime", crime.id, person_id, _group(crime.classification, crime.reported_at),
                            crime.reported_at, unit=crime.unit, live=live,
                            why=f"crime {crime.crime_ref} under investigation" if live else ""))
    return out


def erase(uow: Any, person_ids: list[str]) -> dict[str, int]:
    session = getattr(uow, "session", uow)
    crimes = set(session.scalars(select(CrimeParty.crime_id).where(CrimeParty.person_id.in_(person_ids))))
    crimes |= set(session.scalars(select(Crime.id).where(Crime.victim_person_id.in_(person_ids))))
    if not crimes:
        return {}
    parties = session.execute(delete(CrimeParty).where(CrimeParty.person_id.in_(person_ids))).rowcount
    alone = [c for c in crimes if not session.scalar(select(CrimeParty.id).where(CrimeParty.crime_id == c).limit(1))]
    shared = [c for c in crimes if c not in alone]
    counts = {"investigation.party": parties}
    with erasure_permit(uow, CrimeEntry.__tablename__):
        if alone:
            counts["investigation.entry"] = session.execute(delete(CrimeEntry).where(CrimeEntry.crime_id.in_(alone))).rowcount
            counts["investigation.crime"] = session.execute(delete(Crime).where(Crime.id.in_(alone))).rowcount
        if shared:
            naming = or_(*(cast(CrimeEntry.data, String).contains(pid) for pid in person_ids))
            counts["investigation.entry_redacted"] = session.execute(
                update(CrimeEntry).where(CrimeEntry.crime_id.in_(shared), naming)
                .values(text="[redacted: person erased under MoPI]", data={"redacted": True})).rowcount
            session.execute(update(Crime).where(Crime.id.in_(shared), Crime.victim_person_id.in_(person_ids))
                            .values(victim_person_id=None))
    return counts


EXEMPT_CITE = ("Data Protection Act 2018 s.45(4)(a)-(b): access may be restricted to avoid prejudicing the "
               "investigation or prosecution of criminal offences")


def subject_access(session: Any, person_ids: list[str]) -> dict[str, Any]:
    """The crimes these persons are party to; a crime still under investigation is listed
    as withheld (with the provision), not left out."""
    rows = session.execute(select(CrimeParty.role, Crime).join(Crime, Crime.id == CrimeParty.crime_id)
                           .where(CrimeParty.person_id.in_(person_ids)).order_by(Crime.reported_at)).all()
    records, exempt = [], []
    for role, crime in rows:
        if crime.state == RECORDED and crime.outcome is None and role == "suspect":
            exempt.append({"record": f"investigation.crime {crime.crime_ref}", "reason": "under investigation",
                           "cite": EXEMPT_CITE})
            continue
        records.append({"crime_ref": crime.crime_ref, "role": role, "classification": crime.classification,
                        "state": crime.state, "reported_at": crime.reported_at.isoformat(), "place": crime.place,
                        "account": crime.account, "outcome": crime.outcome})
    return {"module": "investigation", "records": records, "exempt": exempt}
