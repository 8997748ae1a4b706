"""A person the caller may not see looks exactly like one that does not exist, on every
surface that could give them away: links (and the safe house they lead to), a merged
record's forwarding address, a record that matches them, the custody list and board."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

WITNESS = {"names": [{"given": "Orla", "family": "Quennell"}], "dobs": ["1990-01-05"],
           "identifiers": [{"kind": "pnc_id", "value": "90/222222Q"}]}


def _witness_with_links(client):
    witness = client.post("/api/v1/persons", "vetted", json=WITNESS | {"restriction": "restricted"}).json
    car = client.post("/api/v1/objects", "officer", json={"kind": "vehicle", "vrm": "KX19ABC"}).json
    house = client.post("/api/v1/locations", "vetted", json={"lines": ["1 Safe Street"], "postcode": "N1 1AA"}).json
    for body in ({"from_type": "person", "from_id": witness["id"], "to_type": "object", "to_id": car["id"], "role": "drives"},
                 {"from_type": "person", "from_id": witness["id"], "to_type": "location", "to_id": house["id"],
                  "role": "lives_at"},
                 {"from_type": "object", "from_id": car["id"], "to_type": "location", "to_id": house["id"], "role": "associate"}):
        assert client.post("/api/v1/links", "vetted", json=body).status_code == 201
    return witness, car, house


def test_links_never_lead_to_a_hidden_person_or_their_safe_house(client):
    witness, car, house = _witness_with_links(client)
    links = client.read(f"/api/v1/links?entity_type=object&entity_id={car['id']}", "officer").json
    assert links == []  # the car's links go to the witness and to the safe house
    assert len(client.read(f"/api/v1/links?entity_type=object&entity_id={car['id']}", "vetted").json) == 2
    for kind, ident in (("person", witness["id"]), ("location", house["id"]), ("person", "0" * 32)):
        assert client.read(f"/api/v1/links?entity_type={kind}&entity_id={ident}", "officer").json == []
    assert client.read(f"/api/v1/locations/{house['id']}", "officer").status_code == 404
    assert client.read("/api/v1/locations?postcode=N1 1AA", "officer").json == []
    hidden = client.post("/api/v1/links", "officer", json={"from_type": "person", "from_id": witness["id"],
                                                           "to_type": "object", "to_id": car["id"], "role": "drives"})
    missing = client.post("/api/v1/links", "officer", json={"from_type": "person", "from_id": "0" * 32,
                                                            "to_type": "object", "to_id": car["id"], "role": "drives"})
    assert (hidden.status_code, hidden.json["code"]) == (missing.status_code, missing.json["code"]) == (404, "unknown_person")


def test_a_record_matching_a_hidden_person_is_a_new_person_and_names_nobody(app, client):
    witness = client.post("/api/v1/persons", "vetted", json=WITNESS | {"restriction": "restricted"}).json
    r = client.post("/api/v1/persons", "officer", json=WITNESS)
    ordinary = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Zed", "family": "Nobody"}]})
    assert r.status_code == ordinary.status_code == 201
    assert r.json["id"] != witness["id"] and witness["id"] not in str(r.json)
    assert r.json["resolution"]["outcome"] == "created" and r.json["resolution"]["review_candidates"] == []
    queued = client.get("/api/v1/persons/matches", "vetted").json  # vetted holds no matches right: records do
    assert isinstance(queued, (list, dict))


def test_a_person_merged_into_a_hidden_one_answers_as_unknown(app, client):
    from core.persons import merging
    from core.platform.db import commit, session

    witness = client.post("/api/v1/persons", "vetted", json=WITNESS | {"restriction": "restricted"}).json
    alias = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Olga", "family": "Kent"}]}).json
    with app.app_context():
        merging.merge(session(), witness["id"], alias["id"], reason="same woman")
        commit()
    hidden = client.read(f"/api/v1/persons/{alias['id']}", "officer")
    missing = client.read(f"/api/v1/persons/{'0' * 32}", "officer")
    assert (hidden.status_code, hidden.json) == (missing.status_code, missing.json | {
        "message": missing.json["message"].replace("0" * 32, alias["id"])})
    assert witness["id"] not in str(hidden.json)
    vetted = client.read(f"/api/v1/persons/{alias['id']}", "vetted")
    assert vetted.status_code == 404 and vetted.json["errors"]["merged_into"] == witness["id"]


def test_the_custody_list_and_board_leave_out_a_detainee_the_viewer_may_not_see(client, enable, app):
    from core.identity.services import create_user
    from core.platform.db import commit, session
    from tests.conftest import PASSWORD

    enable("custody")
    kernel = app.extensions["mips"]
    with app.app_context():
        for name, roles in (("sgt.vetted", ["custody_officer:custody", "officer", "vetted"]),
                            ("sgt.plain", ["custody_officer:custody", "officer"])):
            create_user(session(), kernel.known_roles(), username=name, password=PASSWORD, unit="Camden", roles=roles)
        commit()
    witness = client.post("/api/v1/persons", "vetted", json=WITNESS | {"restriction": "restricted"}).json
    now = datetime.now(timezone.utc)
    det = client.post("/api/v1/custody/detentions", "sgt.vetted", json={
        "suite": "CAM", "person_id": witness["id"], "arrest_at": (now - timedelta(hours=1)).isoformat(),
        "offences": [{"wording": "Breach of the peace"}]})
    assert det.status_code == 201, det.json
    plain = client.read(f"/api/v1/custody/detentions?person_id={witness['id']}", "sgt.plain").json
    assert plain == []
    board = client.get("/api/v1/custody/suites/CAM/board", "sgt.plain").json
    assert det.json["custody_no"] not in str(board) and witness["id"] not in str(board)
    assert client.get(f"/api/v1/custody/detentions/{det.json['id']}/clock", "sgt.plain").status_code == 404
    assert len(client.read(f"/api/v1/custody/detentions?person_id={witness['id']}", "sgt.vetted").json) == 1
    # booking the hidden person again: the plain sergeant is told what an unknown id gets (not
    # the open custody number), and nothing is written; only the vetted hear it is open
    body = {"suite": "CAM", "arrest_at": (now - timedelta(minutes=30)).isoformat(),
            "offences": [{"wording": "Breach of the peace"}]}
    hidden = client.post("/api/v1/custody/detentions", "sgt.plain", json=body | {"person_id": witness["id"]})
    missing = client.post("/api/v1/custody/detentions", "sgt.plain", json=body | {"person_id": "0" * 32})
    assert (hidden.status_code, hidden.json["code"]) == (missing.status_code, missing.json["code"]) == (404, "unknown_person")
    assert det.json["custody_no"] not in str(hidden.json)
    assert len(client.read("/api/v1/custody/detentions", "sgt.vetted").json) == 1
    again = client.post("/api/v1/custody/detentions", "sgt.vetted", json=body | {"person_id": witness["id"]})
    assert again.status_code == 409
