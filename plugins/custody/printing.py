"""The custody record as a readable page: HTML for the screen and the printer, PDF for the
file, from one template through the kit's printer, so the paper copy never says something
the screen does not. Times are shown in Europe/London."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from core.kit import Printer, UnitOfWork, persons
from plugins.custody import clock, services, wording
from plugins.custody.models import Detention

PRINTER = Printer(Path(__file__).with_name("templates"))
PRINTER.env.filters.update(details=wording.details, plain=wording.plain, alert=wording.alert, uk_date=wording.uk_date)


def render(uow: UnitOfWork, det: Detention, at: datetime) -> str:
    entries = services.entries_of(uow, [det.id])[det.id]
    shown = persons.summaries(uow, [det.person_id], persons.SYSTEM).get(det.person_id)  # the name the screen shows
    return PRINTER.render("custody/printable.html", det=det, entries=entries, person=persons.details(uow, det.person_id),
                          person_name=wording.css_text(shown.name if shown else ""),
                          markers=persons.warning_markers(uow, det.person_id),
                          clock=clock.state(det, entries, at), printed_at=at)
