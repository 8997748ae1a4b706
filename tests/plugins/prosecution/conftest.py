"""Prosecution fixtures: the module on force-wide, a user per prosecution role, and a
suspect recorded as a person through the API."""
from __future__ import annotations

import pytest

from tests.conftest import add_users

API = "/api/v1/prosecution"
PROSECUTION_USERS = {
    "case_worker": ["case_worker:prosecution", "officer"],
    "reviewer": ["reviewer:prosecution", "officer"],
    "warrants": ["warrant_officer:prosecution", "officer"],
    "pros_reader": ["reader:prosecution", "officer"],
}
SUSPECT = {"names": [{"given": "Robert", "family": "Lansbury"}], "dobs": ["1984-03-02"], "sex": "M",
           "identifiers": [{"kind": "pnc_id", "value": "84/123456A"}]}


@pytest.fixture
def prosecution(app, client, enable):
    add_users(app, PROSECUTION_USERS)
    enable("prosecution")
    return client


@pytest.fixture
def suspect(client):
    r = client.post("/api/v1/persons", "officer", json=SUSPECT)
    assert r.status_code == 201, r.json
    return r.json["id"]


@pytest.fixture
def ask(prosecution, suspect):
    """Ask who charges; returns the response (status checked by the caller)."""

    def _ask(offences, plea="guilty", venue="magistrates", circumstances=(), **extra):
        body = {"person_id": suspect, "offences": offences, "anticipated_plea": plea, "likely_venue": venue,
                "circumstances": list(circumstances)} | extra
        return prosecution.post(f"{API}/charging-decisions", "case_worker", json=body)

    return _ask
