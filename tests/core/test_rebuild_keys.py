"""`mips persons rebuild-keys`: rows derived by an older engine are brought up to date,
only where they differ, and a second run changes nothing."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, func, insert, select, update

from core.cli import main
from core.persons.models import Location, Person, PersonBlockKey, PersonName
from core.persons.pole import location_text_norm
from core.persons.rebuild import _COLUMNS
from core.persons.service import DERIVED, derived_rows, sources_of
from core.platform.db import commit, session
from tests.conftest import make_app

ROBERT = {"names": [{"given": "Robert", "family": "Hargreaves"}], "dobs": ["1984-03-07"], "sex": "M",
          "identifiers": [{"kind": "pnc_id", "value": "84/123456X"}],
          "addresses": [{"lines": ["12 Acacia Avenue", "London"], "postcode": "NW1 2AB"}]}
MARY = {"names": [{"given": "Mary", "family": "Okonkwo"}, {"given": "Mary", "family": "Jones", "kind": "maiden"}],
        "dobs": ["1990-11-02"], "sex": "F"}


@pytest.fixture
def mips(database_url, monkeypatch, app):
    monkeypatch.setenv("MIPS_DATABASE_URL", database_url)
    monkeypatch.setenv("MIPS_SECRET_KEY", "cli-test-key-0123456789abcdef0123456789")
    monkeypatch.setattr("core.cli.base._app", lambda: make_app(database_url))
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


def _search(client, **params):
    r = client.read("/api/v1/search", query_string=params)
    assert r.status_code == 200, r.json
    return [h["id"] for h in r.json if h["type"] == "person"]


def _derived_as_expected(app) -> bool:
    with app.app_context():
        s = session()
        for person in s.scalars(select(Person)):
            wanted = derived_rows(person.id, [(src.id, src.data) for src in sources_of(s, person.id)])
            for model in DERIVED:
                cols = _COLUMNS[model]
                table = model.__table__
                stored = sorted(tuple(r) for r in s.execute(select(*[table.c[c] for c in cols])
                                                           .where(table.c.person_id == person.id)))
                if stored != sorted(tuple(r.get(c) for c in cols) for r in wanted[model]):
                    return False
    return True


def _age_keys(app, person_ids):
    """Make the stored rows look as an older engine wrote them: other key formats, stale
    phonetic columns, a name row lost, and a location's normalised text out of date."""
    with app.app_context():
        s = session()
        s.execute(delete(PersonBlockKey).where(PersonBlockKey.person_id.in_(person_ids)))
        s.execute(insert(PersonBlockKey), [{"person_id": pid, "key": f"old:{i}"} for i, pid in enumerate(person_ids)])
        s.execute(update(PersonName).where(PersonName.person_id == person_ids[0]).values(family_phonetic="XXX"))
        s.execute(delete(PersonName).where(PersonName.person_id == person_ids[1], PersonName.kind == "maiden"))
        s.execute(update(Location).values(text_norm="stale"))
        commit()


def test_rebuild_keys_restores_what_an_older_engine_left_behind_and_is_idempotent(app, client, mips):
    ids = [client.post("/api/v1/persons", "officer", json=body).json["id"] for body in (ROBERT, MARY)]
    loc = client.post("/api/v1/locations", "officer", json={"lines": ["3 Pond Street", "London"], "postcode": "NW3 2PN"})
    assert loc.status_code == 201, loc.json
    assert _derived_as_expected(app)
    _age_keys(app, ids)
    assert not _derived_as_expected(app)
    # Stale keys: a misspelt name and a maiden name no longer reach the persons.
    assert ids[0] not in _search(client, family="Hargreeves", dob="1984-03-07")
    assert ids[1] not in _search(client, q="mary jones")

    r = mips("persons", "rebuild-keys", "--batch-size", "1")
    assert r.exit_code == 0, r.output
    assert "2 persons checked, 2 had stale keys" in r.output
    assert "1 locations checked, 1 updated" in r.output
    assert _derived_as_expected(app)
    assert ids[0] in _search(client, family="Hargreeves", dob="1984-03-07")
    assert ids[1] in _search(client, q="mary jones")
    with app.app_context():
        assert session().scalar(select(Location.text_norm)) == location_text_norm(["3 Pond Street", "London"])
        assert session().scalar(select(func.count()).select_from(PersonBlockKey).where(PersonBlockKey.key.like("old:%"))) == 0

    with app.app_context():
        before = {model: sorted(session().scalars(select(model.id))) for model in DERIVED}
    again = mips("persons", "rebuild-keys", "--quiet")
    assert again.exit_code == 0, again.output
    assert "2 persons checked, 0 had stale keys" in again.output
    with app.app_context():  # nothing rewritten: the very same rows
        assert {model: sorted(session().scalars(select(model.id))) for model in DERIVED} == before


def test_rebuild_keys_leaves_merged_persons_without_rows_and_is_audited(app, client, mips):
    a = client.post("/api/v1/persons", "officer", json=ROBERT).json["id"]
    b = client.post("/api/v1/persons", "officer", json=MARY).json["id"]
    r = client.post(f"/api/v1/persons/{a}/merge", "records", json={"person_id": b, "reason": "test"})
    assert r.status_code in (200, 201), r.json
    assert mips("persons", "rebuild-keys").exit_code == 0
    with app.app_context():
        s = session()
        assert s.scalar(select(func.count()).select_from(PersonName).where(PersonName.person_id == b)) == 0
        assert s.scalar(select(func.count()).select_from(PersonName).where(PersonName.person_id == a)) == 3
    assert _derived_as_expected(app)
    entries = client.get("/api/v1/audit?action=alteration&entity_type=person_keys", "auditor").json
    assert entries and entries[-1]["details"]["persons"] == 2
