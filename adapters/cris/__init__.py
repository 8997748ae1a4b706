"""CRIS, the crime recording system: crime reports with victims, witnesses and suspects.
Names are kept as "SMITH John", dates as dd/mm/yyyy. Retired by the investigation module,
which takes each report as an ``investigation.crime`` document (``mapping.py`` reads
CRIS's columns; the module never does)."""
from __future__ import annotations

import re
from typing import Any

from adapters.cris import mapping
from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection


class CrisAdapter(Adapter):
    system, title, replaced_by = "cris", "CRIS (crime recording)", "investigation"
    main_table, key_column, child_tables = "crime_reports", "crime_ref", ("crime_persons",)
    reference_pattern = re.compile(r"^CR/\d{7}/\d{2}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        rows = record.children.get("crime_persons", [])
        return [self.mention(mapping.mention_key(record.key, i, row["role"]), mapping.ROLES.get(row["role"], "other"),
                             lambda row=row: mapping.party_person(row)) for i, row in enumerate(rows)]

    @property
    def kinds(self) -> tuple[str, ...]:
        return (mapping.KIND,)

    def document(self, record: LegacyRecord) -> tuple[str, dict[str, Any]]:
        doc = mapping.crime(record.key, record.row, record.children.get("crime_persons", []))
        return mapping.KIND, doc | {"original": {"row": _plain(record.row), "children": _plain(record.children)}}

    def upgrade_document(self, kind: str, key: str, document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Documents held before investigation published its kind were the raw rows."""
        if kind == "investigation.crime_reports" and "row" in document:
            return mapping.KIND, mapping.crime(key, document["row"], document.get("children", {}).get("crime_persons", []))
        return kind, document


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@hookimpl
def mips_legacy_adapters():
    return [CrisAdapter()]
