"""Why the demo's suggested person showed "the CRIS system did not answer" for every
legacy item while CRIS answered for everyone else: the demo keyed its persons' CRIS
records ``v/1001``, a reference no CRIS holds. The page now tells "holds no such record"
apart from "did not answer", and a person's real CRIS records are read as before."""
from __future__ import annotations

from core.persons import service as persons
from core.platform.db import commit, session
from tests.core.test_web_person_view import force  # noqa: F401  (the simulated, bridged force)
from tests.core.web_client import WebClient


def test_a_reference_the_live_system_does_not_hold_is_not_called_an_outage(app, client, force):  # noqa: F811
    with app.app_context():
        pid = persons.create(session(), {"names": [{"given": "Robert", "family": "Fairweather"}], "dobs": ["1979-11-02"]},
                             system="cris", key="v/1001").person.id
        commit()
    item = next(i for i in client.read(f"/api/v1/persons/{pid}/view").json["timeline"] if i["source"] == "cris")
    assert item["found"] is False and item["answered"] is True
    page = WebClient(app).sign_in("officer").text(f"/persons/{pid}?purpose=CAD+1")[1]
    assert "CRIS answered but holds no record v/1001 now" in page and "did not answer" not in page
    real = client.read(f"/api/v1/persons/{force}/view").json["timeline"]
    assert all(i["found"] for i in real if i["source_kind"] == "legacy")  # the bridged person's records are read live


def test_a_system_that_is_not_reachable_did_not_answer(app, client, monkeypatch):
    monkeypatch.delenv("MIPS_LEGACY_DIR", raising=False)
    with app.app_context():
        pid = persons.create(session(), {"names": [{"given": "Rob", "family": "Fairweather"}], "dobs": ["1979-11-02"]},
                             system="cris", key="cris:CR/1/24#1:suspect").person.id
        commit()
    item = next(i for i in client.read(f"/api/v1/persons/{pid}/view").json["timeline"] if i["source"] == "cris")
    assert item["found"] is False and item["answered"] is False
    page = WebClient(app).sign_in("officer").text(f"/persons/{pid}?purpose=CAD+1")[1]
    assert "the CRIS system did not answer" in page
