"""Custody fixtures: the module on force-wide, a user per custody role, and a helper that
books a detainee in through the API as a custody sergeant would."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import add_users

CUSTODY_USERS = {
    "sergeant": ["custody_officer:custody", "officer"],
    "gaoler": ["detention_officer:custody", "officer"],
    "inspector": ["inspector:custody", "officer"],
    "superintendent": ["superintendent:custody", "officer"],
    "custody_reader": ["reader:custody", "officer"],
}


@pytest.fixture
def custody(app, client, enable):
    add_users(app, CUSTODY_USERS)
    enable("custody")
    return client


def ago(**kw) -> datetime:
    return datetime.now(timezone.utc) - timedelta(**kw)


PERSON = {"names": [{"given": "Robert", "family": "Lansbury"}], "dobs": ["1984-03-02"], "sex": "M",
          "identifiers": [{"kind": "pnc_id", "value": "84/123456A"}]}


@pytest.fixture
def book(custody):
    """Book someone in (arrested ``arrest`` ago, arrived ``arrival`` ago); returns the JSON."""

    def _book(person=None, *, arrest=timedelta(hours=2), arrival=timedelta(hours=1, minutes=30), suite="CAM",
              offences=None, authorise=True, **extra):
        body = {"suite": suite, "person": person or PERSON, "arrest_at": ago(seconds=arrest.total_seconds()).isoformat(),
                "arrival_at": ago(seconds=arrival.total_seconds()).isoformat(), "arrest_place": "Camden High St",
                "arresting_officer": "pc_jones", "officer_in_case": "dc_smith", "grounds": "Seen taking goods",
                "offences": offences or [{"wording": "Theft from shop", "code": "TH68010"}]} | extra
        r = custody.post("/api/v1/custody/detentions", "sergeant", json=body)
        assert r.status_code == 201, r.json
        if authorise:
            d = custody.post(f"/api/v1/custody/detentions/{r.json['id']}/decision", "sergeant",
                             json={"decision": "authorise", "reason": "to secure evidence by questioning",
                                   "at": body["arrival_at"]})
            assert d.status_code == 201, d.json
        return r.json

    return _book
