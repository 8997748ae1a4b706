"""The custody record as a journal of the module kit: entries numbered per detention,
never changed (corrections are new entries), each one an audited collection."""
from __future__ import annotations

from typing import Any

from core.kit import Journal, audit
from plugins.custody.models import CustodyEntry

MODULE = "custody"


def _audit(session: Any, det: Any, entry: CustodyEntry) -> None:
    audit.collection(session, "custody_entry", f"{det.id}#{entry.seq}", module=MODULE,
                     details={"kind": entry.kind, "custody_no": det.custody_no})


JOURNAL = Journal(CustodyEntry, "detention_id", on_append=_audit)
