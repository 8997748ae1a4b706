"""The prosecution module's part of the person view (case files and warrants, an
outstanding warrant as a warning every officer who opens the person sees) and of unified
search (URNs and warrant numbers)."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from core.kit import UnitOfWork, persons, reference_tokens
from plugins.prosecution import warrants
from plugins.prosecution.models import OUTSTANDING, CaseFile, Warrant
from plugins.prosecution.policies import CASE, WARRANT, may

URN = re.compile(r"^\d{2}[A-Z]{2}\d{7}$")
WARRANT_NO = re.compile(r"^(WA/\d{4}/\d{6}|W\d{7})$")  # MiPS numbers, and EWMS numbers kept on migration


def _title(warrant: Warrant) -> str:
    return warrants.rules()["types"].get(warrant.warrant_type, {}).get("title", warrant.warrant_type)


def _case_summary(case: CaseFile) -> str:
    charges = "; ".join(c["wording"] for c in case.charges) or "no charges"
    state = "submitted to the CPS" if case.state == "submitted" else f"file needs {case.missing_count} item(s)"
    return f"{charges} ({state})"


def profile(uow: UnitOfWork, person_id: str, user: Any) -> dict[str, Any] | None:
    held = list(uow.session.scalars(select(Warrant).where(Warrant.person_id == person_id)
                                    .order_by(Warrant.received_at.desc())))
    warnings = [{"text": f"Outstanding warrant {w.warrant_no}: {_title(w)} ({w.court})", "ref": w.warrant_no,
                 "url": f"/api/v1/prosecution/warrants/{w.id}"} for w in held if w.state in OUTSTANDING]
    items: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    if may(user, CASE):
        for c in uow.session.scalars(select(CaseFile).where(CaseFile.person_id == person_id)
                                     .order_by(CaseFile.charged_at.desc())):
            items.append({"title": f"Case {c.urn}", "summary": _case_summary(c), "ref": c.urn})
            timeline.append({"at": c.charged_at, "summary": f"Case file {c.urn}: {_case_summary(c)}", "ref": c.urn})
    if may(user, WARRANT):
        for w in held:
            items.append({"title": f"Warrant {w.warrant_no}", "summary": f"{_title(w)}, {w.court}: {w.state}",
                          "ref": w.warrant_no})
            timeline.append({"at": w.received_at, "summary": f"Warrant {w.warrant_no} received: {_title(w)}",
                             "ref": w.warrant_no})
    if not (items or warnings):
        return None
    return {"module": "prosecution", "title": "Prosecution", "items": items, "timeline": timeline, "warnings": warnings}


def search(uow: UnitOfWork, query: Any, user: Any) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = []
    urns = reference_tokens(query, URN)
    if urns and may(user, CASE):
        found = list(uow.session.scalars(select(CaseFile).where(CaseFile.urn.in_(urns))))
        seen = persons.visible(uow, [c.person_id for c in found], user)
        hits += [{"type": "case_file", "id": c.id, "title": f"Case {c.urn}", "summary": _case_summary(c), "score": 1.0,
                  "source": "prosecution"} for c in found if c.person_id in seen]
    numbers = reference_tokens(query, WARRANT_NO)
    if numbers and may(user, WARRANT):
        found = list(uow.session.scalars(select(Warrant).where(Warrant.warrant_no.in_(numbers))))
        seen = persons.visible(uow, [w.person_id for w in found], user)
        hits += [{"type": "warrant", "id": w.id, "title": f"Warrant {w.warrant_no}",
                  "summary": f"{_title(w)}, {w.court}: {w.state}", "score": 1.0, "source": "prosecution"}
                 for w in found if w.person_id in seen]
    return hits
