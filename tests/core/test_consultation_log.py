"""Consultation log gaps (issue 21, Medium): objects, locations and links are read with a
purpose and logged; a purpose given on the web covers what that page led to, not later,
unrelated person views; the bridge names every person it collects (not "517 persons");
``mips resolve`` logs its run."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from core.audit.log import verify
from core.audit.models import AuditEntry
from core.audit.queries import about
from core.cli import main
from core.legacy.bridge import bridge
from core.persons import service as persons
from core.persons.models import Person
from core.platform.db import commit, session
from tests.core.web_client import WebClient

PURPOSE = "Op Lantern vehicle check"


def _entries(app, entity_type: str, entity_id: str, actor: str | None = None) -> list[AuditEntry]:
    with app.app_context():
        stmt = select(AuditEntry).where(about(entity_type, entity_id)).order_by(AuditEntry.seq)
        if actor:
            stmt = stmt.where(AuditEntry.actor == actor)
        rows = list(session().scalars(stmt))
        session().expunge_all()
        return rows


@pytest.fixture
def pole(app, client):
    with app.app_context():
        pid = persons.create(session(), {"names": [{"given": "Robert", "family": "Fairweather"}],
                                         "dobs": ["1979-11-02"]}, system="mips", key="t/1").person.id
        commit()
    car = client.post("/api/v1/objects", "officer", json={"kind": "vehicle", "vrm": "AB12CDE"}).json["id"]
    home = client.post("/api/v1/locations", "officer", json={"lines": ["1 High St"], "postcode": "N1 1AA"}).json["id"]
    link = client.post("/api/v1/links", "officer", json={"from_type": "person", "from_id": pid, "to_type": "object",
                                                         "to_id": car, "role": "drives"}).json["id"]
    return {"person": pid, "object": car, "location": home, "link": link}


@pytest.mark.parametrize("path", ["/api/v1/objects", "/api/v1/objects/{object}", "/api/v1/locations",
                                  "/api/v1/locations/{location}", "/api/v1/links?entity_type=object&entity_id={object}"])
def test_objects_locations_and_links_need_a_purpose(client, pole, path):
    r = client.get(path.format(**pole), "officer")
    assert r.status_code == 400 and r.json["code"] == "purpose_required"
    assert client.read(path.format(**pole), purpose=PURPOSE).status_code == 200


@pytest.mark.parametrize(("path", "kind"), [("/api/v1/objects?vrm=AB12", "object"), ("/api/v1/objects/{object}", "object"),
                                            ("/api/v1/locations?postcode=N1 1AA", "location"),
                                            ("/api/v1/locations/{location}", "location")])
def test_reading_an_object_or_a_location_is_logged_with_its_purpose(app, client, pole, path, kind):
    assert client.read(path.format(**pole), purpose=PURPOSE).status_code == 200
    logged = [e for e in _entries(app, kind, pole[kind], "officer") if e.action == "consultation"]
    assert [e.justification for e in logged] == [PURPOSE]


def test_reading_links_is_logged_for_the_link_and_the_persons_it_leads_to(app, client, pole):
    r = client.read(f"/api/v1/links?entity_type=object&entity_id={pole['object']}", purpose=PURPOSE)
    assert [link["id"] for link in r.json] == [pole["link"]]
    assert [e.justification for e in _entries(app, "link", pole["link"], "officer")
            if e.action == "consultation"] == [PURPOSE]
    assert [e.justification for e in _entries(app, "person", pole["person"], "officer")
            if e.action == "consultation"] == [PURPOSE]


@pytest.fixture
def two(app):
    with app.app_context():
        a = persons.create(session(), {"names": [{"given": "Robert", "family": "Fairweather"}], "dobs": ["1979-11-02"]},
                           system="mips", key="t/a").person.id
        b = persons.create(session(), {"names": [{"given": "Ann", "family": "Lee"}], "dobs": ["1980-01-02"]},
                           system="mips", key="t/b").person.id
        commit()
    return a, b


def test_a_web_purpose_does_not_stick_to_a_later_unrelated_person(app, two):
    a, b = two
    web = WebClient(app).sign_in("officer")
    status, page = web.text(f"/persons/{a}", query_string={"purpose": "Crime CR/1/26"})
    assert status == 200 and "Fairweather" in page
    assert web.text(f"/persons/{a}")[0] == 200  # the same person again: the purpose still holds
    status, page = web.text(f"/persons/{b}")
    assert status == 200 and "Why are you looking at this person?" in page and "Lee" not in page
    assert [e.justification for e in _entries(app, "person", b) if e.action == "consultation"] == []


def test_a_search_purpose_covers_the_persons_it_found_and_no_other(app, two):
    a, b = two
    web = WebClient(app).sign_in("officer")
    assert web.text("/search", query_string={"q": "Robert Fairweather", "purpose": "CAD 5 street check"})[0] == 200
    status, page = web.text(f"/persons/{a}")
    assert status == 200 and "Fairweather" in page
    assert [e.justification for e in _entries(app, "person", a) if e.details.get("view")] == ["CAD 5 street check"]
    assert "Why are you looking at this person?" in web.text(f"/persons/{b}")[1]
    # a new search says why itself: the last purpose is offered, not assumed
    status, page = web.text("/search", query_string={"q": "Ann Lee"})
    assert status == 400 and "Enter why you are searching" in page


def test_the_bridge_names_every_person_it_collects(app, kernel, simulated_force):
    simulated_force(12, 3)
    with app.app_context():
        bridge(session(), kernel.plugins.adapters())
        commit()
        ids = list(session().scalars(select(Person.id)))
        assert len(ids) > 2
        assert verify(session()).ok
    for pid in ids:
        collected = [e for e in _entries(app, "person", pid) if e.action == "collection"]
        assert len(collected) == 1 and collected[0].actor != "", pid
    assert "persons" not in collected[0].entity_id


def test_mips_resolve_logs_its_run_without_the_records(app, tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("MIPS_DATABASE_URL", database_url)
    header = "record_id,source,given_name,family_name,dob,sex,address,postcode,pnc_id,cro_number,ni_number,driving_licence"
    src, out = tmp_path / "people.csv", tmp_path / "out.csv"
    src.write_text(f"{header}\n1,cris,Zebedee,Quark,1980-01-02,M,,,,,,\n2,cris,Zebedee,Quark,1980-01-02,M,,,,,,\n")
    result = CliRunner().invoke(main, ["resolve", str(src), str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        entries = session().scalars(select(AuditEntry).where(AuditEntry.action == "combination",
                                                             AuditEntry.entity_type == "resolution_file")).all()
        assert len(entries) == 1 and entries[0].actor.startswith("cli:")
        assert entries[0].details["input"] == "people.csv" and entries[0].details["records"] == 2
        assert "Quark" not in str(entries[0].details)


def test_mips_resolve_without_a_database_to_log_in_refuses_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("MIPS_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    src, out = tmp_path / "people.csv", tmp_path / "out.csv"
    src.write_text("record_id,given_name\n1,Zebedee\n")
    result = CliRunner().invoke(main, ["resolve", str(src), str(out), "--quiet"])
    assert result.exit_code == 1 and "audit" in result.output and not out.exists()


def test_the_custody_list_needs_a_purpose_and_logs_the_detentions_and_persons_listed(app, client, enable):
    """Through the kit's consulted_page, as any module's list of person-level records."""
    from tests.conftest import add_users

    enable("custody")
    add_users(app, {"sgt": ["custody_officer:custody", "officer"]})
    booked = client.post("/api/v1/custody/detentions", "sgt", json={
        "suite": "CAM", "person": {"names": [{"given": "Rob", "family": "Lans"}], "dobs": ["1984-03-02"]},
        "arrest_at": "2026-01-02T10:00:00+00:00", "offences": [{"wording": "theft"}]})
    assert booked.status_code == 201, booked.json
    r = client.get("/api/v1/custody/detentions", "sgt")
    assert r.status_code == 400 and r.json["code"] == "purpose_required"
    assert [d["id"] for d in client.read("/api/v1/custody/detentions", "sgt", purpose=PURPOSE).json] == [booked.json["id"]]
    listed = [e for e in _entries(app, "custody_detention", booked.json["id"], "sgt") if e.action == "consultation"]
    assert [(e.justification, e.module) for e in listed] == [(PURPOSE, "custody")]
    person = [e for e in _entries(app, "person", booked.json["person_id"], "sgt")
              if e.action == "consultation" and e.details.get("via") == "custody_detention"]
    assert [e.justification for e in person] == [PURPOSE]
