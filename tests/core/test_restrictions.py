"""A restriction (a protected witness, a cover identity) survives every way records are
combined: a match decision, a merge, a record that resolves to a known person; only those
with the right see or decide anything that touches a restricted person; a restriction can
be added, and with the right lifted, after the record was made, each change audited."""
from __future__ import annotations

import pytest

from core.persons.models import MatchCandidate, Person
from core.platform.db import commit, session

WITNESS = {"names": [{"given": "Orla", "family": "Quennell"}], "dobs": ["1990-01-05"],
           "addresses": [{"lines": ["Refuge, 1 Safe Street"], "postcode": "N1 1AA"}]}
KNOWN = {"names": [{"given": "Orla", "family": "Quenell"}], "dobs": ["1990-01-05"]}


@pytest.fixture
def vetted_manager(app):
    from core.identity.services import create_user
    from tests.conftest import PASSWORD

    kernel = app.extensions["mips"]
    with app.app_context():
        create_user(session(), kernel.known_roles(), username="vetted.records", password=PASSWORD, unit="Camden",
                    roles=["records_manager", "vetted", "officer"])
        commit()
    return "vetted.records"


def _person(client, body, user="officer", **extra):
    r = client.post("/api/v1/persons", user, json=body | extra)
    assert r.status_code in (200, 201, 202), r.json
    return r.json


def _queue(app, a, b):
    with app.app_context():
        cand = MatchCandidate(person_a=a, person_b=b, probability=0.9, weight=5.0, reason="same date of birth")
        session().add(cand)
        commit()
        return cand.id


def test_the_queue_hides_restricted_persons_and_only_the_vetted_decide(app, client, vetted_manager):
    witness = _person(client, WITNESS, "vetted", restriction="restricted")
    other = _person(client, {"names": [{"given": "Dan", "family": "Other"}], "dobs": ["1970-02-02"]})
    match = _queue(app, witness["id"], other["id"])
    listed = client.get("/api/v1/persons/matches", "records").json
    assert match not in [m["id"] for m in listed]
    r = client.post(f"/api/v1/persons/matches/{match}", "records", json={"decision": "accept"})
    assert r.status_code == 404 and r.json["code"] == "unknown_match"
    r = client.post("/api/v1/persons/matches/no-such-match", "records", json={"decision": "accept"})
    assert r.status_code == 404 and r.json["code"] == "unknown_match"  # the same answer as for a hidden one
    assert match in [m["id"] for m in client.get("/api/v1/persons/matches", vetted_manager).json]
    assert client.post(f"/api/v1/persons/matches/{match}", vetted_manager, json={"decision": "accept"}).status_code == 200
    with app.app_context():
        assert session().get(Person, witness["id"]).restriction == "restricted"  # the survivor is the witness


def test_merging_a_restricted_person_into_another_restricts_the_survivor_until_unmerged(app, client, vetted_manager):
    witness = _person(client, WITNESS, "vetted", restriction="restricted")
    other = _person(client, {"names": [{"given": "Orla", "family": "Smith"}], "dobs": ["1991-01-05"]})
    assert client.post(f"/api/v1/persons/{other['id']}/merge", "records",
                       json={"person_id": witness["id"]}).status_code == 404  # not visible to the unvetted
    r = client.post(f"/api/v1/persons/{other['id']}/merge", vetted_manager, json={"person_id": witness["id"]})
    assert r.status_code == 200, r.json
    assert client.read(f"/api/v1/persons/{other['id']}", "officer").status_code == 404
    assert client.read(f"/api/v1/persons/{other['id']}", "vetted").json["restriction"] == "restricted"
    hits = client.read("/api/v1/search?q=Orla Smith 05/01/1991", "officer").json
    assert other["id"] not in [h["id"] for h in hits]
    r = client.post(f"/api/v1/persons/{other['id']}/unmerge", vetted_manager, json={"person_id": witness["id"]})
    assert r.status_code == 200
    assert client.read(f"/api/v1/persons/{other['id']}", "officer").status_code == 200  # as it was before the merge


def test_a_restricted_record_that_resolves_to_a_known_person_restricts_them(app, client):
    known = _person(client, KNOWN | {"identifiers": [{"kind": "pnc_id", "value": "90/111111Q"}]})
    r = client.post("/api/v1/persons", "officer", json=WITNESS | {"identifiers": [{"kind": "pnc_id", "value": "90/111111Q"}],
                                                                  "restriction": "restricted"})
    assert r.status_code == 202 and "id" not in r.json  # recorded, against a person the caller may no longer see
    with app.app_context():
        assert session().get(Person, known["id"]).restriction == "restricted"
    assert client.read(f"/api/v1/persons/{known['id']}", "officer").status_code == 404


def test_a_restriction_is_added_and_lifted_with_the_right_and_audited(app, client, vetted_manager):
    person = _person(client, KNOWN)
    url = f"/api/v1/persons/{person['id']}/restriction"
    assert client.put(url, "officer", json={"restriction": "restricted", "reason": "witness"}).status_code == 403
    r = client.put(url, "records", json={"restriction": "restricted", "reason": "now a protected witness"})
    assert r.status_code == 200 and r.json["restriction"] == "restricted"
    assert client.put(url, "records", json={"restriction": None, "reason": "x" * 5}).status_code == 404  # cannot see it
    r = client.put(url, vetted_manager, json={"restriction": None, "reason": "protection ended"})
    assert r.status_code == 200 and r.json["restriction"] is None
    audit = client.get(f"/api/v1/audit?entity_type=person&entity_id={person['id']}&action=alteration", "auditor").json
    reasons = [e["details"].get("reason") for e in audit]
    assert "now a protected witness" in reasons and "protection ended" in reasons
