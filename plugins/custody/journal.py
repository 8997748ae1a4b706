"""The custody record as a journal of the module kit: entries numbered per detention,
never changed (corrections are new entries), each one an audited collection."""
from __future__ import annotations

from typing import Any

from core.kit import Journal, audit, push
from plugins.custody.models import CustodyEntry

MODULE = "custody"


#: The suite's board is told of every entry (a check, a review, a release...) as it commits.
BOARD = push.channel("custody.board", domain="custody", obj="detention", act="read")


def board_channel(suite: str) -> str:
    return f"{BOARD.prefix}.{suite}"


def _audit(session: Any, det: Any, entry: CustodyEntry) -> None:
    audit.collection(session, "custody_entry", f"{det.id}#{entry.seq}", module=MODULE,
                     details={"kind": entry.kind, "custody_no": det.custody_no})
    push.publish(session, board_channel(det.suite), {"custody_no": det.custody_no, "kind": entry.kind})


JOURNAL = Journal(CustodyEntry, "detention_id", on_append=_audit)
