"""NSPIS custody: one record per detention, with custody number, times and offences, and
the detainee's address as the custody officer took it ("4 Mare Street, E8 4RP", on one
line). Retired by the custody module."""
from __future__ import annotations

import re

from core import hookimpl
from core.legacy.protocol import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person


class NspisAdapter(Adapter):
    system, title, replaced_by = "nspis", "NSPIS (custody)", "custody"
    main_table, key_column = "custody_records", "custody_no"
    reference_pattern = re.compile(r"^[A-Z]{3}/\d{5}/\d{2}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        row = record.row
        return [self.mention(f"nspis:{record.key}:detainee", "detainee", lambda: person(
            (row["detainee_forenames"] or "").title(), (row["detainee_surname"] or "").title(), dob_iso(row["dob"]),
            address=row.get("detainee_address"),  # absent from files simulated before it was kept
            identifiers={"pnc_id": row["pnc_id"], "cro_number": row["cro_number"]}))]


@hookimpl
def mips_legacy_adapters():
    return [NspisAdapter()]
