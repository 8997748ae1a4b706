"""CrimInt, the intelligence system: 5x5x5-graded logs about subjects. Retired by the
intelligence module, which takes each log as an ``intelligence.report`` document
(``mapping.py`` reads CrimInt's columns and maps its grades through the force's table
``grades.toml``; the module never does)."""
from __future__ import annotations

import re
from typing import Any

from adapters.crimint import mapping
from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection


class CrimintAdapter(Adapter):
    system, title, replaced_by = "crimint", "CrimInt (intelligence)", "intelligence"
    main_table, key_column, child_tables = "intel_logs", "log_id", ("intel_subjects",)
    module_right = ("intelligence", "read")  # the intelligence module's right, not every officer's
    reference_pattern = re.compile(r"^CI\d{8}$")

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        rows = record.children.get("intel_subjects", [])
        return [self.mention(mapping.mention_key(record.key, i), "subject", lambda row=row: mapping.subject_person(row))
                for i, row in enumerate(rows)]

    @property
    def kinds(self) -> tuple[str, ...]:
        return (mapping.KIND,)

    def document(self, record: LegacyRecord) -> tuple[str, dict[str, Any]]:
        doc = mapping.report(record.key, record.row, record.children.get("intel_subjects", []))
        return mapping.KIND, doc | {"original": {"row": _plain(record.row), "children": _plain(record.children)}}

    def upgrade_document(self, kind: str, key: str, document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Documents held before intelligence published its kind were the raw rows."""
        if kind == "intelligence.intel_logs" and "row" in document:
            doc = mapping.report(key, document["row"], document.get("children", {}).get("intel_subjects", []))
            return mapping.KIND, doc | {"original": document}
        return kind, document


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@hookimpl
def mips_legacy_adapters():
    return [CrimintAdapter()]
