"""Investigation fixtures: the module on force-wide and a user per investigation role."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import add_users

INVESTIGATION_USERS = {
    "investigator": ["investigator:investigation", "officer"],
    "supervisor": ["supervisor:investigation", "officer"],
    "registrar": ["registrar:investigation", "officer"],
    "crime_reader": ["reader:investigation", "officer"],
}


@pytest.fixture
def investigation(app, client, enable):
    add_users(app, INVESTIGATION_USERS)
    enable("investigation")
    return client


def ago(**kw) -> str:
    return (datetime.now(timezone.utc) - timedelta(**kw)).isoformat()


def person(given: str, family: str, dob: str = "1985-05-05") -> dict:
    return {"person": {"names": [{"given": given, "family": family}], "dobs": [dob]}}


@pytest.fixture
def report(investigation):
    """Record a report through the API as an investigator; returns the JSON."""

    def _report(offences, parties=(), user="investigator", status=201, **extra):
        body = {"offences": list(offences), "occurred_from": ago(hours=5), "reported_at": ago(hours=3),
                "place": "Camden High Street", "account": "What the victim said", "parties": list(parties)} | extra
        r = investigation.post("/api/v1/investigation/crimes", user, json=body)
        assert r.status_code == status, r.json
        return r.json

    return _report
