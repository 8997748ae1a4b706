"""Paging SQLAlchemy 2 ``select()`` statements with flask-smorest's ``@paginate``.

The view returns a select; this page counts it and fetches only the requested slice,
so a list of a million audit entries costs one count and one small query.
"""
from __future__ import annotations

from flask_smorest import Page
from sqlalchemy import func, select

from core.db import session


class SelectPage(Page):
    @property
    def items(self):
        params = self.page_params
        return list(session().scalars(self.collection.offset(params.first_item).limit(params.page_size)))

    @property
    def item_count(self):
        counted = self.collection.order_by(None).subquery()
        return session().scalar(select(func.count()).select_from(counted))
