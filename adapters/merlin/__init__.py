"""Merlin, records of children who came to notice, with their parents and carers.
Retired by the intelligence module (safeguarding)."""
from __future__ import annotations

import re

from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person, split_surname_last


class MerlinAdapter(Adapter):
    system, title, replaced_by = "merlin", "Merlin (children coming to notice)", "intelligence"
    main_table, key_column, child_tables = "merlin_records", "merlin_no", ("merlin_carers",)
    module_right = ("safeguarding", "read")  # the intelligence module's right, not every officer's
    reference_pattern = re.compile(r"^MER\d{7}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        row = record.row
        out = [self.mention(f"merlin:{record.key}:child", "subject", lambda: person(
            row["child_forenames"], (row["child_surname"] or "").title(), dob_iso(row["child_dob"]),
            address=row["address"], postcode=row["postcode"]))]

        def carer(c):
            given, family = split_surname_last(c["full_name"])
            return person(given, family, dob_iso(c["dob"]), address=c["address"])

        carers = record.children.get("merlin_carers", [])
        return out + [self.mention(f"merlin:{record.key}#{i}:carer", "carer", lambda c=c: carer(c))
                      for i, c in enumerate(carers)]


@hookimpl
def mips_legacy_adapters():
    return [MerlinAdapter()]
