"""COPA, case preparation: case files by URN with defendants and charges (dates as
14-Feb-1961). Retired by the prosecution module."""
from __future__ import annotations

import re

from core import hookimpl
from core.legacy.protocol import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person


class CopaAdapter(Adapter):
    system, title, replaced_by = "copa", "COPA (case preparation)", "prosecution"
    main_table, key_column, child_tables = "case_files", "urn", ("defendants", "charges")
    reference_pattern = re.compile(r"^01[A-Z]{2}\d{7}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        return [self.mention(f"copa:{record.key}#{row['defendant_no']}:defendant", "defendant", lambda row=row: person(
            row["forenames"], row["surname"], dob_iso(row["dob"], ("%d-%b-%Y",)), address=row["address"],
            identifiers={"pnc_id": row["pnc_id"], "ni_number": row["ni_number"]}))
            for row in record.children.get("defendants", [])]


@hookimpl
def mips_legacy_adapters():
    return [CopaAdapter()]
