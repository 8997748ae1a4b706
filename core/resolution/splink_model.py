"""The batch linkage model in Splink: the comparison levels of :mod:`core.resolution.levels`
written as DuckDB SQL, so millions of candidate pairs are scored in the database.

Each level's m and u probabilities come from ``weights.json`` (estimated by
``python -m research.train``). The levels that encode hard rules have fixed
probabilities: an identifier that agrees is near-certain, a national-record one (PNC ID,
CRO number) that disagrees rules a match out, and so do given names that disagree
outright (twins, brothers); no weight of evidence elsewhere can outvote them, as in the
one-pair compare. A hand-keyed identifier that disagrees weighs against, one a keystroke
away weighs for (:mod:`core.resolution.parameters`).
"""
from __future__ import annotations

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, SettingsCreator, block_on

from core.resolution.features import COLUMNS, IDENTIFIER_COLUMNS
from core.resolution.levels import ADDRESS_CLOSE, JACCARD_CLOSE, JACCARD_PARTIAL, NAME_FUZZY
from core.resolution.parameters import (AUTHORITATIVE_IDENTIFIERS, GIVEN_DIFFERS, ID_AGREES, ID_DIFFERS,
                                        KEYED_ID_DIFFERS, KEYED_ID_NEAR, KEYED_NEAR_MIN_LENGTH, load_weights)

LIST_COLUMNS = ("given_tokens", "given_variants", "family_parts", "families", "family_variants")


def load(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, table: str = "records") -> str:
    """Put a feature frame into DuckDB as ``table``, with a dense integer ``uid`` and the
    space-separated features as lists. Returns the table name."""
    con.register("_features", frame)
    cols = []
    for c in COLUMNS:
        if c in LIST_COLUMNS:
            cols.append(f"string_split({c}::varchar, ' ') as {c}")
        elif c in ("dob_y", "dob_m", "dob_d"):
            cols.append(f"{c}::integer as {c}")
        else:
            cols.append(f"{c}::varchar as {c}")
    con.execute(f"""create or replace table {table} as
        select (row_number() over () - 1)::integer as uid, {', '.join(cols)},
               list_distinct(string_split(address::varchar, ' ')) as address_tokens
        from _features""").fetchall()
    # how many records carry the same (canonical given, family) sound: the name-only
    # blocking rules below skip the common names, whose dateless records are ambiguous anyway
    con.execute(f"""create or replace table {table} as
        select *, count(*) over (partition by canon_phon, family_phon)::integer as name_n from {table}""").fetchall()
    con.unregister("_features")
    return table


def _ok(sql: str) -> str:
    return f"coalesce(({sql}), false)"


def _close(a: str, b: str, pa: str, pb: str) -> str:
    return _ok(f"jaro_winkler_similarity({a}, {b}) >= {NAME_FUZZY} or {pa} = {pb}")


G_EXACT = _ok("given_l = given_r or list_has_any(given_tokens_l, given_tokens_r)")
G_NICK = _ok("list_has_any(given_variants_l, given_variants_r)")
G_FUZZY = _ok(f"length(given_l) > 1 and length(given_r) > 1 and "
              f"{_close('given_l', 'given_r', 'given_phon_l', 'given_phon_r')}")
G_INITIAL = _ok("not (length(given_l) > 1 and length(given_r) > 1) and substr(given_l, 1, 1) = substr(given_r, 1, 1)")
F_EXACT = _ok("family_l = family_r or list_has_any(families_l, families_r)")
F_PART = _ok("list_has_any(family_parts_l, family_parts_r)")
F_FUZZY = _close("family_l", "family_r", "family_phon_l", "family_phon_r")
NO_GIVEN = "(given_l is null or given_r is null)"
GIVEN_AS_FAMILY = _close("given_l", "family_r", "given_phon_l", "family_phon_r")
FAMILY_AS_GIVEN = _close("family_l", "given_r", "family_phon_l", "given_phon_r")

NAME_SQL = {
    "exact": f"{G_EXACT} and {F_EXACT}",
    "swapped": "given_l = family_r and family_l = given_r",
    "nickname": f"{G_NICK} and {F_EXACT}",
    "family_part": f"({G_EXACT} or {G_NICK}) and {F_PART}",
    "given_fuzzy": f"{G_FUZZY} and {F_EXACT}",
    "family_fuzzy": f"({G_EXACT} or {G_NICK}) and {F_FUZZY}",
    "swapped_fuzzy": f"({GIVEN_AS_FAMILY} and {FAMILY_AS_GIVEN}) or ({FAMILY_AS_GIVEN} and "
                     f"{_ok('list_has_any(given_variants_l, family_variants_r)')}) or ({GIVEN_AS_FAMILY} and "
                     f"{_ok('list_has_any(family_variants_l, given_variants_r)')})",
    "both_fuzzy": f"{G_FUZZY} and ({F_FUZZY} or {F_PART})",
    "initial": f"{G_INITIAL} and ({F_EXACT} or {F_PART})",
    "family_only": f"{NO_GIVEN} and {F_EXACT}",
    "given_only": f"{G_EXACT} or {G_NICK}",
    "given_different": f"given_l is not null and given_r is not null and not {G_FUZZY} and not {G_INITIAL}",
}
NAME_NULL = "(given_l is null and family_l is null) or (given_r is null and family_r is null)"

DOB_SQL = {
    "exact": "dob8_l = dob8_r",
    "day_month_swapped": "dob8_l is not null and dob8_r is not null and dob_y_l = dob_y_r "
                         "and dob_m_l = dob_d_r and dob_d_l = dob_m_r",
    "one_digit": "(damerau_levenshtein(dob8_l, dob8_r) <= 1 and abs(dob_y_l - dob_y_r) < 10) or (dob8_l is not null "
                 "and dob8_r is not null and dob_y_l = dob_y_r and dob_m_l = dob_m_r and abs(dob_d_l - dob_d_r) = 1)",
    "year_month": "dob_y_l = dob_y_r and dob_m_l = dob_m_r and (dob_d_l is null or dob_d_r is null)",
    "year_only": "dob_y_l = dob_y_r and (dob_m_l is null or dob_m_r is null)",
}
_JACCARD = ("len(list_intersect(address_tokens_l, address_tokens_r)) / "
            "len(list_distinct(list_concat(address_tokens_l, address_tokens_r)))")
ADDRESS_SQL = {
    "exact": "address_l = address_r",
    "close": f"jaro_winkler_similarity(address_l, address_r) >= {ADDRESS_CLOSE} or {_JACCARD} >= {JACCARD_CLOSE}",
    "partial": f"{_JACCARD} >= {JACCARD_PARTIAL}",
}
POSTCODE_SQL = {
    "exact": "postcode_l = postcode_r",
    "near": "district_l = district_r or (district_l is null and district_r is null "
            "and levenshtein(postcode_l, postcode_r) <= 1)",
}
SEX_SQL = {"agree": "sex_l = sex_r"}


def _comparison(name: str, null_sql: str, levels: dict[str, str], w: dict, else_label: str = "different",
                fixed: dict[str, tuple[float, float]] | None = None) -> cl.CustomComparison:
    fixed = fixed or {}
    out = [cll.CustomLevel(null_sql, "missing").configure(is_null_level=True)]
    for label, sql in [*levels.items(), (else_label, "ELSE")]:
        m, u = fixed.get(label) or w[name][label]
        level = cll.ElseLevel() if sql == "ELSE" else cll.CustomLevel(sql, label)
        level = level.configure(m_probability=m, u_probability=u, label_for_charts=label)
        if label in fixed:
            level = level.configure(fix_m_probability=True, fix_u_probability=True)
        out.append(level)
    return cl.CustomComparison(output_column_name=name, comparison_levels=out)


def comparisons(w: dict) -> list[cl.CustomComparison]:
    def null(*cols: str) -> str:
        return " or ".join(f"{c}_l is null or {c}_r is null" for c in cols)

    return [
        _comparison("name", NAME_NULL, NAME_SQL, w, fixed={"given_different": GIVEN_DIFFERS}),
        _comparison("dob", null("dob_y"), DOB_SQL, w),
        _comparison("sex", null("sex"), SEX_SQL, w),
        _comparison("postcode", null("postcode"), POSTCODE_SQL, w),
        _comparison("address", null("address"), ADDRESS_SQL, w),
        *[_identifier(kind, null(kind), w) for kind in IDENTIFIER_COLUMNS],
    ]


def _identifier(kind: str, null_sql: str, w: dict) -> cl.CustomComparison:
    if kind in AUTHORITATIVE_IDENTIFIERS:
        return _comparison(kind, null_sql, {"agree": f"{kind}_l = {kind}_r"}, w,
                           fixed={"agree": ID_AGREES, "different": ID_DIFFERS})
    near = (f"least(length({kind}_l), length({kind}_r)) >= {KEYED_NEAR_MIN_LENGTH} "
            f"and damerau_levenshtein({kind}_l, {kind}_r) <= 1")
    return _comparison(kind, null_sql, {"agree": f"{kind}_l = {kind}_r", "near": near}, w,
                       fixed={"agree": ID_AGREES, "near": KEYED_ID_NEAR, "different": KEYED_ID_DIFFERS})


# Candidate pairs: each rule is selective enough for a million records (a few hundred
# thousand pairs each) and together they cover the variations the levels score.
NAME_ONLY_MAX = 30  # records of one name beyond which the name-only blocking rules do not pair them

BLOCKING_RULES = [
    *[block_on(kind) for kind in IDENTIFIER_COLUMNS],
    block_on("family_phon", "dob8"),                     # given name misspelt, nickname, initial, missing
    block_on("canon_phon", "dob8"),                      # family name changed (marriage), misspelt
    block_on("dob8", "postcode"),                        # both names misspelt
    block_on("canon_phon", "family_phon", "dob_y"),      # day/month swapped, mistyped, partial date
    block_on("given_phon", "family_phon", "dob_y"),
    block_on("canon_phon", "family_phon", "district"),   # no date of birth: the same name nearby
    block_on("canon_phon", "postcode"),                  # family name changed, date partial, same address
    block_on("family_phon", "postcode"),                 # given name varied, date missing, same address
    "l.given_phon = r.family_phon and l.family_phon = r.given_phon and l.dob_y = r.dob_y",  # transposed
    # transposed at one postcode, with or without a date, the other part perhaps misspelt
    # ("BRUCE Marc" or "BLAKE Nicoa", no date of birth, at Marc Bruce's or Nicola Blake's
    # address: names too common for the name-only rules below)
    # (each as two rules of equalities, not one with "or": DuckDB joins equalities by hash)
    "l.given_phon = r.family_phon and l.postcode = r.postcode",
    "l.family_phon = r.given_phon and l.postcode = r.postcode",
    # and on the same full date of birth ("HOOER Jacob" for Jacob Hooper, at another address)
    "l.given_phon = r.family_phon and l.dob8 = r.dob8",
    "l.family_phon = r.given_phon and l.dob8 = r.dob8",
    # No full date of birth on one side, and no postcode to narrow by: the same name
    # anywhere. Without these a record that gives a name alone (an intelligence log, a
    # court list) could only ever meet its person through an identifier; with them it
    # meets every record of its name, which is what deciding whether it is ambiguous
    # needs. Only pairs with a date missing, so the common names' pairs stay few.
    # Names carried by more than NAME_ONLY_MAX records are left out: a dateless "John
    # Smith" cannot be told apart from the others anyway, and at a million rows their
    # pairs would be tens of millions.
    f"l.canon_phon = r.canon_phon and l.family_phon = r.family_phon and (l.dob8 is null or r.dob8 is null) "
    f"and l.name_n <= {NAME_ONLY_MAX}",
    f"l.given_phon = r.family_phon and l.family_phon = r.given_phon and (l.dob8 is null or r.dob8 is null) "
    f"and l.name_n <= {NAME_ONLY_MAX} and r.name_n <= {NAME_ONLY_MAX}",
]


def settings(w: dict | None = None, prior: float | None = None) -> SettingsCreator:
    w = w or load_weights()
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="uid",
        probability_two_random_records_match=prior or w["prior_match_probability"],
        comparisons=comparisons(w),
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,  # mw_<comparison>: batch reads the levels
        additional_columns_to_retain=[],
    )


def db_api(con: duckdb.DuckDBPyConnection | None = None) -> DuckDBAPI:
    return DuckDBAPI(connection=con or duckdb.connect())
