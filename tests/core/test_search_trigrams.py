"""Misspelt names found without a date of birth, through the name trigram indexes (pg_trgm
on PostgreSQL, FTS5 on SQLite); what does not fit is left out; nothing typed is syntax."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from core.persons import bulk
from core.persons.models import new_id
from core.persons.search_keys import token_keys
from core.platform.db import session
from core.search import name_trigrams
from tests.core.test_search import _ids, people  # noqa: F401  (the fixture)

# Each misspelling sounds different (its phonetic key is not the name's): only trigrams find it.
MISSPELT = [
    ("Robert Faiwreather", "robert"),
    ("Robert Fairweahter", "robert"),
    ("Robert Fairweater", "robert"),
    ("Fairveather Robert", "robert"),
    ("Robert Fairqeather", "robert"),    # the key next to W
    ("Robetr Fairweather", "robert"),    # the given name misspelt
    ("Mohammed Rahamn", "mohammed"),
    ("Susan Okonkow", "susan"),          # one half of a double-barrelled name, misspelt
]



def _looked_up(conn, part, keys=()):
    """The persons a token part's trigram look-up brings ([] when it is skipped)."""
    stmt = name_trigrams.candidates(conn, part, keys)
    return [] if stmt is None else list(conn.scalars(stmt))


@pytest.mark.parametrize("query,who", MISSPELT)
def test_misspellings_that_change_the_sound_are_found_without_a_date(client, people, query, who):
    typed = {t.upper() for t in query.split()}
    known = {"ROBERT", "FAIRWEATHER", "MOHAMMED", "RAHMAN", "SUSAN", "OKONKWO"}
    assert any(not token_keys(t) & token_keys(k) for t in typed - known for k in known if k[0] == t[0])
    found = _ids(client.read("/api/v1/search", query_string={"q": query}))
    assert found and found[0] == people[who], (query, found)


@pytest.mark.parametrize("given,family,typed", [("Pauline", "Sykes", "Syeks"), ("Teresa", "Kelly", "Klely")])
def test_two_letters_swapped_in_a_short_name(client, people, given, family, typed):
    """No trigram inside the name survives the swap: its first or last letters do."""
    assert not token_keys(typed) & token_keys(family)
    r = client.post("/api/v1/persons", "officer", json={"names": [{"given": given, "family": family}]})
    found = _ids(client.read("/api/v1/search", query_string={"q": f"{given} {typed}"}))
    assert found == [r.json["id"]]


def test_the_closest_names_are_kept_when_there_are_many(app, client, monkeypatch):
    """A token's look-up keeps its PER_TOKEN closest names: here, only the closest."""
    ids = {}
    for family in ("Marsh", "Martin", "Mason", "Maris", "Sykes"):
        r = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Ann", "family": family}]})
        ids[family] = r.json["id"]
    monkeypatch.setattr(name_trigrams, "PER_TOKEN", 1)
    with app.app_context():
        conn = session().connection()
        name_trigrams.prepare(conn, ["MARTNI"])
        assert _looked_up(conn, "MARTNI") == [ids["Martin"]]


def test_a_name_many_hold_exactly_is_left_to_the_keys(app, client, people, monkeypatch):
    """With PER_TOKEN exact holders the look-up could only return them: it is skipped."""
    monkeypatch.setattr(name_trigrams, "PER_TOKEN", 1)
    with app.app_context():
        conn = session().connection()
        assert _looked_up(conn, "ROBERT") == []
        assert _looked_up(conn, "ROBETR") == [people["robert"]]
    found = _ids(client.read("/api/v1/search", query_string={"q": "Robert Faiwreather"}))
    assert found == [people["robert"]]


def test_structured_given_and_family_misspelt(client, people):
    r = client.read("/api/v1/search", query_string={"given": "Robert", "family": "Faiwreather"})
    assert _ids(r) == [people["robert"]]


def test_every_token_must_fit_the_same_person(client, people):
    # Alice's family name is not near FAIWREATHER, and Robert is not Alice
    assert _ids(client.read("/api/v1/search", query_string={"q": "Alice Faiwreather"})) == []
    assert _ids(client.read("/api/v1/search", query_string={"q": "Robert Fairbanks"})) == []


def test_a_different_name_is_not_returned(client, people):
    found = _ids(client.read("/api/v1/search", query_string={"q": "Fairbnaks"}))
    assert found == [people["other"]]
    assert _ids(client.read("/api/v1/search", query_string={"q": "Robert Weatherall"})) == []


def test_the_dated_search_is_unchanged(client, people):
    r = client.read("/api/v1/search", query_string={"q": "Robert Faiwreather 02/11/1979"})
    assert _ids(r) == [people["robert"]]
    assert _ids(client.read("/api/v1/search", query_string={"q": "Robert Faiwreather 03/03/1990"})) == []


@pytest.mark.parametrize("q", ["O'Brien", '"', "%", "*", "OR", "NEAR(", "Fair\"weather", "Robert OR Fairweather",
                               "NEAR(Fairweather Robert)", "Fair*weather", "AND NOT Fairweather", "Fairweather^",
                               "O'Brien-Fairweather", "'''' \"\"\"\""])
def test_search_syntax_in_a_token_is_plain_text(client, people, q):
    r = client.read("/api/v1/search", query_string={"q": q})
    assert r.status_code in (200, 400), r.json
    r = client.read("/api/v1/search", query_string={"given": q, "family": q + "weather"})
    assert r.status_code in (200, 400), r.json


@pytest.mark.parametrize("part", ['AB"CD', "NEAR(ABC", "A OR B", 'X"" OR ""Y', "*ABC*", "'; DROP"])
def test_trigram_lookup_quotes_what_it_is_given(app, part):
    """Below the query parser (which keeps only letters): the look-up itself is safe."""
    with app.app_context():
        conn = session().connection()
        assert _looked_up(conn, part) == []


def test_bulk_loaded_persons_are_found_by_trigrams(app, client):
    pid = new_id()
    data = {"names": [{"given": "Harriet", "family": "Quartermaine"}], "dobs": ["1990-02-03"]}
    with app.app_context():
        bulk.load_batch(session(), [(pid, [("test", "q1", data)])])
        session().commit()
    assert _ids(client.read("/api/v1/search", query_string={"q": "Harriet Quatremaine"})) == [pid]


def _trigram_rows(conn, gram: str) -> set[int]:
    return set(conn.scalars(text(f"SELECT rowid FROM {name_trigrams.FTS_TABLE} WHERE {name_trigrams.FTS_TABLE} "
                                 "MATCH :q"), {"q": name_trigrams.fts_string(gram)}))


def test_the_sqlite_index_follows_edits_merges_and_unmerges(app, client, people, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the FTS5 table and its triggers are SQLite's")
    robert, mohammed = people["robert"], people["mohammed"]
    etag = client.read(f"/api/v1/persons/{robert}").headers["ETag"]
    edit = {"names": [{"given": "Robert", "family": "Quigley", "kind": "alias"}]}
    assert client.put(f"/api/v1/persons/{robert}", "officer", json=edit, headers={"If-Match": etag}).status_code == 200
    assert client.post(f"/api/v1/persons/{robert}/merge", "records", json={"person_id": mohammed}).status_code == 200
    assert client.post(f"/api/v1/persons/{robert}/unmerge", "records", json={"person_id": mohammed}).status_code == 200
    with app.app_context():
        conn = session().connection()
        rows = conn.execute(text("SELECT id, given_norm, family_norm FROM core_person_names")).all()
        padded = [(i, f" {g} ", f" {f} ") for i, g, f in rows]  # as the triggers index them
        grams = {n[i:i + 3] for _, g, f in padded for n in (g, f) for i in range(len(n) - 2)} | {"ZZZ", " QU"}
        for gram in grams:
            assert _trigram_rows(conn, gram) == {i for i, g, f in padded if gram in g or gram in f}, gram
    assert _ids(client.read("/api/v1/search", query_string={"q": "Robert Quiglye"})) == [robert]


def test_a_token_whose_sound_many_persons_share_is_left_to_the_keys(app, client, people, monkeypatch):
    """A name typed as it is spelt brings its persons through the keys; the trigram
    look-up, the costly part of a search without a date, is skipped for it."""
    from core.persons.search_keys import token_keys

    monkeypatch.setattr(name_trigrams, "KEYED_ENOUGH", 1)
    with app.app_context():
        conn = session().connection()
        name_trigrams.prepare(conn, ["FAIRWEATHER"])
        assert _looked_up(conn, "FAIRWEATHER", sorted(token_keys("FAIRWEATHER"))) == []
        assert people["robert"] in _looked_up(conn, "FAIWREATHER", sorted(token_keys("FAIWREATHER")))
    assert people["robert"] in _ids(client.read("/api/v1/search", query_string={"q": "Robert Fairweather"}))
