"""Custody: detention from arrival to release and the PACE clock. Retires NSPIS.

Only the module's identity is declared so far; its records, rules and routes arrive with
the custody module issue.
"""
from __future__ import annotations

from core import hookimpl


@hookimpl
def mips_module_info() -> dict:
    return {
        "name": "custody",
        "title": "Custody",
        "version": "0.1.0",
        "retires": ["NSPIS"],
        "roles": {
            "custody_officer": "Custody sergeant: authorises detention, charges, releases",
            "detention_officer": "Logs visits and checks on detainees",
            "inspector": "Reviews detention (PACE s.40)",
            "superintendent": "Extends detention to 36 hours (PACE s.42)",
            "reader": "Reads custody records",
        },
    }
