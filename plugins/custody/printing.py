"""The custody record as a readable page: HTML for the screen and the printer, PDF (WeasyPrint)
for the file. One template for both, so the paper copy never says something the screen
does not. Times are shown in Europe/London."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from core.entities import persons
from core.entities.survivorship import derive
from core.timeutil import to_london
from plugins.custody import clock, services
from plugins.custody.models import Detention

TEMPLATES = Path(__file__).with_name("templates")
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",)))
_env.filters["london"] = lambda value: to_london(value).strftime("%a %d %b %Y %H:%M") if value else ""


def render(session: Session, det: Detention, person, at: datetime) -> str:
    entries = services.entries_of(session, [det.id])[det.id]
    shown = derive(persons.sources_of(session, person.id))
    return _env.get_template("custody/printable.html").render(
        det=det, entries=entries, person=shown, markers=list(person.markers), clock=clock.state(det, entries, at),
        printed_at=at)


def pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only printing needs

    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
