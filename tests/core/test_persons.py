"""Persons: one record per person, built from source records, resolved on the way in,
edited safely, merged and unmerged without losing anything."""
from __future__ import annotations

import pytest

JOHN = {"names": [{"given": "Robert", "family": "Hargreaves"}], "dobs": ["1984-03-07"], "sex": "M",
        "identifiers": [{"kind": "pnc_id", "value": "84/123456X"}],
        "addresses": [{"lines": ["12 Acacia Avenue", "London"], "postcode": "nw1 2ab"}]}


def _create(client, body, user="officer"):
    r = client.post("/api/v1/persons", user, json=body)
    assert r.status_code in (200, 201), r.json
    return r


def test_create_then_read_with_a_purpose(client):
    r = _create(client, JOHN)
    assert r.status_code == 201 and r.json["resolution"]["outcome"] == "created"
    assert r.headers["ETag"]
    pid = r.json["id"]
    got = client.read(f"/api/v1/persons/{pid}")
    assert got.status_code == 200
    assert got.json["names"][0] == {"given": "Robert", "family": "Hargreaves", "kind": "primary",
                                    "sources": [got.json["sources"][0]["id"]]}
    assert got.json["dob"] == "1984-03-07"
    assert got.json["addresses"][0]["postcode"] == "NW1 2AB"
    assert got.json["identifiers"][0]["kind"] == "pnc_id"


def test_reading_a_person_needs_a_purpose_and_is_audited_with_it(client):
    pid = _create(client, JOHN).json["id"]
    r = client.get(f"/api/v1/persons/{pid}", "officer")
    assert r.status_code == 400 and r.json["code"] == "purpose_required"
    client.read(f"/api/v1/persons/{pid}", purpose="CAD 4471 28/11 stop check")
    entries = client.get(f"/api/v1/audit?action=consultation&entity_type=person&entity_id={pid}", "auditor").json
    assert [e["justification"] for e in entries] == ["CAD 4471 28/11 stop check"]
    assert entries[0]["actor"] == "officer"


def test_the_same_person_again_returns_the_existing_record_with_evidence(client):
    first = _create(client, JOHN).json
    again = {"names": [{"given": "Bob", "family": "Hargreaves"}], "dobs": ["1984-03-07"],
             "identifiers": [{"kind": "pnc_id", "value": "84/123456X"}]}
    r = _create(client, again)
    assert r.status_code == 200
    assert r.json["id"] == first["id"]
    assert r.json["resolution"]["outcome"] == "matched"
    assert any(e["field"] == "pnc_id" for e in r.json["resolution"]["evidence"])
    names = {(n["given"], n["kind"]) for n in r.json["names"]}
    assert ("Robert", "primary") in names and ("Bob", "alias") in names
    assert len(r.json["sources"]) == 2


def test_the_same_source_twice_creates_nothing_twice(client):
    body = JOHN | {"source": {"system": "ops", "key": "victim/991"}}
    a = _create(client, body)
    b = _create(client, body)
    assert a.json["id"] == b.json["id"] and b.status_code == 200
    assert len(b.json["sources"]) == 1
    audit = client.get(f"/api/v1/audit?entity_type=person&entity_id={a.json['id']}&action=consultation", "auditor").json
    assert len(audit) == 1  # learning of a person already known is a consultation


def test_only_an_adapter_records_what_a_legacy_system_holds(client):
    r = client.post("/api/v1/persons", "officer", json=JOHN | {"source": {"system": "cris", "key": "v/1001"}})
    assert r.status_code == 403 and r.json["code"] == "legacy_source"


def test_different_people_stay_apart(client):
    a = _create(client, JOHN).json["id"]
    twin = {"names": [{"given": "Richard", "family": "Hargreaves"}], "dobs": ["1984-03-07"],
            "addresses": [{"lines": ["12 Acacia Avenue"], "postcode": "NW1 2AB"}]}
    b = _create(client, twin)
    assert b.status_code == 201 and b.json["id"] != a


def test_edits_need_the_current_etag(client):
    r = _create(client, JOHN)
    pid, etag = r.json["id"], r.headers["ETag"]
    edit = {"names": [{"given": "Robert", "family": "Hargreaves"}, {"given": "Rob", "family": "Harg", "kind": "alias"}]}
    assert client.put(f"/api/v1/persons/{pid}", "officer", json=edit).status_code == 428
    ok = client.put(f"/api/v1/persons/{pid}", "officer", json=edit, headers={"If-Match": etag})
    assert ok.status_code == 200, ok.json
    assert ("Rob", "alias") in {(n["given"], n["kind"]) for n in ok.json["names"]}
    stale = client.put(f"/api/v1/persons/{pid}", "officer", json=edit, headers={"If-Match": etag})
    assert stale.status_code == 412 and stale.json["code"] == "precondition_failed"


def _view(client, pid):
    body = client.read(f"/api/v1/persons/{pid}", "records").json
    return {k: v for k, v in body.items() if k not in ("version", "updated_at")}


def test_merge_then_unmerge_restores_both_records_exactly(client):
    a = _create(client, JOHN).json["id"]
    other = {"names": [{"given": "Roberta", "family": "Smythe", "kind": "primary"}], "dobs": ["1990-01-01"],
             "sex": "F", "addresses": [{"lines": ["1 Canal St"], "postcode": "E8 1AA"}]}
    b = _create(client, other).json["id"]
    client.post(f"/api/v1/persons/{b}/markers", "officer", json={"marker": "violent", "detail": "assault on police 2024"})
    before_a, before_b = _view(client, a), _view(client, b)
    r = client.post(f"/api/v1/persons/{a}/merge", "records", json={"person_id": b, "reason": "same PNC on paper file"})
    assert r.status_code == 200, r.json
    merged = _view(client, a)
    assert len(merged["sources"]) == 2 and [m["marker"] for m in merged["markers"]] == ["violent"]
    gone = client.read(f"/api/v1/persons/{b}", "records")
    assert gone.status_code == 404 and gone.json["code"] == "person_merged" and gone.json["errors"]["merged_into"] == a
    r = client.post(f"/api/v1/persons/{a}/unmerge", "records", json={"person_id": b})
    assert r.status_code == 200, r.json
    assert _view(client, a) == before_a
    assert _view(client, b) == before_b
    combos = client.get("/api/v1/audit?action=combination", "auditor").json
    assert len(combos) == 2


def test_only_records_managers_merge(client):
    a = _create(client, JOHN).json["id"]
    b = _create(client, {"names": [{"given": "Ann", "family": "Other"}]}).json["id"]
    assert client.post(f"/api/v1/persons/{a}/merge", "officer", json={"person_id": b}).status_code == 403


def test_restricted_persons_are_invisible_without_the_right(client):
    pid = _create(client, {"names": [{"given": "Cover", "family": "Identity"}], "restriction": "restricted"}).json["id"]
    r = client.read(f"/api/v1/persons/{pid}", "officer")
    assert r.status_code == 404 and r.json["code"] == "unknown_person"
    assert client.read(f"/api/v1/persons/{pid}", "vetted").status_code == 200


def test_warning_markers_come_first(client):
    pid = _create(client, JOHN).json["id"]
    r = client.post(f"/api/v1/persons/{pid}/markers", "officer", json={"marker": "weapons", "detail": "carries a knife"})
    assert r.status_code == 201
    body = client.read(f"/api/v1/persons/{pid}").json
    assert body["markers"][0]["marker"] == "weapons"


@pytest.mark.parametrize("body,field", [
    ({"names": []}, "names"),
    ({"names": [{"given": "", "family": ""}]}, "names"),
    ({"names": [{"family": "X"}], "dobs": ["2999-01-01"]}, "dobs"),
    ({"names": [{"family": "X"}], "dobs": ["31/02/1980"]}, "dobs"),
    ({"names": [{"family": "X"}], "identifiers": [{"kind": "ni_number", "value": "not-an-ni"}]}, "identifiers"),
    ({"names": [{"family": "X"}], "identifiers": [{"kind": "shoe_size", "value": "9"}]}, "identifiers"),
    ({"names": [{"family": "X"}], "addresses": [{"postcode": "NOT A CODE"}]}, "addresses"),
    ({"names": [{"family": "X"}], "sex": "Q"}, "sex"),
])
def test_bad_person_input_is_422_naming_the_field_and_writes_nothing(client, body, field):
    r = client.post("/api/v1/persons", "officer", json=body)
    assert r.status_code == 422 and field in r.json["errors"]["json"], r.json
    assert client.get("/api/v1/audit?entity_type=person", "auditor").json == []


def test_a_probable_match_goes_to_review_not_merged_and_a_person_decides(client):
    jonathan = {"names": [{"given": "Jonathan", "family": "Price"}], "dobs": ["1975-06-14"], "sex": "M"}
    a = _create(client, jonathan).json["id"]
    r = _create(client, jonathan | {"sex": "F"})  # all agrees but sex: never merged silently
    assert r.status_code == 201 and r.json["resolution"]["outcome"] == "review"
    assert r.json["resolution"]["review_candidates"] == [a]
    assert "sex different" in r.json["resolution"]["reason"]
    pending = client.get("/api/v1/persons/matches?status=pending", "records").json
    assert len(pending) == 1 and {pending[0]["person_a"], pending[0]["person_b"]} == {a, r.json["id"]}
    assert {e["field"] for e in pending[0]["evidence"]} >= {"given", "family", "dob", "sex"}
    assert client.get("/api/v1/persons/matches", "officer").status_code == 403
    d = client.post(f"/api/v1/persons/matches/{pending[0]['id']}", "records", json={"decision": "accept"})
    assert d.status_code == 200 and d.json["status"] == "accepted"
    assert client.get("/api/v1/persons/matches?status=pending", "records").json == []
    survivor = client.read(f"/api/v1/persons/{pending[0]['person_a']}", "records").json
    assert len(survivor["sources"]) == 2
    again = client.post(f"/api/v1/persons/matches/{pending[0]['id']}", "records", json={"decision": "reject"})
    assert again.status_code == 409 and again.json["code"] == "already_decided"


def test_a_contribution_about_a_restricted_person_does_not_reveal_it(client):
    """Not attached to the hidden person (no 202 to tell them apart): a new person, answered
    exactly as any new person, the match queued for those who may see it."""
    body = {"names": [{"given": "Cover", "family": "Identity"}], "identifiers": [{"kind": "ni_number", "value": "AB123456C"}]}
    hidden = _create(client, body | {"restriction": "restricted"}, "vetted").json["id"]
    r = client.post("/api/v1/persons", "officer", json=body)
    assert r.status_code == 201 and r.json["id"] != hidden and hidden not in str(r.json)
    assert r.json["resolution"]["outcome"] == "created"


def _person_data(row: dict) -> dict:
    """A synthetic CSV-shaped row as the API's person data."""
    data = {"names": [{"given": row["given_name"], "family": row["family_name"]}],
            "dobs": [row["dob"]] if row.get("dob") else [], "sex": row.get("sex") or None,
            "identifiers": [{"kind": k, "value": row[k]} for k in ("pnc_id", "cro_number", "ni_number") if row.get(k)],
            "addresses": [{"lines": [row["address"]], "postcode": row.get("postcode")}] if row.get("address") else []}
    return {k: v for k, v in data.items() if v}


def test_best_matches_decides_as_comparing_every_candidate_in_full(app):
    """best_matches loads and compares in full only the candidates their indexed rows do not
    already rule out; every decision is the one a full comparison of every candidate makes."""
    from core.persons import service as persons
    from core.persons.models import Person, SourceRecord, new_id
    from core.persons.person_data import to_record
    from core.platform.db import session
    from core.resolution.compare import compare
    from research.synthetic import generate

    rows, truth = generate(200, seed=4)
    known, incoming = rows[: len(rows) // 2], rows[len(rows) // 2:]
    with app.app_context():
        s = session()
        clusters: dict[str, Person] = {}
        for row in known:  # each synthetic person once, their records as its sources
            person = clusters.get(truth[row["record_id"]])
            if person is None:
                person = clusters[truth[row["record_id"]]] = Person(id=new_id())
                s.add(person)
                s.flush()
            s.add(SourceRecord(id=new_id(), person_id=person.id, system="test", key=row["record_id"],
                               data=_person_data(row), received_by="test"))
            s.flush()
            persons.rebuild(s, person)
        kept = decided = 0
        for row in incoming + known[:40]:
            rec = to_record("incoming", [_person_data(row)])
            ids = persons.candidates(s, rec)
            full = [(pid, compare(rec, other)) for pid, other in persons.records_of(s, ids).items()]
            expected = sorted([(pid, d) for pid, d in full if d.outcome != "non_match"], key=lambda pd: pd[1].weight,
                              reverse=True)
            assert persons.best_matches(s, rec) == expected, row
            kept += len(expected)
            decided += len(full)
        assert decided > 150 and kept > 30, (decided, kept)  # enough candidates, and matches among them, to mean something
