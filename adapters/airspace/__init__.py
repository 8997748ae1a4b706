"""Airspace, anti-social behaviour case management: cases with complainants and
perpetrators. Retired by the investigation module."""
from __future__ import annotations

import re

from core import hookimpl
from core.legacy.protocol import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person


class AirspaceAdapter(Adapter):
    system, title, replaced_by = "airspace", "Airspace (anti-social behaviour)", "investigation"
    main_table, key_column, child_tables = "asb_cases", "case_id", ("asb_parties",)
    reference_pattern = re.compile(r"^ASB-\d{6}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        out: list[Mention | Rejection] = []
        for i, row in enumerate(record.children.get("asb_parties", [])):
            role = (row["party_type"] or "").lower()
            key = f"airspace:{record.key}#{i}:{role}"
            try:
                out.append(Mention(key, role, person(row["first_name"], row["last_name"],
                                                     dob_iso(row["dob"], ("%Y-%m-%d",)), address=row["address"],
                                                     postcode=row["postcode"])))
            except ValueError as exc:
                out.append(Rejection(key, str(exc)))
        return out


@hookimpl
def mips_legacy_adapters():
    return [AirspaceAdapter()]
