"""Intelligence: 3x5x2 graded reports, warning markers, safeguarding, links.
Retires CrimInt and Merlin.

Only the module's identity is declared so far; its records and routes arrive with the
intelligence module issue.
"""
from __future__ import annotations

from core.kit import hookimpl


@hookimpl
def mips_module_info() -> dict:
    return {
        "name": "intelligence",
        "title": "Intelligence",
        "version": "0.1.0",
        "retires": ["CrimInt", "Merlin"],
        "roles": {
            "analyst": "Searches, links and analyses intelligence",
            "intelligence_officer": "Submits, grades and sanitises intelligence reports",
            "reader": "Reads intelligence within its handling codes",
        },
    }
