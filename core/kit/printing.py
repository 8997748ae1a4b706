"""Printable records: one template for screen, paper and PDF, times in UK local time.

A printed custody record or case file is read in court: it must say exactly what the
screen says. A module makes one :class:`Printer` over its templates folder and renders
the same template for the HTML page and, through WeasyPrint, the PDF. Every printer has
the kernel's filters, so dates read the same in every module's paper.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Response, make_response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from core.platform.timeutil import to_london

LONG = "%a %d %b %Y %H:%M"


def london(value: datetime | None, fmt: str = LONG) -> str:
    """An aware time as the officer reads it (Europe/London); '' for none."""
    return to_london(value).strftime(fmt) if value else ""


class Printer:
    """Renders a module's printable templates (HTML) and turns them into PDF."""

    def __init__(self, templates: Path):
        self.templates = Path(templates)
        self.env = Environment(loader=FileSystemLoader(self.templates), autoescape=select_autoescape(("html",)))
        self.env.filters["london"] = london

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def pdf(self, html: str) -> bytes:
        from weasyprint import HTML  # imported here: it loads Pango, which only printing needs

        return HTML(string=html, base_url=str(self.templates)).write_pdf()

    def response(self, html: str, *, pdf: bool, filename: str) -> Response:
        """The page as an HTML response, or as an inline PDF named ``filename``.pdf."""
        if not pdf:
            response = make_response(html)
            response.headers["Content-Type"] = "text/html; charset=utf-8"
            return response
        response = make_response(self.pdf(html))
        response.headers["Content-Type"] = "application/pdf"
        response.headers["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
        return response
