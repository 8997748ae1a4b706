"""CRIS, the crime recording system: crime reports with victims, witnesses and suspects.
Names are kept as "SMITH John", dates as dd/mm/yyyy. Retired by the investigation module."""
from __future__ import annotations

import re

from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person, split_surname_first

ROLES = {"V": "victim", "W": "witness", "S": "suspect"}


class CrisAdapter(Adapter):
    system, title, replaced_by = "cris", "CRIS (crime recording)", "investigation"
    main_table, key_column, child_tables = "crime_reports", "crime_ref", ("crime_persons",)
    reference_pattern = re.compile(r"^CR/\d{7}/\d{2}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        def build(row):
            given, family = split_surname_first(row["name"] or "")
            return person(given, family.title(), dob_iso(row["dob"]), sex=row["sex"], address=row["address"],
                          postcode=row["postcode"], identifiers={"pnc_id": row["pnc"]})

        rows = record.children.get("crime_persons", [])
        return [self.mention(f"cris:{record.key}#{i}:{ROLES.get(row['role'], 'other')}", ROLES.get(row["role"], "other"),
                             lambda row=row: build(row)) for i, row in enumerate(rows)]


@hookimpl
def mips_legacy_adapters():
    return [CrisAdapter()]
