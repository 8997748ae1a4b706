"""Paging SQLAlchemy 2 ``select()`` statements with flask-smorest's ``@paginate``.

The view returns a select; this page counts it and fetches only the requested slice,
so a list of a million audit entries costs one count and one small query.

This is the one place a page number becomes an SQL ``OFFSET``, so it is where the page
is bounded: ``page * page_size`` beyond what a 64-bit offset holds would otherwise
reach the driver and fail as a 500.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import request
from flask_smorest import Page
from sqlalchemy import func, select

from core.audit.log import record_consultations

from core.http.errors import fail
from core.platform.db import session

#: The highest page anyone can ask for (200 a page: 200 million rows, far beyond any list).
MAX_PAGE = 1_000_000


class SelectPage(Page):
    def __init__(self, collection, page_params):
        if page_params.page > MAX_PAGE:
            fail(422, "validation_error", errors={"query": {"page": [f"Must be at most {MAX_PAGE}."]}})
        super().__init__(collection, page_params)

    @property
    def items(self):
        params = self.page_params
        return list(session().scalars(self.collection.offset(params.first_item).limit(params.page_size)))

    @property
    def item_count(self):
        counted = self.collection.order_by(None).subquery()
        return session().scalar(select(func.count()).select_from(counted))


def consulted_page(entity_type: str, persons_of: Callable[[list[Any]], Iterable[str]] | None = None, *,
                   module: str = "core") -> type[Page]:
    """A :class:`SelectPage` that logs the rows it returns as consulted (one entry for the
    page, naming each row, with the caller's purpose) before they leave, and the persons
    they show (``persons_of(rows)``) so "who looked at this person" finds the read.
    The view asks for the purpose first (``require_purpose``)."""

    class ConsultedPage(SelectPage):
        @property
        def items(self):
            rows = super().items
            details = {"list": request.path}
            groups = [(entity_type, [row.id for row in rows], details)]
            if persons_of is not None:
                groups.append(("person", list(persons_of(rows)), {"via": entity_type}))
            record_consultations(groups, module=module)
            return rows

    ConsultedPage.__name__ = f"Consulted{entity_type.title()}Page"
    return ConsultedPage
