"""The histories of charging decisions, case files and warrants as journals of the module
kit: each entry an audited collection, never changed."""
from __future__ import annotations

from typing import Any

from core.kit import Journal, audit
from plugins.prosecution.models import CaseEntry, ChargingEntry, WarrantEntry

MODULE = "prosecution"


def _audited(entity: str, ref_attr: str):
    def on_append(session: Any, parent: Any, entry: Any) -> None:
        audit.collection(session, entity, f"{parent.id}#{entry.seq}", module=MODULE,
                         details={"kind": entry.kind, "ref": getattr(parent, ref_attr)})

    return on_append


CHARGING = Journal(ChargingEntry, "decision_id", on_append=_audited("charging_entry", "ref"))
CASE = Journal(CaseEntry, "case_id", on_append=_audited("case_entry", "urn"))
WARRANT = Journal(WarrantEntry, "warrant_id", on_append=_audited("warrant_entry", "warrant_no"))
