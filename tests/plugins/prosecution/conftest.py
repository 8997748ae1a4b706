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
           "addresses": [{"lines": ["12 Camden Road", "London"], "postcode": "NW1 9AA"}],
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


CUSTODY_USERS = {"sergeant": ["custody_officer:custody", "officer"]}


@pytest.fixture
def charge(app, client, enable):
    """Book a person into custody (Camden), authorise detention and charge them, through
    the custody API as a custody sergeant would; returns (detention JSON, charge JSON)."""
    from datetime import datetime, timedelta, timezone

    add_users(app, CUSTODY_USERS)
    enable("custody")

    def _charge(offences=None, person=None, before=None):
        now = datetime.now(timezone.utc)
        body = {"suite": "CAM", "person": person or SUSPECT, "arrest_at": (now - timedelta(hours=2)).isoformat(),
                "arrival_at": (now - timedelta(hours=1, minutes=30)).isoformat(), "arrest_place": "Camden High St",
                "arresting_officer": "pc_jones", "officer_in_case": "dc_smith", "grounds": "Seen taking goods",
                "offences": offences or [{"wording": "Theft from shop", "code": "TH68010"}]}
        det = client.post("/api/v1/custody/detentions", "sergeant", json=body)
        assert det.status_code == 201, det.json
        d = client.post(f"/api/v1/custody/detentions/{det.json['id']}/decision", "sergeant",
                        json={"decision": "authorise", "reason": "to charge", "at": body["arrival_at"]})
        assert d.status_code == 201, d.json
        if before:
            before(det.json)
        c = client.post(f"/api/v1/custody/detentions/{det.json['id']}/charge", "sergeant", json={"offences": body["offences"]})
        assert c.status_code == 201, c.json
        return det.json, c.json

    return _charge
