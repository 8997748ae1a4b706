"""CrimInt, the intelligence system: 5x5x5-graded logs about subjects. Retired by the
intelligence module."""
from __future__ import annotations

import re

from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person


class CrimintAdapter(Adapter):
    system, title, replaced_by = "crimint", "CrimInt (intelligence)", "intelligence"
    main_table, key_column, child_tables = "intel_logs", "log_id", ("intel_subjects",)
    module_right = ("intelligence", "read")  # the intelligence module's right, not every officer's
    reference_pattern = re.compile(r"^CI\d{8}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        rows = record.children.get("intel_subjects", [])
        return [self.mention(f"crimint:{record.key}#{i}:subject", "subject", lambda row=row: person(
            row["forename"], row["surname"], dob_iso(row["dob"], ("%Y-%m-%d",)), address=row["address"],
            identifiers={"pnc_id": row["pnc_id"], "cro_number": row["cro"]})) for i, row in enumerate(rows)]


@hookimpl
def mips_legacy_adapters():
    return [CrimintAdapter()]
