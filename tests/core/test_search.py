"""Unified search: misspelt, nicknamed and swapped names find the person; vehicles by part
of a registration; module hits with their source; only what the caller may see."""
from __future__ import annotations

import pytest

PEOPLE = {
    "robert": {"names": [{"given": "Robert", "family": "Fairweather"}], "dobs": ["1979-11-02"], "sex": "M",
               "addresses": [{"lines": ["3 Pond Street"], "postcode": "NW3 2PN"}]},
    "susan": {"names": [{"given": "Susan", "family": "Okonkwo-Reid"}, {"given": "Susan", "family": "Blake", "kind": "maiden"}],
              "dobs": ["1968-05-21"], "sex": "F"},
    "mohammed": {"names": [{"given": "Mohammed", "family": "Rahman"}], "dobs": ["2001-04-09"], "sex": "M"},
    "other": {"names": [{"given": "Alice", "family": "Fairbanks"}], "dobs": ["1950-01-01"], "sex": "F"},
}


@pytest.fixture
def people(client):
    ids = {}
    for key, body in PEOPLE.items():
        r = client.post("/api/v1/persons", "officer", json=body)
        assert r.status_code == 201, r.json
        ids[key] = r.json["id"]
    return ids


def _ids(r, kind="person"):
    assert r.status_code == 200, r.json
    return [h["id"] for h in r.json if h["type"] == kind]


@pytest.mark.parametrize("query,who", [
    ("Robert Fairweather", "robert"),
    ("bob fairweather", "robert"),                 # nickname
    ("Fairweather Robert", "robert"),              # swapped
    ("FAIRWEATHER, Robert", "robert"),
    ("Rob Fareweather 02/11/1979", "robert"),      # nickname + misspelt + dob
    ("Robert Fairwether", "robert"),               # misspelt
    ("Fairweather 11/02/1979", "robert"),          # day and month swapped
    ("Susan Blake", "susan"),                      # maiden name
    ("Susan Reid", "susan"),                       # half of a double-barrelled name
    ("Okonkwo Reid", "susan"),
    ("Muhammad Rahman", "mohammed"),               # transliteration variant
    ("Rahmen 09/04/2001", "mohammed"),
])
def test_name_variations_find_the_person(client, people, query, who):
    found = _ids(client.read("/api/v1/search", query_string={"q": query}))
    assert found and found[0] == people[who], (query, found)


def test_structured_search_with_dob_range_and_age(client, people):
    r = client.read("/api/v1/search", query_string={"family": "Fairwether", "dob": "1979-11-02"})
    assert _ids(r)[0] == people["robert"]
    r = client.read("/api/v1/search", query_string={"family": "Fairweather", "dob_from": "1990-01-01"})
    assert _ids(r) == []
    r = client.read("/api/v1/search", query_string={"q": "fair*", "age_min": 70})
    assert people["robert"] not in _ids(r)


def test_postcode_and_vehicle_search(client, people):
    v = client.post("/api/v1/objects", "officer", json={"kind": "vehicle", "vrm": "lb07 sey", "make": "Ford",
                                                          "model": "Focus", "colour": "Blue"})
    assert v.status_code == 201 and v.json["vrm"] == "LB07SEY"
    assert _ids(client.read("/api/v1/search", query_string={"q": "LB07SEY"}), "object") == [v.json["id"]]
    assert _ids(client.read("/api/v1/search", query_string={"vrm": "07SE"}), "object") == [v.json["id"]]
    assert _ids(client.read("/api/v1/search", query_string={"q": "nw3 2pn"})) == [people["robert"]]


@pytest.mark.parametrize("q", ["", "   ", "*", "%%", "* ?"])
def test_empty_and_wildcard_only_queries_are_400(client, q):
    r = client.read("/api/v1/search", query_string={"q": q})
    assert r.status_code == 400 and r.json["code"] == "bad_query"


@pytest.mark.parametrize("q", ["'; DROP TABLE core_persons; --", "Robert' OR '1'='1", "100% _Fair_"])
def test_sql_metacharacters_are_plain_text(client, people, q):
    r = client.read("/api/v1/search", query_string={"q": q})
    assert r.status_code in (200, 400)
    assert client.read(f"/api/v1/persons/{people['robert']}").status_code == 200


def test_search_needs_a_purpose_and_audits_the_persons_shown(client, people):
    assert client.get("/api/v1/search?q=Fairweather", "officer").status_code == 400
    client.read("/api/v1/search", query_string={"q": "Robert Fairweather"}, purpose="crime 01/99/26")
    audit = client.get(f"/api/v1/audit?action=consultation&entity_id={people['robert']}", "auditor").json
    assert audit and audit[0]["justification"] == "crime 01/99/26" and audit[0]["details"]["search"]


def test_restricted_persons_are_neither_shown_nor_counted(client, people):
    r = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Robert", "family": "Fairweather"}],
                                                         "dobs": ["1985-01-01"], "restriction": "restricted"})
    hidden = r.json["id"]
    seen = client.read("/api/v1/search", query_string={"q": "Robert Fairweather"})
    assert hidden not in _ids(seen) and '"total": 1' in seen.headers["X-Pagination"]
    assert hidden in _ids(client.read("/api/v1/search", "vetted", query_string={"q": "Robert Fairweather"}))


def test_module_hits_appear_with_their_source_only_while_enabled(client, people, enable):
    q = {"q": "Fairweather"}
    assert [h for h in client.read("/api/v1/search", "viewer", query_string=q).json if h["source"] == "mockmod"] == []
    enable(units=["Camden"])
    hits = client.read("/api/v1/search", "viewer", query_string=q).json
    assert [h["type"] for h in hits if h["source"] == "mockmod"] == ["thing"]
    hackney = client.read("/api/v1/search", "hackney_editor", query_string=q).json
    assert [h for h in hackney if h["source"] == "mockmod"] == []


def test_search_is_paginated(client, people):
    r = client.read("/api/v1/search", query_string={"q": "Fair*", "page_size": 1})
    assert r.status_code == 200 and len(r.json) == 1
