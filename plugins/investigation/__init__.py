"""Investigation: crime reports, HOCR classification, tasks, exhibits, ASB cases.
Retires CRIS and Airspace.

Only the module's identity is declared so far; its records and routes arrive with the
investigation module issue.
"""
from __future__ import annotations

from core.kit import hookimpl


@hookimpl
def mips_module_info() -> dict:
    return {
        "name": "investigation",
        "title": "Investigation",
        "version": "0.1.0",
        "retires": ["CRIS", "Airspace"],
        "roles": {
            "investigator": "Records and investigates crimes and ASB cases",
            "supervisor": "Allocates, reviews and closes investigations",
            "reader": "Reads crime reports and ASB cases",
        },
    }
