"""Reading custody records, shared by the REST API and the web pages so both apply the
same visibility rule (the kit's persons facade) and log the same consultations."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from core.kit import NotFound, UnitOfWork, consult, current_purpose, persons
from plugins.custody import board as board_view
from plugins.custody import policies, printing, services
from plugins.custody.models import Detention


def visible(uow: UnitOfWork, detention_id: str, viewer: Any, *, lock: bool = False) -> Detention:
    """The detention, if ``viewer`` may see its detainee: a detention of a person they may
    not see answers exactly as one that does not exist. Locks it when the caller writes."""
    det = services.get(uow, detention_id, lock=lock, hidden=persons.hidden_ids(viewer))
    uow.read_persons([det.person_id])
    return det


def board(uow: UnitOfWork, suite: str, at: datetime, viewer: Any, **details: Any) -> dict[str, Any]:
    """The suite's board, with one consultation per read (boards refresh every few seconds)
    naming every detention and person shown."""
    suite = suite.upper()
    result = board_view.board(uow, suite, at, viewer)
    shown = [r["person_id"] for r in result["detainees"] + result["bail_due"]]
    # the purpose the viewer gave, else the standing duty the board serves, naming the role
    # it is read in (PACE Code C: the custody officer's duty of care to every detainee)
    why = current_purpose() or f"custody duty as {policies.role_of(viewer)}: the {suite} board"
    consult("custody_board", suite, module="custody", justification=why, persons=shown,
            details={"detentions": [r["detention_id"] for r in result["detainees"]], **details})
    uow.persons_read.clear()
    return result


def printed(uow: UnitOfWork, det: Detention, at: datetime, *, pdf: bool) -> Any:
    """The printable record as an HTML or PDF response (the view logs the consultation)."""
    html = printing.render(uow, det, at)
    return printing.PRINTER.response(html, pdf=pdf, filename=det.custody_no.replace("/", "-"))
