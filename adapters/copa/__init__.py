"""COPA, case preparation: case files by URN with defendants and charges (dates as
14-Feb-1961). Retired by the prosecution module, which takes each file as a
``prosecution.case_file`` document (``mapping.py`` reads COPA's columns; the module never
does)."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from adapters.copa import mapping
from core.kit import hookimpl
from core.kit.adapters import Adapter, LegacyRecord, Mention, Rejection
from core.kit import to_london

#: URNs MiPS gives to the case files it pushes: police force code 01, station code "MI".
PUSHED_URN_PREFIX = "01MI"


class CopaAdapter(Adapter):
    system, title, replaced_by = "copa", "COPA (case preparation)", "prosecution"
    main_table, key_column, child_tables = "case_files", "urn", ("defendants", "charges")
    reference_pattern = re.compile(r"^01[A-Z]{2}\d{7}$")
    pushes = ("custody.charged",)

    def mentions(self, record: LegacyRecord) -> list[Mention | Rejection]:
        return [self.mention(mapping.mention_key(record.key, row["defendant_no"]), "defendant",
                             lambda row=row: mapping.defendant_person(row))
                for row in record.children.get("defendants", [])]

    @property
    def kinds(self) -> tuple[str, ...]:
        return (mapping.KIND,)

    def document(self, record: LegacyRecord) -> tuple[str, dict[str, Any]]:
        doc = mapping.case_file(record.key, record.row, record.children)
        return mapping.KIND, doc | {"original": {"row": _plain(record.row), "children": _plain(record.children)}}

    def upgrade_document(self, kind: str, key: str, document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Documents held before prosecution published its kind were the raw rows."""
        if kind == "prosecution.case_files" and "row" in document:
            return mapping.KIND, mapping.case_file(key, document["row"], document.get("children", {}))
        return kind, document

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


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@hookimpl
def mips_legacy_adapters():
    return [CopaAdapter()]
