"""Prosecution: case files (MG forms), charges, hearings, disclosure and warrants.
Retires COPA and EWMS.

Only the module's identity is declared so far; its records and routes arrive with the
prosecution module issue.
"""
from __future__ import annotations

from core.kit import hookimpl


@hookimpl
def mips_module_info() -> dict:
    return {
        "name": "prosecution",
        "title": "Prosecution",
        "version": "0.1.0",
        "retires": ["COPA", "EWMS"],
        "roles": {
            "case_worker": "Prepares case files and manages hearings and warrants",
            "reviewer": "Reviews case files before submission to the CPS",
            "reader": "Reads case files",
        },
    }
