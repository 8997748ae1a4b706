"""Reading custody records, shared by the REST API and the web pages so both apply the
same visibility rule and write the same consultation entries."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import make_response

from core.audit.log import record_consultation
from core.db import session
from core.entities.views import lookup, may_see_restricted
from core.errors import NotFound
from plugins.custody import board as board_view
from plugins.custody import printing, services
from plugins.custody.models import Detention


def visible(detention_id: str, *, lock: bool = False) -> Detention:
    """The detention, if the caller may see its detainee (restricted persons stay hidden).
    One query, locking the detention when the caller is about to write to it."""
    det, restriction = services.get_with_restriction(session(), detention_id, lock=lock)
    if restriction and not may_see_restricted():
        raise NotFound("unknown_detention", f"No detention with id {detention_id!r}")
    return det


def board(suite: str, at: datetime, **details: Any) -> dict[str, Any]:
    """The suite's board, with one consultation entry per read (boards refresh every few
    seconds) naming every detention shown."""
    suite = suite.upper()
    result = board_view.board(session(), suite, at, see_restricted=may_see_restricted())
    record_consultation("custody_board", suite, module="custody", justification=f"custody board {suite}",
                        details={"detentions": [r["detention_id"] for r in result["detainees"]], **details})
    return result


def printed(det: Detention, at: datetime, purpose: str, *, pdf: bool, **details: Any):
    """The printable record as an HTML or PDF response, its reading audited."""
    record_consultation("custody_detention", det.id, module="custody", justification=purpose,
                        details={"printed": "pdf" if pdf else "html", **details})
    html = printing.render(session(), det, lookup(session(), det.person_id), at)
    if not pdf:
        response = make_response(html)
        response.headers["Content-Type"] = "text/html; charset=utf-8"
        return response
    response = make_response(printing.pdf(html))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{det.custody_no.replace("/", "-")}.pdf"'
    return response
