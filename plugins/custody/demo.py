"""The demo custody suite a newcomer sees after ``make run``: Camden (CAM) with a detainee
whose review is overdue, one whose check is overdue, one just booked in, and one charged
and released, so the board and the person view have something true to show."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.kit import UnitOfWork, utcnow
from plugins.custody import services
from plugins.custody.models import Detention
from plugins.custody.services import Actor

SUITE = "CAM"
SERGEANT = Actor("sgt.patel", "Camden", "custody_officer", "sergeant")
GAOLER = Actor("dto.jones", "Camden", "detention_officer", "constable")

# (given, family, dob, pnc, hours since arrival, observation level, intoxicated, hours since last check, charged)
DEMO = [
    ("Kieran", "Doyle", "1993-06-21", "93/0044123K", 7.5, 1, False, 0.5, False),
    ("Shannon", "Price", "1999-11-02", None, 2.0, 2, True, 0.8, False),
    ("Marek", "Nowak", "1987-02-14", "87/0022781M", 0.4, 1, False, None, False),
    ("Dwayne", "Harris", "1978-09-30", "78/0011002D", 30.0, 1, False, 24.0, True),
]


def seed(uow: UnitOfWork) -> int:
    if uow.session.scalar(select(Detention.id).where(Detention.suite == SUITE).limit(1)):
        return 0
    now = utcnow()
    for cell, (given, family, dob, pnc, hours, level, drunk, last_check, charged) in enumerate(DEMO, start=1):
        arrival = now - timedelta(hours=hours)
        person = {"names": [{"given": given, "family": family}], "dobs": [dob]}
        if pnc:
            person["identifiers"] = [{"kind": "pnc_id", "value": pnc}]
        det, _ = services.book_in(uow, SERGEANT, {
            "suite": SUITE, "person": person, "arrest_at": arrival - timedelta(minutes=35), "arrival_at": arrival,
            "arrest_place": "Camden High Street", "arresting_officer": "pc.taylor", "officer_in_case": "dc.smith",
            "grounds": "Reasonable grounds to suspect theft", "offences": [{"wording": "Theft from shop", "code": "TH68010"}]})
        services.decide(uow, det, SERGEANT, {"decision": "authorise", "reason": "To secure and preserve evidence and "
                                                   "obtain evidence by questioning", "at": arrival + timedelta(minutes=10)})
        services.rights(uow, det, SERGEANT, {"notice_given": True, "legal_advice_requested": True,
                                                   "solicitor": "duty solicitor", "at": arrival + timedelta(minutes=12)})
        services.risk_assessment(uow, det, SERGEANT, {"observation_level": level, "intoxicated": drunk,
                                                            "at": arrival + timedelta(minutes=15)})
        services.plain_entry(uow, det, SERGEANT, {"kind": "cell", "data": {"cell": f"C{cell}"},
                                                        "at": arrival + timedelta(minutes=16)})
        if last_check is not None:
            services.log_check(uow, det, GAOLER, {"at": now - timedelta(hours=last_check), "condition": "awake, well"})
        if charged:
            services.charge(uow, det, SERGEANT, {"at": arrival + timedelta(hours=5)})
            services.release(uow, det, SERGEANT, {"at": arrival + timedelta(hours=6), "text": "Bailed to court"})
        uow.session.flush()
    return len(DEMO)
