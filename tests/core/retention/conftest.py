"""Retention fixtures: an information manager, custody and investigation on force-wide."""
from __future__ import annotations

import pytest

from tests.conftest import add_users
from tests.plugins.custody.conftest import book, custody  # noqa: F401  (fixtures)
from tests.plugins.intelligence.conftest import intelligence, submit  # noqa: F401  (fixtures)
from tests.plugins.investigation.conftest import investigation, report  # noqa: F401  (fixtures)


@pytest.fixture
def im(app, client, custody, investigation, intelligence):  # noqa: F811
    add_users(app, {"info_manager": ["information_manager", "officer"]})
    return client


def refresh(app, *person_ids):
    from core.platform.db import commit, session
    from core.retention.service import refresh as recompute

    with app.test_request_context("/"):
        recompute(session(), person_ids)
        commit()
