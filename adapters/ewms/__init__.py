"""EWMS, warrants: the subject ("John SMITH"), court, type and status. Retired by the
prosecution module, which takes each warrant as a ``prosecution.warrant`` document
(``mapping.py`` reads EWMS's columns; the module never does)."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Connection

from adapters.ewms import mapping
from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection


class EwmsAdapter(Adapter):
    system, title, replaced_by = "ewms", "EWMS (warrants)", "prosecution"
    main_table, key_column = "warrants", "warrant_no"
    reference_pattern = re.compile(r"^W\d{7}$")
    pushes = ("custody.warrant_executed",)

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        return [self.mention(mapping.mention_key(record.key), "subject", lambda: mapping.subject_person(record.row))]

    @property
    def kinds(self) -> tuple[str, ...]:
        return (mapping.KIND,)

    def document(self, record: LegacyRecord) -> tuple[str, dict[str, Any]]:
        doc = mapping.warrant(record.key, record.row)
        return mapping.KIND, doc | {"original": {"row": {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                                          for k, v in record.row.items()}}}

    def upgrade_document(self, kind: str, key: str, document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Documents held before prosecution published its kind were the raw rows."""
        if kind == "prosecution.warrants" and "row" in document:
            return mapping.KIND, mapping.warrant(key, document["row"])
        return kind, document

    def push(self, conn: Connection, event_name: str, payload: dict[str, Any]) -> str:
        """An arrest on a warrant marks the EWMS warrant executed (the loop closed)."""
        warrants = self.table(conn, "warrants")
        done = conn.execute(update(warrants).where(warrants.c.warrant_no == payload["warrant_no"])
                            .values(status="Executed"))
        if done.rowcount != 1:
            raise LookupError(f"EWMS has no warrant {payload['warrant_no']}")
        return payload["warrant_no"]


@hookimpl
def mips_legacy_adapters():
    return [EwmsAdapter()]
