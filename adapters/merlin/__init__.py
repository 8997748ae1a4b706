"""Merlin, records of children who came to notice, with their parents and carers.
Retired by the intelligence module (safeguarding)."""
from __future__ import annotations

import re

from core import hookimpl
from core.legacy.protocol import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person, split_surname_last


class MerlinAdapter(Adapter):
    system, title, replaced_by = "merlin", "Merlin (children coming to notice)", "intelligence"
    main_table, key_column, child_tables = "merlin_records", "merlin_no", ("merlin_carers",)
    reference_pattern = re.compile(r"^MER\d{7}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        row = record.row
        out: list[Mention | Rejection] = []
        key = f"merlin:{record.key}:child"
        try:
            out.append(Mention(key, "subject", person(row["child_forenames"], (row["child_surname"] or "").title(),
                                                      dob_iso(row["child_dob"]), address=row["address"],
                                                      postcode=row["postcode"])))
        except ValueError as exc:
            out.append(Rejection(key, str(exc)))
        for i, carer in enumerate(record.children.get("merlin_carers", [])):
            key = f"merlin:{record.key}#{i}:carer"
            try:
                given, family = split_surname_last(carer["full_name"])
                out.append(Mention(key, "carer", person(given, family, dob_iso(carer["dob"]), address=carer["address"])))
            except ValueError as exc:
                out.append(Rejection(key, str(exc)))
        return out


@hookimpl
def mips_legacy_adapters():
    return [MerlinAdapter()]
