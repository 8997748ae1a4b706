"""Airspace, anti-social behaviour case management: cases with complainants and
perpetrators. Retired by the investigation module."""
from __future__ import annotations

import re

from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person


class AirspaceAdapter(Adapter):
    system, title, replaced_by = "airspace", "Airspace (anti-social behaviour)", "investigation"
    main_table, key_column, child_tables = "asb_cases", "case_id", ("asb_parties",)
    reference_pattern = re.compile(r"^ASB-\d{6}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        rows = record.children.get("asb_parties", [])
        return [self.mention(f"airspace:{record.key}#{i}:{(row['party_type'] or '').lower()}",
                             (row["party_type"] or "").lower(), lambda row=row: person(
                                 row["first_name"], row["last_name"], dob_iso(row["dob"], ("%Y-%m-%d",)),
                                 address=row["address"], postcode=row["postcode"]))
                for i, row in enumerate(rows)]


@hookimpl
def mips_legacy_adapters():
    return [AirspaceAdapter()]
