"""Paging SQLAlchemy 2 ``select()`` statements with flask-smorest's ``@paginate``.

The view returns a select; this page counts it and fetches only the requested slice,
so a list of a million audit entries costs one count and one small query.

This is the one place a page number becomes an SQL ``OFFSET``, so it is where the page
is bounded: ``page * page_size`` beyond what a 64-bit offset holds would otherwise
reach the driver and fail as a 500.
"""
from __future__ import annotations

from flask_smorest import Page
from sqlalchemy import func, select

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
