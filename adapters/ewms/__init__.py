"""EWMS, warrants: the subject ("John SMITH"), court, type and status. Retired by the
prosecution module."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Connection

from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person, split_surname_last


class EwmsAdapter(Adapter):
    system, title, replaced_by = "ewms", "EWMS (warrants)", "prosecution"
    main_table, key_column = "warrants", "warrant_no"
    reference_pattern = re.compile(r"^W\d{7}$")
    pushes = ("custody.warrant_executed",)

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        row = record.row

        def build():
            given, family = split_surname_last(row["subject_name"])
            return person(given, family.title(), dob_iso(row["dob"]), address=row["last_known_address"],
                          identifiers={"pnc_id": row["pnc_id"]})

        return [self.mention(f"ewms:{record.key}:subject", "subject", build)]

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
