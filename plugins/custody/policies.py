"""Who may do what in custody (casbin lines for ``mips_policies``) and what rank a role means.

Rights follow PACE: only a custody officer authorises detention, charges and releases
(s.37, s.38); only an inspector or above reviews detention before charge (s.40(1)(b));
only a superintendent or above extends it (s.42(1)); detention officers log visits and
checks (Code C 9.3). Higher roles include the lower ones' reading rights.
"""
from __future__ import annotations

from typing import Any

from core.kit import allowed

DOMAIN = "custody"
OBJ = "detention"

# act -> what it covers
ACTS = {
    "read": "read custody records, clocks and the board",
    "check": "log visits, checks and rousing",
    "manage": "book in, authorise or refuse, rights, risk, cells, property, interviews, hospital, charge, release",
    "review": "review detention (PACE s.40)",
    "extend": "extend detention to 36 hours (PACE s.42)",
}

ROLES = {
    "reader": "Reads custody records",
    "detention_officer": "Logs visits and checks on detainees",
    "custody_officer": "Custody sergeant: authorises detention, charges, releases",
    "inspector": "Reviews detention (PACE s.40)",
    "superintendent": "Extends detention to 36 hours (PACE s.42)",
}

POLICY_LINES = [
    f"p, reader, {DOMAIN}, {OBJ}, read",
    f"p, detention_officer, {DOMAIN}, {OBJ}, check",
    f"p, custody_officer, {DOMAIN}, {OBJ}, manage",
    f"p, inspector, {DOMAIN}, {OBJ}, review",
    f"p, superintendent, {DOMAIN}, {OBJ}, extend",
    f"g, detention_officer, reader, {DOMAIN}",
    f"g, custody_officer, detention_officer, {DOMAIN}",
    f"g, inspector, reader, {DOMAIN}",
    f"g, superintendent, inspector, {DOMAIN}",
]


def may(user: Any, act: str) -> bool:
    return allowed(user, DOMAIN, OBJ, act)


def rank_of(user: Any) -> str:
    """The rank a user acts at in custody, as PACE counts ranks, from the roles they hold."""
    for act, rank in (("extend", "superintendent"), ("review", "inspector"), ("manage", "sergeant")):
        if may(user, act):
            return rank
    return "constable"


def role_of(user: Any) -> str:
    """The custody role a user writes an entry as (shown on the custody record)."""
    for act, role in (("extend", "superintendent"), ("review", "inspector"), ("manage", "custody_officer"),
                      ("check", "detention_officer")):
        if may(user, act):
            return role
    return "reader"


def actor(principal: Any):
    """The signed-in user as the custody services see them: name, unit, role and rank."""
    from plugins.custody.services import Actor

    return Actor(principal.username, principal.unit, role_of(principal), rank_of(principal), viewer=principal)
