"""`mips resolve` and resolve_records: records in, one person id per distinct person out."""
from __future__ import annotations

import csv

import pandas as pd
from click.testing import CliRunner

from core.cli import main
from core.resolution.batch import resolve_csv, resolve_records
from core.resolution.features import from_columns
from core.resolution.record import Name, PartialDate, PersonRecord

HEADER = "record_id,source,given_name,family_name,dob,sex,address,postcode,pnc_id,cro_number,ni_number,driving_licence"
ROWS = [
    "1,cris,Robert,Fairweather,1979-11-02,M,12 Heath Street,NW3 2PN,79/552301L,,,",
    "2,nspis,Bob,Fairweather,1979-11-02,M,,,,,,",
    "3,crimint,Fairweather,Robert,1979-11-02,M,,,,,,",
    "4,cris,Richard,Fairweather,1979-11-02,M,12 Heath Street,NW3 2PN,,,,",
    "5,cris,John,Smith,1961-02-14,M,4 Mare Street,E8 4RP,,,,",
    "6,cris,John,Smith Jr,1988-07-30,M,4 Mare Street,E8 4RP,,,,",
    "7,airspace,Danny,Moss,1990-12-03,M,,,,,,",
    "8,crimint,Daniel,Moss,1990-03-12,M,,,,,,",
    "9,copa,Mohammed,Rahman,2001-04-09,M,,,,,JK402913B,",
    "10,ewms,Muhammad,Rahman,,M,,,,,JK 40 29 13 B,",
    "11,cris,Bad,Date,31/02/1990,M,,,,,,",
    "12,cris,Susan,Blake-Okonkwo,1970-05-05,F,7 Elm Road,W5 5AA,,,,",
    "13,cris,Susan,Okonkwo,1970,F,7 Elm Road,W5 5AA,,,,",
    "14,cris,John,Smith,1961-02-14,M,9 Long Lane,SE1 1AA,61/0000001A,,,",
    "15,cris,John,Smith,1961-02-14,M,2 Short Road,N1 1AA,61/0000002B,,,",
]


def _run(tmp_path, rows, header=HEADER, *extra):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("\n".join([header, *rows]) + "\n")
    result = CliRunner().invoke(main, ["resolve", str(src), str(out), "--quiet", *extra])
    return result, out


def _read(out):
    with out.open() as handle:
        return {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}


def _resolved(tmp_path, rows):
    """record_id -> person_id of rows resolved by `mips resolve`, which must succeed."""
    result, out = _run(tmp_path, rows)
    assert result.exit_code == 0, result.output
    return _read(out)


def test_records_resolve_into_persons(tmp_path):
    result, out = _run(tmp_path, ROWS)
    assert result.exit_code == 0, result.output
    person = _read(out)
    assert len(person) == len(ROWS)
    assert person["1"] == person["2"] == person["3"]          # nickname, transposed names
    assert person["4"] != person["1"]                          # the twin stays apart
    assert person["5"] != person["6"]                          # father and son ("Jr") at one address
    assert person["7"] == person["8"]                          # nickname + day/month swapped
    assert person["9"] == person["10"]                         # NI number agrees, spelling of the name differs
    assert person["12"] == person["13"]                        # double-barrelled name, year-only date
    assert len({person["5"], person["14"], person["15"]}) == 3  # John Smiths, two with conflicting PNC IDs
    assert len(set(person.values())) == 10
    assert "1 rows had a bad date" in result.output


def test_resolve_csv_reports_what_it_did(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("\n".join([HEADER, *ROWS, "", ",cris,No,Id,,,,,,,,", "2,cris,Dup,Licate,,,,,,,,",
                               "16,cris,Too,Many,,,,,,,,,,,,"]) + "\n")
    stats = resolve_csv(src, out, progress=False)
    assert stats["records"] == len(ROWS) and stats["persons"] == 10
    assert stats["bad_dates"] == 1 and stats["rejected_rows"] == 3
    reasons = list(stats["rejections"].values())
    assert any("duplicate" in r for r in reasons) and any("missing record_id" in r for r in reasons)
    assert any("expected 12 fields" in r for r in reasons)


def test_only_record_id_is_required(tmp_path):
    result, out = _run(tmp_path, ["a,Robert,Fairweather", "b,Bob,Fairweather", "c,Jane,Doe"],
                       header="record_id,given_name,family_name")
    assert result.exit_code == 0, result.output
    person = _read(out)
    assert len(set(person.values())) in (2, 3)  # without dates the Fairweathers may go to review, never merge wrongly
    assert person["c"] not in (person["a"], person["b"])


def test_bad_input_is_a_clear_error_not_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["resolve", str(tmp_path / "nope.csv"), str(tmp_path / "out.csv")])
    assert result.exit_code == 1 and "No such file" in result.output and "Traceback" not in result.output
    result, _ = _run(tmp_path, ["1,Bob"], header="id,name")
    assert result.exit_code == 1 and "no record_id column" in result.output
    (tmp_path / "empty.csv").write_text("")
    result = CliRunner().invoke(main, ["resolve", str(tmp_path / "empty.csv"), str(tmp_path / "out.csv")])
    assert result.exit_code == 1 and "empty" in result.output
    result, _ = _run(tmp_path, ROWS[:2], HEADER)
    bad_out = CliRunner().invoke(main, ["resolve", str(tmp_path / "in.csv"), str(tmp_path / "no" / "dir" / "o.csv")])
    assert bad_out.exit_code == 1 and "cannot write" in bad_out.output


def test_uncertain_pairs_can_be_written_for_review(tmp_path):
    rows = ["a,cris,John,Smith,1961-02-15,M,9 Long Lane,SE1 1AA,,,,", "b,cris,John,Smith,1961-02-14,M,4 Mare Street,E8 4RP,,,,"]
    result, out = _run(tmp_path, rows, HEADER, "--review", str(tmp_path / "review.csv"))
    assert result.exit_code == 0, result.output
    person = _read(out)
    assert person["a"] != person["b"]  # a name and a near date, elsewhere: review, not merge
    with (tmp_path / "review.csv").open() as handle:
        pairs = list(csv.DictReader(handle))
    assert [{p["record_id_a"], p["record_id_b"]} for p in pairs] == [{"a", "b"}]
    assert "1 pairs for review" in result.output


def test_resolve_records_reads_every_name_and_partial_dates():
    records = [
        PersonRecord("a", (Name("Susan", "Okonkwo"), Name("Susan", "Blake", "maiden")), (PartialDate(1970, 5, 5),), "F"),
        PersonRecord("b", (Name("Susan", "Blake"),), (PartialDate(1970, 5),), "F", postcodes=("NW1 2AB",)),
        PersonRecord("c", (Name("Sue", "Blake"),), (PartialDate(1970, 5, 5),), "F", postcodes=("NW1 2AB",)),
        PersonRecord("d", (Name("Sarah", "Blake"),), (PartialDate(1970, 5, 5),), "F", postcodes=("NW1 2AB",)),
        PersonRecord("e", (Name("Wayne", "Rooney"),), (PartialDate(1985, 10, 24),), "M"),
    ]
    person = resolve_records(records)
    assert person["a"] == person["b"] == person["c"]
    assert person["d"] != person["a"] and person["e"] != person["a"]
    assert len(set(person.values())) == 3


def test_another_schemes_number_links_records_whose_names_were_replaced(tmp_path):
    """The optional other_id column (a foreign social security number): agreement links
    at once, even where a given name was replaced in keying."""
    header = HEADER + ",other_id"
    rows = ["1,x,Chloe,Pantazopoulos,1986-08-07,F,3 Kent Street,2615,,,,,5610312",
            "2,x,Eboni,Pantazopoulos,1986-08-07,F,3 Kent Street,2615,,,,,5610312",
            "3,x,Eboni,Pantazopoulos,1986-08-07,F,3 Kent Street,2615,,,,,",
            "4,x,Kate,Pantazopoulos,1986-08-07,F,3 Kent Street,2615,,,,,7781234"]
    result, out = _run(tmp_path, rows, header)
    assert result.exit_code == 0, result.output
    ids = _read(out)
    assert ids["1"] == ids["2"] == ids["3"]
    assert ids["4"] != ids["1"]


def test_a_postcode_kept_on_the_address_line_compares_with_one_kept_apart():
    """Several legacy systems keep an address on one line with the postcode at its end;
    the same address from a system that keeps the postcode apart must read the same."""
    frame, _ = from_columns(pd.DataFrame({
        "record_id": ["cris", "ewms", "both"], "given_name": ["Di", "Didi", "Di"], "family_name": ["Riley"] * 3,
        "address": ["Studio 51a Wheeler Causeway", "Studio 51A Wheeler Causeway, WF82 6NB",
                    "Studio 51A Wheeler Causeway WF82 6NB"],
        "postcode": ["wf82 6nb", "", "WF82 6NB"]}))
    assert frame["address"].tolist() == ["STUDIO 51A WHEELER CAUSEWAY"] * 3
    assert frame["postcode"].tolist() == ["WF82 6NB"] * 3 and frame["district"].tolist() == ["WF82"] * 3


def test_records_at_one_address_link_whichever_way_the_postcode_was_kept(tmp_path):
    rows = ["1,cris,Wilma,Okafor,,F,8 Angela Shore,SW5Y 1LH,,,,",
            "2,ewms,Wilma,Okafor,1990-10-07,F,\"8 Angela Shore, SW5Y 1LH\",,,,,",
            "3,copa,Wilma,Okafor,1990-10-07,F,,,,,,"]
    ids = _resolved(tmp_path, rows)
    assert ids["1"] == ids["2"] == ids["3"]


def test_a_date_of_birth_a_day_out_is_one_person_a_month_out_is_not(tmp_path):
    rows = ["1,cris,Heather,Bruce,2008-05-09,F,Flat 7 Tony Mission,G49 5SB,,,,",
            "2,nspis,Heather,Bruce,2008-05-10,F,Flat 7 Tony Mission,G49 5SB,,,,",
            "3,cris,Heather,Bruce,2008-06-21,F,Flat 7 Tony Mission,G49 5SB,,,,"]
    ids = _resolved(tmp_path, rows)
    assert ids["1"] == ids["2"] != ids["3"]


def test_a_rare_spelling_a_keystroke_from_a_common_name_is_a_slip_of_it(tmp_path):
    """AAAM is given once among many ADAMs: a slip, so AAAM Harper is Adam Harper. DEAN
    and SEAN are both given often: twins of those names at one address stay two."""
    surnames = ["Abbott", "Baker", "Carter", "Dixon", "Ellis", "Fisher", "Grant", "Hughes", "Irwin", "Jarvis",
                "Kemp", "Lloyd", "Mason", "Nash", "Owen", "Price", "Quinn", "Reid", "Shaw", "Todd", "Vince",
                "Wade", "Young", "Booth", "Cole"]
    rows = [f"{given[0]}{i},x,{given},{family},19{60 + i}-0{1 + i % 9}-1{i % 9},,,,,,,"
            for given in ("Adam", "Dean", "Sean") for i, family in enumerate(surnames)]
    rows += ["h1,cris,Adam,Harper,2019-02-06,,Flat 5 McDonald Islands,BN5A 9JQ,,,,",
             "h2,copa,Adam,Harper,2019-02-06,,Flat 5 McDonald Islands,BN5A 9JQ,,,,",
             "h3,cris,Aaam,Harper,2019-02-06,,Flat 5 McDonald Islands,BN5A 9JQ,,,,",
             "w1,cris,Dean,Walsh,2001-03-04,,2 Mill Lane,LS1 4AB,,,,",
             "w2,cris,Sean,Walsh,2001-03-04,,2 Mill Lane,LS1 4AB,,,,"]
    ids = _resolved(tmp_path, rows)
    assert ids["h1"] == ids["h2"] == ids["h3"]
    assert ids["w1"] != ids["w2"]


def test_names_swapped_and_one_of_them_a_nickname_are_one_person(tmp_path):
    rows = ["1,cris,Danielle,Heath,1976-10-15,F,Flat 47Y Banks Turnpike,B1S 3BA,,,,",
            "2,cris,Heath,Ellie,1976-10-15,F,Flat 47Y Banks Turnpike,B1S 3BA,,,,",
            "3,cris,Kathryn,Kennedy,1968-10-20,F,8 Wood Extension,CB4 6JE,,,,",
            "4,cris,Kennedy,Kate,1968-10-20,F,8 Wood Extension,CB4 6JE,,,,",
            "5,cris,Heath,Ellie,1979-01-02,F,9 Other Road,B2 4CC,,,,"]
    ids = _resolved(tmp_path, rows)
    assert ids["1"] == ids["2"] and ids["3"] == ids["4"]
    assert ids["5"] not in (ids["1"], ids["3"])


def test_transposed_misspelt_names_meet_their_person_at_one_postcode_or_on_one_date(tmp_path):
    """"BLAKE Nicoa", no date of birth, at Nicola Blake's postcode, and "HOOER Jacob" on Jacob
    Hooper's date of birth at another address: one name part transposed, the other misspelt,
    so no rule on both names' sounds pairs them."""
    rows = ["1,airspace,Nicola,Blake,2016-12-26,F,89 Smith Cliff,G21 9YX,,,,",
            "2,airspace,Nicola,Blake,2016-12-26,F,89 Smith Cliff,G21 9YX,,,,",
            "3,crimint,Blake,Nicoa,,,89 Smith Cliff,G21 9YX,,,,",
            "4,cris,Jacob,Hooper,1981-04-17,M,5 Park Road,LS6 2QT,,,,",
            "5,cris,Jacob,Hooper,1981-04-17,M,5 Park Road,LS6 2QT,,,,",
            "6,copa,Hooer,Jacob,1981-04-17,M,,,,,,"]
    person = _resolved(tmp_path, rows)
    assert person["3"] == person["1"] == person["2"]
    assert person["6"] == person["4"] == person["5"]
    assert person["1"] != person["4"]
