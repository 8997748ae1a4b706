"""The seven adapters against a simulated force: every mention the systems hold comes out
once, under the simulator's key, as person data the persons API accepts."""
from __future__ import annotations

import csv
import sqlite3

import pytest
from click.testing import CliRunner

from core.cli import main
from core.http.persons_schemas import PersonIn
from core.legacy.connections import engine_for
from core.legacy.protocol import Mention, Rejection, dob_iso, split_surname_first, split_surname_last
from core.plugins import PluginHost
from core.resolution.normalise import normalise_postcode

SYSTEMS = {"cris": "investigation", "crimint": "intelligence", "merlin": "intelligence", "airspace": "investigation",
           "nspis": "custody", "copa": "prosecution", "ewms": "prosecution"}


@pytest.fixture(scope="module")
def force(tmp_path_factory):
    out = tmp_path_factory.mktemp("force")
    assert CliRunner().invoke(main, ["legacy", "simulate", "--persons", "800", "--seed", "9", "--out", str(out)]).exit_code == 0
    return out


@pytest.fixture(scope="module")
def adapters():
    return PluginHost().adapters()


@pytest.fixture(scope="module")
def extracted(force, adapters):
    import os

    os.environ["MIPS_LEGACY_DIR"] = str(force)
    out = {}
    for system, adapter in adapters.items():
        with engine_for(system).connect() as conn:
            out[system] = [m for record in adapter.extract(conn, batch_size=97) for m in adapter.mentions(record)]
    del os.environ["MIPS_LEGACY_DIR"]
    return out


def test_all_seven_adapters_are_registered_with_the_module_that_retires_them(adapters):
    assert {s: a.replaced_by for s, a in adapters.items()} == SYSTEMS


def test_every_mention_comes_out_once_under_its_key(force, extracted):
    with (force / "truth.csv").open() as handle:
        truth = {row["mention_key"] for row in csv.DictReader(handle)}
    keys = [m.mention_key for batch in extracted.values() for m in batch]
    assert len(keys) == len(set(keys))
    assert set(keys) == truth


def test_mentions_are_person_data_the_persons_api_accepts(extracted):
    schema = PersonIn()
    for system, batch in extracted.items():
        mentions = [m for m in batch if isinstance(m, Mention)]
        assert mentions, system
        for m in mentions:
            errors = schema.validate(m.person)
            assert errors == {} or set(errors) <= {"names"}, (m.mention_key, m.person, errors)


def test_names_and_dates_are_read_in_each_systems_habit(extracted):
    nspis = [m for m in extracted["nspis"] if isinstance(m, Mention)]
    assert all(m.person["names"][0]["family"][:1].isupper() and not m.person["names"][0]["family"].isupper()
               for m in nspis if len(m.person["names"][0]["family"]) > 1)
    copa_dobs = [d for m in extracted["copa"] if isinstance(m, Mention) for d in m.person["dobs"]]
    assert copa_dobs and all(len(d) in (4, 10) for d in copa_dobs)


def test_a_postcode_kept_on_the_address_line_becomes_the_postcode(extracted):
    """CrimInt, COPA, EWMS and NSPIS (and Merlin for carers) keep "12 Mare Street, E8 4RP" on
    one line; the person data carries the line and the postcode apart, as CRIS gives them."""
    for system in ("crimint", "copa", "ewms", "nspis"):
        addresses = [a for m in extracted[system] if isinstance(m, Mention) for a in m.person.get("addresses", [])]
        assert addresses, system
        assert all(a["postcode"] and a["postcode"] == normalise_postcode(a["postcode"]) for a in addresses), system
        assert not any(a["postcode"] in " ".join(a["lines"]) for a in addresses), system


def _mentions_after(force, adapters, tmp_path, system: str, sql: str) -> list:
    """The mentions of a copy of one system's file after ``sql`` altered it."""
    import shutil

    from sqlalchemy import create_engine

    db = tmp_path / f"{system}.db"
    shutil.copy(force / f"{system}.db", db)
    with sqlite3.connect(db) as conn:
        conn.execute(sql)
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        out = [m for r in adapters[system].extract(conn) for m in adapters[system].mentions(r)]
    engine.dispose()
    return out


def test_a_malformed_row_is_rejected_with_a_reason_and_the_rest_go_on(force, adapters, tmp_path):
    out = _mentions_after(force, adapters, tmp_path, "cris", "UPDATE crime_persons SET dob = '31/02/1990' WHERE id = 1")
    rejected = [m for m in out if isinstance(m, Rejection)]
    assert len(rejected) == 1 and "31/02/1990" in rejected[0].reason
    assert len(out) == len(extracted_keys(force, "cris"))


def test_an_nspis_file_without_the_detainee_address_is_still_read(force, adapters, tmp_path):
    """Files simulated before NSPIS kept the detainee's address read as before, without it."""
    out = _mentions_after(force, adapters, tmp_path, "nspis", "ALTER TABLE custody_records DROP COLUMN detainee_address")
    assert len(out) == len(extracted_keys(force, "nspis"))
    assert all(isinstance(m, Mention) and "addresses" not in m.person for m in out)


def extracted_keys(force, system):
    with (force / "truth.csv").open() as handle:
        return [r for r in csv.DictReader(handle) if r["mention_key"].startswith(system + ":")]


def test_lookup_by_reference(force, adapters):
    with sqlite3.connect(force / "nspis.db") as conn:
        (custody_no,) = conn.execute("SELECT custody_no FROM custody_records LIMIT 1").fetchone()
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{force / 'nspis.db'}")
    with engine.connect() as conn:
        record = adapters["nspis"].lookup(conn, custody_no.lower())
        assert record is not None and record.key == custody_no
        assert adapters["nspis"].lookup(conn, "CR/0000001/24") is None
    engine.dispose()


@pytest.mark.parametrize("text,expected", [("SMITH John", ("John", "SMITH")), ("OKONKWO-REID Susan Ann", ("Susan Ann", "OKONKWO-REID")),
                                           ("DE LA CRUZ Maria", ("Maria", "DE LA CRUZ"))])
def test_surname_first_names(text, expected):
    assert split_surname_first(text) == expected


def test_surname_last_names_and_dates():
    assert split_surname_last("John SMITH") == ("John", "SMITH")
    assert dob_iso("03/04/1985") == "1985-04-03" and dob_iso("1985") == "1985" and dob_iso("") is None
    assert dob_iso("14-Feb-1961", ("%d-%b-%Y",)) == "1961-02-14"
    with pytest.raises(ValueError):
        dob_iso("31/02/1990")
