"""Who may do what in investigation (casbin lines for ``mips_policies``).

Investigators record crimes and investigate; supervisors allocate and review; the crime
registrar is the force's designated decision maker for re-classifying and cancelling
(HOCR General Rules, Section C); crimes marked restricted (sexual offences, a police
officer as suspect) are read only by the roles given ``restricted_crime``.
"""
from __future__ import annotations

from typing import Any

from core.kit import allowed

DOMAIN = "investigation"
OBJ = "crime"
RESTRICTED = "restricted_crime"

ROLES = {
    "reader": "Reads crime reports and ASB cases",
    "investigator": "Records and investigates crimes and ASB cases",
    "supervisor": "Allocates, reviews and closes investigations; reads restricted crimes",
    "registrar": "Crime registrar, the designated decision maker: re-classifies and cancels crimes",
    "restricted_reader": "Reads crimes marked restricted (sexual offences, a police officer as suspect)",
}

POLICY_LINES = [
    f"p, reader, {DOMAIN}, {OBJ}, read",
    f"p, investigator, {DOMAIN}, {OBJ}, record",
    f"p, supervisor, {DOMAIN}, {OBJ}, supervise",
    f"p, registrar, {DOMAIN}, {OBJ}, decide",
    f"p, supervisor, {DOMAIN}, {RESTRICTED}, read",
    f"p, registrar, {DOMAIN}, {RESTRICTED}, read",
    f"p, restricted_reader, {DOMAIN}, {RESTRICTED}, read",
    f"g, investigator, reader, {DOMAIN}",
    f"g, supervisor, investigator, {DOMAIN}",
    f"g, registrar, reader, {DOMAIN}",
    f"g, restricted_reader, reader, {DOMAIN}",
]


def may(user: Any, act: str, obj: str = OBJ) -> bool:
    return allowed(user, DOMAIN, obj, act)


def may_read_restricted(user: Any) -> bool:
    return may(user, "read", RESTRICTED)
