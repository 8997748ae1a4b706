"""COPA, case preparation: case files by URN with defendants and charges (dates as
14-Feb-1961). Retired by the prosecution module."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection, dob_iso, person
from core.kit import to_london

#: URNs MiPS gives to the case files it pushes: police force code 01, station code "MI".
PUSHED_URN_PREFIX = "01MI"


class CopaAdapter(Adapter):
    system, title, replaced_by = "copa", "COPA (case preparation)", "prosecution"
    main_table, key_column, child_tables = "case_files", "urn", ("defendants", "charges")
    reference_pattern = re.compile(r"^01[A-Z]{2}\d{7}$")
    pushes = ("custody.charged",)

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        return [self.mention(f"copa:{record.key}#{row['defendant_no']}:defendant", "defendant", lambda row=row: person(
            row["forenames"], row["surname"], dob_iso(row["dob"], ("%d-%b-%Y",)), address=row["address"],
            identifiers={"pnc_id": row["pnc_id"], "ni_number": row["ni_number"]}))
            for row in record.children.get("defendants", [])]

    def push(self, conn: Connection, event_name: str, payload: dict[str, Any]) -> str:
        """A charge from custody becomes a COPA case file: URN, the defendant, the charges."""
        files, defendants, charges = (self.table(conn, t) for t in ("case_files", "defendants", "charges"))
        last = conn.scalar(select(func.max(files.c.urn)).where(files.c.urn.like(f"{PUSHED_URN_PREFIX}%")))
        urn = f"{PUSHED_URN_PREFIX}{(int(last[4:]) + 1) if last else 1:07d}"
        who = payload["defendant"]
        charged = to_london(datetime.fromisoformat(payload["charged_at"]))
        conn.execute(insert(files).values(urn=urn, charge_date=charged.strftime("%d-%b-%Y"), status="Open"))
        dob = date.fromisoformat(who["dob"]).strftime("%d-%b-%Y") if len(who.get("dob") or "") == 10 else None
        address = ", ".join(filter(None, [who.get("address"), who.get("postcode")])) or None
        conn.execute(insert(defendants).values(urn=urn, defendant_no=1, surname=who.get("family", ""),
                                               forenames=who.get("given", ""), dob=dob, address=address,
                                               pnc_id=who.get("pnc_id"), ni_number=who.get("ni_number")))
        for offence in payload.get("offences", []):
            conn.execute(insert(charges).values(urn=urn, defendant_no=1, offence_code=offence.get("code") or "",
                                                wording=offence.get("wording", "")))
        return urn


@hookimpl
def mips_legacy_adapters():
    return [CopaAdapter()]
