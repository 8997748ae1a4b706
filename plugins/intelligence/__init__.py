"""Intelligence: 3x5x2 graded reports, warning markers, safeguarding, links.
Retires CrimInt and Merlin.

Only the module's identity and rights are declared so far (the rights govern the CrimInt
and Merlin records MiPS shows: see ``policies``); its records and routes arrive with the
intelligence module issue.
"""
from __future__ import annotations

from core.kit import hookimpl
from plugins.intelligence.policies import POLICY_LINES, ROLES


@hookimpl
def mips_module_info() -> dict:
    return {
        "name": "intelligence",
        "title": "Intelligence",
        "version": "0.1.0",
        "retires": ["CrimInt", "Merlin"],
        "roles": dict(ROLES),
    }


@hookimpl
def mips_policies() -> list[str]:
    return list(POLICY_LINES)
