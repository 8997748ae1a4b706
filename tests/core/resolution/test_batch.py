"""`mips resolve`: a CSV of records in, one person id per distinct person out."""
from __future__ import annotations

import csv

from click.testing import CliRunner

from core.cli import main

HEADER = "record_id,source,given_name,family_name,dob,sex,address,postcode,pnc_id,cro_number,ni_number,driving_licence"
ROWS = [
    "1,cris,Robert,Fairweather,1979-11-02,M,,NW3 2PN,79/552301L,,,",
    "2,nspis,Bob,Fairweather,1979-11-02,M,,,,,,",
    "3,crimint,Fairweather,Robert,1979-11-02,M,,,,,,",
    "4,cris,Richard,Fairweather,1979-11-02,M,,NW3 2PN,,,,",
    "5,cris,John,Smith,1961-02-14,M,,E8 4RP,,,,",
    "6,cris,John,Smith,1988-07-30,M,,E8 4RP,,,,",
    "7,airspace,Danny,Moss,1990-12-03,M,,,,,,",
    "8,crimint,Daniel,Moss,1990-03-12,M,,,,,,",
    "9,copa,Mohammed,Rahman,2001-04-09,M,,,,,JK402913B,",
    "10,ewms,Muhammad,Rahman,,M,,,,,JK402913B,",
    "11,cris,Bad,Date,31/02/1990,M,,,,,,",
]


def _run(tmp_path, rows, header=HEADER):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("\n".join([header, *rows]) + "\n")
    result = CliRunner().invoke(main, ["resolve", str(src), str(out), "--quiet"])
    return result, out


def test_records_resolve_into_persons(tmp_path):
    result, out = _run(tmp_path, ROWS)
    assert result.exit_code == 0, result.output
    with out.open() as handle:
        person = {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}
    assert len(person) == len(ROWS)
    assert person["1"] == person["2"] == person["3"]          # nickname, transposed names
    assert person["4"] != person["1"]                          # the twin stays apart
    assert person["5"] != person["6"]                          # two John Smiths
    assert person["7"] == person["8"]                          # nickname + day/month swapped
    assert person["9"] == person["10"]                         # NI number, spelling of the name
    assert len(set(person.values())) == 7
    assert "1 rows had a bad date" in result.output


def test_a_missing_file_or_header_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["resolve", str(tmp_path / "nope.csv"), str(tmp_path / "out.csv")])
    assert result.exit_code == 1 and "No such file" in result.output
    result, _ = _run(tmp_path, ["1,Bob"], header="id,name")
    assert result.exit_code == 1 and "no record_id column" in result.output
