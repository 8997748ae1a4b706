"""NSPIS custody: one record per detention, with custody number, times and offences, and
the detainee's address as the custody officer took it ("4 Mare Street, E8 4RP", on one
line). Retired by the custody module, which takes each record as a ``custody.detention``
document (``mapping.py`` reads NSPIS's columns; custody never does)."""
from __future__ import annotations

import re
from typing import Any

from adapters.nspis import mapping
from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection


class NspisAdapter(Adapter):
    system, title, replaced_by = "nspis", "NSPIS (custody)", "custody"
    main_table, key_column = "custody_records", "custody_no"
    reference_pattern = re.compile(r"^[A-Z]{3}/\d{5}/\d{2}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        return [self.mention(mapping.mention_key(record.key), "detainee", lambda: mapping.detainee(record.row))]

    @property
    def kinds(self) -> tuple[str, ...]:
        return (mapping.KIND,)

    def document(self, record: LegacyRecord) -> tuple[str, dict[str, Any]]:
        return mapping.KIND, mapping.detention(record.key, record.row)

    def upgrade_document(self, kind: str, key: str, document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Documents held before custody published its kind were the raw row (``{"row"}``)."""
        if kind == "custody.custody_records" and "row" in document:
            return mapping.KIND, mapping.detention(key, document["row"])
        return kind, document


@hookimpl
def mips_legacy_adapters():
    return [NspisAdapter()]
