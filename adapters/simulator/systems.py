"""The seven legacy systems as the simulator writes them: each its own schema and habits.

CRIS writes names as "SMITH John" and dates as dd/mm/yyyy; CrimInt keeps forename and
surname apart and grades logs 5x5x5; Merlin records children with their parents and
carers; Airspace splits ASB case parties into complainants and perpetrators; NSPIS keeps
custody numbers, times and offences, and the address the detainee gave at booking-in on
one line; COPA has URNs, defendants and charges with dates as
"14-Feb-1961"; EWMS keeps warrants against "John SMITH" with a last known address.
Every person mention has a stable key: ``system:row key:role``.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from adapters.simulator.population import Mention


def _t(metadata: MetaData, name: str, *cols: Column) -> Table:
    return Table(name, metadata, *cols)


def _s(name: str, length: int = 200, **kw) -> Column:
    return Column(name, String(length), **kw)


def _dmy(d: date | None, year_only: bool) -> str | None:
    if d is None:
        return None
    return str(d.year) if year_only else d.strftime("%d/%m/%Y")


# -- schemas -------------------------------------------------------------------

CRIS = MetaData()
_t(CRIS, "crime_reports", _s("crime_ref", 20, primary_key=True), _s("reported", 10), _s("offence", 120), Column("mo", Text),
   _s("location"))
_t(CRIS, "crime_persons", Column("id", Integer, primary_key=True), _s("crime_ref", 20), _s("role", 1), _s("name"),
   _s("dob", 10), _s("sex", 1), _s("address"), _s("postcode", 10), _s("pnc", 20))

CRIMINT = MetaData()
_t(CRIMINT, "intel_logs", _s("log_id", 20, primary_key=True), _s("created", 25), _s("grading", 5), Column("text", Text))
_t(CRIMINT, "intel_subjects", Column("id", Integer, primary_key=True), _s("log_id", 20), _s("surname", 100),
   _s("forename", 100), _s("dob", 10), _s("pnc_id", 20), _s("cro", 20), _s("address"))

MERLIN = MetaData()
_t(MERLIN, "merlin_records", _s("merlin_no", 20, primary_key=True), _s("child_surname", 100), _s("child_forenames", 100),
   _s("child_dob", 10), _s("concern_date", 10), _s("category", 60), _s("address"), _s("postcode", 10))
_t(MERLIN, "merlin_carers", Column("id", Integer, primary_key=True), _s("merlin_no", 20), _s("relationship", 30),
   _s("full_name"), _s("dob", 10), _s("address"))

AIRSPACE = MetaData()
_t(AIRSPACE, "asb_cases", _s("case_id", 20, primary_key=True), _s("opened", 10), _s("status", 20), Column("description", Text))
_t(AIRSPACE, "asb_parties", Column("id", Integer, primary_key=True), _s("case_id", 20), _s("party_type", 12),
   _s("first_name", 100), _s("last_name", 100), _s("dob", 10), _s("address"), _s("postcode", 10))

NSPIS = MetaData()
_t(NSPIS, "custody_records", _s("custody_no", 20, primary_key=True), _s("suite", 10), _s("arrival_time", 25),
   _s("detainee_surname", 100), _s("detainee_forenames", 100), _s("dob", 10), _s("pnc_id", 20), _s("cro_number", 20),
   _s("offences"), _s("release_time", 25), _s("outcome", 30), _s("detainee_address"))

COPA = MetaData()
_t(COPA, "case_files", _s("urn", 20, primary_key=True), _s("charge_date", 11), _s("status", 20))
_t(COPA, "defendants", Column("id", Integer, primary_key=True), _s("urn", 20), Column("defendant_no", Integer),
   _s("surname", 100), _s("forenames", 100), _s("dob", 11), _s("address"), _s("pnc_id", 20), _s("ni_number", 12))
_t(COPA, "charges", Column("id", Integer, primary_key=True), _s("urn", 20), Column("defendant_no", Integer),
   _s("offence_code", 10), _s("wording"))

EWMS = MetaData()
_t(EWMS, "warrants", _s("warrant_no", 20, primary_key=True), _s("issued", 10), _s("court", 80), _s("warrant_type", 40),
   _s("status", 20), _s("subject_name"), _s("dob", 10), _s("last_known_address"), _s("pnc_id", 20))

SCHEMAS = {"cris": CRIS, "crimint": CRIMINT, "merlin": MERLIN, "airspace": AIRSPACE, "nspis": NSPIS, "copa": COPA,
           "ewms": EWMS}
# which identifiers each system holds on its people
KEEPS = {"cris": ("pnc_id",), "crimint": ("pnc_id", "cro_number"), "merlin": (), "airspace": (),
         "nspis": ("pnc_id", "cro_number"), "copa": ("pnc_id", "ni_number"), "ewms": ("pnc_id",)}

OFFENCES = [("Theft from shop", "TH68010"), ("Assault by beating", "CJ88116"), ("Burglary dwelling", "TH68001"),
            ("Possession of cannabis", "MD71232"), ("Criminal damage", "CD71236"), ("Robbery", "TH68023"),
            ("Possess knife in public place", "CJ88151"), ("Drink driving", "RT88191")]
SUITES = ["CAM", "HAC", "WES", "ISL"]


@dataclass
class Rows:
    """Rows to write per table, and the truth: mention key -> true person."""

    tables: dict[str, list[dict]]
    truth: list[tuple[str, str]]


def _when(r: random.Random, year_from: int = 2015) -> datetime:
    start = datetime(year_from, 1, 1, tzinfo=timezone.utc)
    return start + timedelta(minutes=r.randint(0, 60 * 24 * 365 * 10))


# -- writers: a case/record with its people ----------------------------------------

CRIS_ROLES = {"V": "victim", "S": "suspect", "W": "witness"}

def cris(r: random.Random, n: int, people: list[Mention]) -> Rows:
    ref = f"CR/{n:07d}/{r.randint(15, 25)}"
    when = _when(r)
    offence = r.choice(OFFENCES)[0]
    rows = {"crime_reports": [{"crime_ref": ref, "reported": when.strftime("%d/%m/%Y"), "offence": offence,
                               "mo": f"Suspect approached victim and {r.choice(['took', 'damaged', 'threatened'])}.",
                               "location": people[0].address}], "crime_persons": []}
    truth = []
    for i, (m, role) in enumerate(zip(people, ["V", "S", "W", "S", "W"])):
        key = f"{ref}#{i}"
        rows["crime_persons"].append({"crime_ref": ref, "role": role, "name": f"{m.family.upper()} {m.given}",
                                      "dob": _dmy(m.dob, m.dob_year_only), "sex": m.person.sex, "address": m.address,
                                      "postcode": m.postcode, "pnc": m.identifiers.get("pnc_id")})
        truth.append((f"cris:{key}:{CRIS_ROLES[role]}", m.person.id))
    return Rows(rows, truth)


def crimint(r: random.Random, n: int, people: list[Mention]) -> Rows:
    log_id = f"CI{n:08d}"
    grading = f"{r.choice('ABCDE')}{r.randint(1, 5)}{r.randint(1, 5)}"
    rows = {"intel_logs": [{"log_id": log_id, "created": _when(r).isoformat(), "grading": grading,
                            "text": "Subject believed to be dealing from address."}], "intel_subjects": []}
    truth = []
    for i, m in enumerate(people):
        rows["intel_subjects"].append({"log_id": log_id, "surname": m.family, "forename": m.given,
                                       "dob": (str(m.dob.year) if m.dob_year_only else m.dob.isoformat()) if m.dob else None,
                                       "pnc_id": m.identifiers.get("pnc_id"), "cro": m.identifiers.get("cro_number"),
                                       "address": f"{m.address}, {m.postcode}"})
        truth.append((f"crimint:{log_id}#{i}:subject", m.person.id))
    return Rows(rows, truth)


def merlin(r: random.Random, n: int, people: list[Mention]) -> Rows:
    child, carers = people[0], people[1:]
    no = f"MER{n:07d}"
    rows = {"merlin_records": [{"merlin_no": no, "child_surname": child.family.upper(), "child_forenames": child.given,
                                "child_dob": _dmy(child.dob, child.dob_year_only), "concern_date": _when(r).strftime("%d/%m/%Y"),
                                "category": r.choice(["Missing", "Neglect", "Domestic abuse witnessed", "Criminal exploitation"]),
                                "address": child.address, "postcode": child.postcode}], "merlin_carers": []}
    truth = [(f"merlin:{no}:child", child.person.id)]
    for i, m in enumerate(carers):
        rows["merlin_carers"].append({"merlin_no": no, "relationship": "Mother" if m.person.sex == "F" else "Father",
                                      "full_name": f"{m.given} {m.family}", "dob": _dmy(m.dob, m.dob_year_only),
                                      "address": f"{m.address}, {m.postcode}"})
        truth.append((f"merlin:{no}#{i}:carer", m.person.id))
    return Rows(rows, truth)


def airspace(r: random.Random, n: int, people: list[Mention]) -> Rows:
    case = f"ASB-{n:06d}"
    rows = {"asb_cases": [{"case_id": case, "opened": _when(r).strftime("%Y-%m-%d"), "status": r.choice(["Open", "Closed"]),
                           "description": "Repeated noise and intimidation reported by neighbours."}], "asb_parties": []}
    truth = []
    for i, m in enumerate(people):
        party = "COMPLAINANT" if i == 0 else "PERPETRATOR"
        rows["asb_parties"].append({"case_id": case, "party_type": party, "first_name": m.given, "last_name": m.family,
                                    "dob": m.dob.isoformat() if m.dob and not m.dob_year_only else None,
                                    "address": m.address, "postcode": m.postcode})
        truth.append((f"airspace:{case}#{i}:{party.lower()}", m.person.id))
    return Rows(rows, truth)


def nspis(r: random.Random, n: int, people: list[Mention]) -> Rows:
    m = people[0]
    suite = r.choice(SUITES)
    arrival = _when(r)
    no = f"{suite}/{n:05d}/{arrival.year % 100:02d}"
    offence, _ = r.choice(OFFENCES)
    rows = {"custody_records": [{"custody_no": no, "suite": suite, "arrival_time": arrival.strftime("%Y-%m-%d %H:%M"),
                                 "detainee_surname": m.family.upper(), "detainee_forenames": m.given.upper(),
                                 "dob": _dmy(m.dob, m.dob_year_only), "pnc_id": m.identifiers.get("pnc_id"),
                                 "cro_number": m.identifiers.get("cro_number"), "offences": offence,
                                 "release_time": (arrival + timedelta(hours=r.randint(2, 30))).strftime("%Y-%m-%d %H:%M"),
                                 "outcome": r.choice(["Charged", "Bailed", "RUI", "NFA"]),
                                 "detainee_address": f"{m.address}, {m.postcode}"}]}
    return Rows(rows, [(f"nspis:{no}:detainee", m.person.id)])


def copa(r: random.Random, n: int, people: list[Mention]) -> Rows:
    urn = f"01{r.choice(['YE', 'MP', 'KD'])}{n:07d}"
    rows = {"case_files": [{"urn": urn, "charge_date": _when(r).strftime("%d-%b-%Y"), "status": r.choice(["Open", "Finalised"])}],
            "defendants": [], "charges": []}
    truth = []
    for i, m in enumerate(people, start=1):
        rows["defendants"].append({"urn": urn, "defendant_no": i, "surname": m.family, "forenames": m.given,
                                   "dob": m.dob.strftime("%d-%b-%Y") if m.dob and not m.dob_year_only else None,
                                   "address": f"{m.address}, {m.postcode}", "pnc_id": m.identifiers.get("pnc_id"),
                                   "ni_number": m.identifiers.get("ni_number")})
        offence, code = r.choice(OFFENCES)
        rows["charges"].append({"urn": urn, "defendant_no": i, "offence_code": code, "wording": offence})
        truth.append((f"copa:{urn}#{i}:defendant", m.person.id))
    return Rows(rows, truth)


def ewms(r: random.Random, n: int, people: list[Mention]) -> Rows:
    m = people[0]
    no = f"W{n:07d}"
    rows = {"warrants": [{"warrant_no": no, "issued": _when(r).strftime("%d/%m/%Y"), "court": "Highbury Corner Magistrates",
                          "warrant_type": r.choice(["Fail to appear", "Arrest not backed for bail", "Commitment"]),
                          "status": r.choice(["Outstanding", "Executed", "Withdrawn"]),
                          "subject_name": f"{m.given} {m.family.upper()}", "dob": _dmy(m.dob, m.dob_year_only),
                          "last_known_address": f"{m.address}, {m.postcode}", "pnc_id": m.identifiers.get("pnc_id")}]}
    return Rows(rows, [(f"ewms:{no}:subject", m.person.id)])


WRITERS: dict[str, Callable[[random.Random, int, list[Mention]], Rows]] = {
    "cris": cris, "crimint": crimint, "merlin": merlin, "airspace": airspace, "nspis": nspis, "copa": copa, "ewms": ewms}
# how many people one record mentions, and the share of records each system holds
PEOPLE_PER_RECORD = {"cris": (1, 3), "crimint": (1, 2), "merlin": (2, 3), "airspace": (1, 3), "nspis": (1, 1),
                     "copa": (1, 2), "ewms": (1, 1)}
SHARE = {"cris": 0.30, "crimint": 0.18, "merlin": 0.06, "airspace": 0.10, "nspis": 0.16, "copa": 0.12, "ewms": 0.08}
