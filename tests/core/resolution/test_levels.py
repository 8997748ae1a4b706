"""The comparison levels are written twice, in Python for one pair and in SQL for the
batch; on thousands of generated pairs they must agree level for level."""
from __future__ import annotations

import random

import duckdb
import pytest

from core.resolution.features import from_records
from core.resolution.levels import address_level, dob_level, name_level, name_of, postcode_level, sex_level
from core.resolution.normalise import normalise_address, postcode_key
from core.resolution.record import PartialDate
from core.resolution.splink_model import ADDRESS_SQL, DOB_SQL, NAME_NULL, NAME_SQL, POSTCODE_SQL, SEX_SQL, load
from research.synthetic import generate, to_record


def _case(levels: dict[str, str], null_sql: str) -> str:
    whens = "\n".join(f"when {sql} then '{label}'" for label, sql in levels.items())
    return f"case when {null_sql} then 'missing' {whens} else 'different' end"


@pytest.fixture(scope="module")
def pairs():
    rows, truth = generate(600, seed=3)
    records = [to_record(r) for r in rows]
    rng = random.Random(1)
    by_person: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_person.setdefault(truth[r["record_id"]], []).append(i)
    same = [(a, b) for members in by_person.values() for a in members for b in members if a < b]
    rand = [tuple(sorted(rng.sample(range(len(rows)), 2))) for _ in range(1500)]
    con = duckdb.connect()
    load(con, from_records(records))
    con.execute("create table pairs (l integer, r integer)")
    con.executemany("insert into pairs values (?, ?)", same + rand)
    null = lambda c: f"{c}_l is null or {c}_r is null"  # noqa: E731
    cols = {"name": _case(NAME_SQL, NAME_NULL), "dob": _case(DOB_SQL, null("dob_y")), "sex": _case(SEX_SQL, null("sex")),
            "postcode": _case(POSTCODE_SQL, null("postcode")), "address": _case(ADDRESS_SQL, null("address"))}
    suffixed = ", ".join(f"x.{c} as {c}_l, y.{c} as {c}_r" for c in
                         ("given", "given_tokens", "given_variants", "given_phon", "family", "family_parts", "family_phon",
                          "families", "family_variants", "dob_y", "dob_m", "dob_d", "dob8", "sex", "postcode", "district", "address",
                          "address_tokens"))
    sql = (f"select l, r, {', '.join(f'{expr} as {name}' for name, expr in cols.items())} from "
           f"(select p.l, p.r, {suffixed} from pairs p join records x on x.uid = p.l join records y on y.uid = p.r)")
    return records, con.execute(sql).fetchall()


def test_python_and_sql_levels_agree(pairs):
    records, rows = pairs
    seen = set()
    for l, r, name, dob, sex, postcode, address in rows:
        a, b = records[l], records[r]
        py_name = name_level(name_of(a.names[0]), name_of(b.names[0])) if a.names and b.names else "missing"
        py_dob = dob_level(a.dobs[0], b.dobs[0]) if a.dobs and b.dobs else "missing"
        py_pc = postcode_level(postcode_key(a.postcodes[0]) if a.postcodes else None,
                               postcode_key(b.postcodes[0]) if b.postcodes else None)
        py_addr = address_level(normalise_address(a.addresses[0]) if a.addresses else None,
                                normalise_address(b.addresses[0]) if b.addresses else None)
        assert (py_name, py_dob, sex_level(a.sex, b.sex), py_pc, py_addr) == (name, dob, sex, postcode, address), \
            (a, b)
        seen.update({("name", name), ("dob", dob)})
    # the generated pairs exercise most levels
    assert {("name", x) for x in ("exact", "swapped", "nickname", "given_fuzzy", "family_fuzzy", "given_different")} <= seen
    assert {("dob", x) for x in ("exact", "day_month_swapped", "year_only", "year_month", "different")} <= seen


@pytest.mark.parametrize("a,b,level", [
    ((2008, 5, 9), (2008, 5, 10), "one_digit"),     # the day after: two digits differ, still a slip
    ((1981, 11, 28), (1981, 11, 27), "one_digit"),
    ((1981, 11, 28), (1981, 11, 1), "different"),
    ((2008, 5, 9), (2008, 6, 10), "different"),
    ((2008, 5, 9), (2018, 5, 9), "different"),      # a decade apart: a father and son, not a typo
])
def test_the_day_before_or_after_is_a_slip_in_python_and_sql(a, b, level):
    assert dob_level(PartialDate(*a), PartialDate(*b)) == level
    columns = ", ".join(f"?::integer as dob_{p}_{side}" for side in "lr" for p in "ymd")
    dob8 = ", ".join(f"? as dob8_{side}" for side in "lr")
    sql = f"select {_case(DOB_SQL, 'dob_y_l is null or dob_y_r is null')} from (select {columns}, {dob8})"
    eight = [f"{y:04d}{m:02d}{d:02d}" for y, m, d in (a, b)]
    assert duckdb.connect().execute(sql, [*a, *b, *eight]).fetchone()[0] == level
