"""Intelligence fixtures: the module on force-wide, a user per intelligence role, and a
report submitted through the API."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import add_users

INTELLIGENCE_USERS = {
    "intel_officer": ["intelligence_officer:intelligence", "officer"],
    "analyst": ["analyst:intelligence", "officer"],
    "intel_reader": ["reader:intelligence", "officer"],
    "ppu": ["public_protection:intelligence", "officer"],
    "named": ["original_reader:intelligence", "officer"],
}

PERSON = {"names": [{"given": "Dwayne", "family": "Harker"}], "dobs": ["1991-02-14"]}


@pytest.fixture
def intelligence(app, client, enable):
    add_users(app, INTELLIGENCE_USERS)
    enable("intelligence")
    return client


def later(**kw) -> str:
    return (datetime.now(timezone.utc) + timedelta(**kw)).isoformat()


def item(text="Harker keeps a knife under the driver's seat of his car", grade=("2", "B", "P"), **extra) -> dict:
    return {"text": text, "source_evaluation": grade[0], "assessment": grade[1], "handling": grade[2]} | extra


def c_item(text="Harker is visiting a child at 4 Mare Street", conditions=("public_protection",)) -> dict:
    return item(text, ("1", "A", "C"), conditions=list(conditions),
                conditions_text="Share only with public protection officers; do not approach the family")


@pytest.fixture
def submit(intelligence):
    """Submit a report through the API (as a reader); returns the JSON."""

    def _submit(items=None, user="intel_reader", status=201, source=None, subjects=None, **extra):
        body = {"source": source or {"type": "member_of_public", "name": "Alice Trenton"},
                "text": "Caller said Harker keeps a knife in his car and visits a child at 4 Mare Street.",
                "items": items if items is not None else [item()],
                "subjects": subjects if subjects is not None else [{"kind": "person", "person": PERSON},
                                                                   {"kind": "vehicle", "value": "LB07 XYZ"}]} | extra
        r = intelligence.post("/api/v1/intelligence/reports", user, json=body)
        assert r.status_code == status, r.json
        return r.json

    return _submit


@pytest.fixture
def disseminated(intelligence, submit):
    """A report with a P item and a C item (public protection), sanitised and disseminated."""

    def _made(items=None):
        made = submit(items if items is not None else [item(), c_item()])
        n = len(items) if items is not None else 2
        r = intelligence.post(f"/api/v1/intelligence/reports/{made['id']}/evaluation", "intel_officer", json={
            "items": [{"seq": i + 1, "sanitised": f"Sanitised item {i + 1}: a man keeps a weapon in a car"}
                      for i in range(n)]})
        assert r.status_code == 201, r.json
        r = intelligence.post(f"/api/v1/intelligence/reports/{made['id']}/dissemination", "intel_officer")
        assert r.status_code == 201, r.json
        return made

    return _made
