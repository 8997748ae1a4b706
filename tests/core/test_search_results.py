"""What a search result shows and says: one surviving name (the person page's, the link
chart's, the API's) whichever name the query matched, aliases listed as aliases, warning
markers, date of birth with age, an address, and reasons in plain words, not scores."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.persons import service as persons
from core.persons.models import Link, Person, WarningMarker
from core.persons.survivorship import surviving_name
from core.platform.db import commit, session
from tests.core.web_client import WebClient

PNC = {"kind": "pnc_id", "value": "90/123456X"}
EMMA = [  # oldest first: her maiden name keyed as the main name once, a misspelling once, her name twice
    ("cris", "cris:CR/0000017/24#1:victim", "Emma", "King"),
    ("nspis", "c/1", "Emam", "Moss"),
    ("crimint", "s/1", "Emma", "Moss"),
    ("merlin", "p/1", "Emma", "Moss"),
]


@pytest.fixture
def emma(app):
    with app.app_context():
        ids = set()
        for system, key, given, family in EMMA:
            data = {"names": [{"given": given, "family": family}], "dobs": ["1990-12-03"], "sex": "F",
                    "identifiers": [PNC], "addresses": [{"lines": ["5 Lea Bridge Road"], "postcode": "E5 9QB"}]}
            ids.add(persons.create(session(), data, system=system, key=key).person.id)
        assert len(ids) == 1, "the PNC ID links every record to one person"
        pid = ids.pop()
        friend = persons.create(session(), {"names": [{"given": "Ada", "family": "Lovell"}], "dobs": ["1991-01-01"]},
                                system="mips", key="x/1").person
        session().add_all([WarningMarker(person_id=pid, marker="weapons", detail="Knife 2024", source_system="crimint"),
                           Link(from_type="person", from_id=friend.id, to_type="person", to_id=pid, role="associate")])
        commit()
        return pid


@pytest.fixture
def officer(app):
    return WebClient(app).sign_in("officer")


def test_the_surviving_name_is_the_one_most_sources_give_however_keyed():
    def src(given, family, kind="primary"):
        return {"names": [{"given": given, "family": family, "kind": kind}]}

    assert surviving_name([src("Emma", "King"), src("Emam", "Moss"), src("Emma", "Moss"), src("Emma", "Moss")]) == "Emma Moss"
    # a nickname and transposed names count for the full name; the fuller given name wins a tie
    assert surviving_name([src("Fairweather", "Robert"), src("Bob", "Fairweather"), src("Robert", "Fairweather")]) \
        == "Robert Fairweather"
    assert surviving_name([src("Susan", "Blake", "maiden"), src("Susan", "Okonkwo-Reid")]) == "Susan Okonkwo-Reid"


def test_one_name_everywhere_search_api_person_page_and_link_chart(app, client, officer, emma):
    hits = client.read("/api/v1/search?q=Emam+Moss").json
    person = next(h for h in hits if h["id"] == emma)
    assert person["title"] == "Emma Moss"
    assert "found under another name they are recorded with: Emam Moss" in person["why"]
    view = client.read(f"/api/v1/persons/{emma}/view").json
    assert [n["kind"] for n in view["names"]][0] == "primary"
    assert (view["names"][0]["given"], view["names"][0]["family"]) == ("Emma", "Moss")
    assert {(n["given"], n["family"]) for n in view["names"] if n["kind"] == "alias"} == {("Emma", "King"), ("Emam", "Moss")}
    root = next(n for n in view["chart"]["nodes"] if n.get("root"))
    assert root["label"] == "Emma Moss"
    page = officer.text(f"/persons/{emma}?purpose=CAD+9")[1]
    assert '<h1 class="govuk-heading-l">Emma Moss</h1>' in page
    assert "Alias" in page and "Emma King" in page and "Primary" not in page


def test_a_result_shows_markers_date_of_birth_age_address_and_plain_reasons(app, officer, emma):
    status, page = officer.text("/search?q=emam+moss+03/12/1990&purpose=CAD+9")
    assert status == 200
    result = page[page.index('data-group="person"'):]
    result = result[:result.index("</li>")]
    assert "WEAPONS" in result and result.index("WEAPONS") < result.index("Emma Moss")  # markers first
    assert "born 03/12/1990 (age " in result
    assert "5 Lea Bridge Road, E5 9QB" in result
    assert "same date of birth" in result and "same name" in result
    assert "0." not in result.split("Found because:")[1]  # no scores


@pytest.mark.parametrize("query, words", [
    ("emma moss 03/12/1990", ["same date of birth", "same name"]),
    ("emma mosse", ["name sounds the same"]),
    ("ewma moss 03/12/1990", ["same date of birth", "name spelt differently"]),
    ("moss emma", ["surname typed first"]),
    ("emma moss 12/03/1990", ["date of birth with day and month swapped"]),
])
def test_reasons_are_plain_words(client, emma, query, words):
    hit = next(h for h in client.read(f"/api/v1/search?q={query}").json if h["id"] == emma)
    for w in words:
        assert any(w in why for why in hit["why"]), hit["why"]
    assert not any(why.startswith("name 0") or why.startswith("name 1") for why in hit["why"])


def test_a_nickname_is_said_to_be_one(app, client):
    with app.app_context():
        pid = persons.create(session(), {"names": [{"given": "Robert", "family": "Fairweather"}], "dobs": ["1979-11-02"]},
                             system="mips", key="r/1").person.id
        commit()
    hit = next(h for h in client.read("/api/v1/search?q=bob+fairweather").json if h["id"] == pid)
    assert "a nickname of the name searched" in hit["why"]
