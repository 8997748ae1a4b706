"""Who may do what in prosecution (casbin lines for ``mips_policies``).

Case workers ask who charges (DG6), refer cases to the CPS on an MG3 and record the
prosecutor's answer, and prepare case files; reviewers check files and submit them to the
CPS; warrant officers receive, circulate, execute and withdraw warrants. Everyone with a
role here reads; higher roles include the lower ones' rights.
"""
from __future__ import annotations

from typing import Any

from core.kit import allowed

DOMAIN = "prosecution"
CHARGING, CASE, WARRANT = "charging", "case", "warrant"

ROLES = {
    "reader": "Reads charging decisions, case files and warrants",
    "case_worker": "Prepares case files and manages hearings and warrants",
    "reviewer": "Reviews case files before submission to the CPS",
    "warrant_officer": "Receives, circulates, executes and withdraws warrants",
}

POLICY_LINES = [
    *(f"p, reader, {DOMAIN}, {obj}, read" for obj in (CHARGING, CASE, WARRANT)),
    f"p, case_worker, {DOMAIN}, {CHARGING}, decide",
    f"p, case_worker, {DOMAIN}, {CASE}, prepare",
    f"p, case_worker, {DOMAIN}, {WARRANT}, manage",
    f"p, reviewer, {DOMAIN}, {CASE}, submit",
    f"p, warrant_officer, {DOMAIN}, {WARRANT}, manage",
    f"g, case_worker, reader, {DOMAIN}",
    f"g, reviewer, case_worker, {DOMAIN}",
    f"g, warrant_officer, reader, {DOMAIN}",
]


def may(user: Any, obj: str, act: str = "read") -> bool:
    return allowed(user, DOMAIN, obj, act)
