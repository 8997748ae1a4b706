"""The batch linkage model in Splink: the same comparison levels and weights as
:mod:`core.resolution.compare`, written as SQL so DuckDB compares millions of pairs.

Level m and u probabilities start from ``weights.json``; on each data set Splink
estimates the prior (probability two random records match) and re-estimates u by random
sampling. The levels that encode the hard rules (an identifier that disagrees, given
names that disagree outright) have their m fixed near zero, so no weight of evidence
elsewhere can make such a pair a match, as in the one-at-a-time comparison.
"""
from __future__ import annotations

import json

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from core.resolution.compare import WEIGHTS_FILE
from core.resolution.features import IDENTIFIER_COLUMNS

# Extreme levels, ordered as the one-at-a-time rules are: an identifier that disagrees
# outweighs one that agrees, which outweighs given names that disagree.
NEVER = 1e-9  # m of a level that rules a match out (given names differ)
ID_AGREES_U = 1e-15
ID_CONFLICT_M = 1e-20


def _w() -> dict:
    return json.loads(WEIGHTS_FILE.read_text())


def _level(sql: str, label: str, m: float, u: float, *, fix_m: bool = False):
    return cll.CustomLevel(sql, label).configure(m_probability=m, u_probability=u, fix_m_probability=fix_m)


def _names(w: dict):
    g, f, s = w["given"], w["family"], w["swapped"]

    def both(gl: str, fl: str):
        return g[gl][0] * f[fl][0], g[gl][1] * f[fl][1]

    fam_exact = "family_l = family_r"
    fam_close = ("(jaro_winkler_similarity(family_l, family_r) >= 0.9 "
                 "or list_has_any(string_split(family_l, ' '), string_split(family_r, ' ')))")
    nick = "list_has_any(given_variants_l, given_variants_r)"
    fuzzy_given = "(jaro_winkler_similarity(given_l, given_r) >= 0.88 or given_phon_l = given_phon_r)"
    initial = "(length(given_l) = 1 or length(given_r) = 1) and substr(given_l, 1, 1) = substr(given_r, 1, 1)"
    return cl.CustomComparison(output_column_name="name", comparison_levels=[
        cll.NullLevel("family"),
        _level("full_name_l = full_name_r", "given and family exact", *both("exact", "exact")),
        _level("given_l = family_r and family_l = given_r", "given and family transposed", *s["exact"]),
        _level(f"{nick} and {fam_exact}", "nickname, family exact", *both("nickname", "exact")),
        _level(f"given_l = given_r and {fam_close}", "given exact, family close", *both("exact", "fuzzy")),
        _level(f"{fuzzy_given} and {fam_exact}", "given fuzzy, family exact", *both("fuzzy", "exact")),
        _level(f"({nick} or {fuzzy_given}) and {fam_close}", "given close, family close", *both("fuzzy", "fuzzy")),
        _level("(jaro_winkler_similarity(given_l, family_r) >= 0.88 or given_phon_l = family_phon_r) and "
               "(jaro_winkler_similarity(family_l, given_r) >= 0.88 or family_phon_l = given_phon_r)",
               "transposed, close", *s["fuzzy"]),
        _level(f"{initial} and {fam_exact}", "initial, family exact", *both("initial", "exact")),
        _level(f"(given_l is null or given_r is null) and {fam_exact}", "family exact, no given", *f["exact"]),
        _level(f"given_l = given_r or {nick} or {fuzzy_given}", "given agrees, family differs", *both("exact", "different")),
        # given names that disagree outright: twins, brothers, a mother and daughter
        _level("given_l is not null and given_r is not null", "given names differ", NEVER, 0.9, fix_m=True),
        cll.ElseLevel().configure(m_probability=0.01, u_probability=0.99),
    ])


def _dob(w: dict):
    d = w["dob"]
    return cl.CustomComparison(output_column_name="dob", comparison_levels=[
        cll.NullLevel("dob_year"),
        _level("dob_l = dob_r", "exact", *d["exact"]),
        _level("dob_year_l = dob_year_r and dob_md_l = substr(dob_md_r, 4, 2) || '-' || substr(dob_md_r, 1, 2)",
               "day and month swapped", *d["day_month_swapped"]),
        _level("length(dob_l) = 10 and length(dob_r) = 10 and levenshtein(dob_l, dob_r) = 1", "one digit", *d["one_digit"]),
        _level("dob_year_l = dob_year_r and (dob_md_l is null or dob_md_r is null)", "partial", *d["partial"]),
        cll.ElseLevel().configure(m_probability=0.005, u_probability=d["different"][1]),
    ])


def _simple(name: str, levels: dict, w_levels: dict):
    out = [cll.NullLevel(name)]
    for label, sql in levels.items():
        out.append(_level(sql, label, *w_levels[label]))
    out.append(cll.ElseLevel().configure(m_probability=w_levels["different"][0], u_probability=w_levels["different"][1]))
    return cl.CustomComparison(output_column_name=name, comparison_levels=out)


def _identifier(column: str):
    return cl.CustomComparison(output_column_name=column, comparison_levels=[
        cll.NullLevel(column),
        _level(f"{column}_l = {column}_r", "agrees", 0.99, ID_AGREES_U).configure(fix_u_probability=True),
        cll.ElseLevel().configure(m_probability=ID_CONFLICT_M, u_probability=0.999, fix_m_probability=True),
    ])


def settings(prior: float | None = None) -> SettingsCreator:
    w = _w()
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        probability_two_random_records_match=prior or w["prior_match_probability"],
        comparisons=[
            _names(w),
            _dob(w),
            _simple("sex", {"agree": "sex_l = sex_r"}, {**w["sex"], "different": [0.005, 0.5]}),
            _simple("postcode", {"exact": "postcode_l = postcode_r", "district": "district_l = district_r"}, w["postcode"]),
            *[_identifier(c) for c in IDENTIFIER_COLUMNS],
        ],
        blocking_rules_to_generate_predictions=[
            *[block_on(c) for c in IDENTIFIER_COLUMNS],
            block_on("family_phon", "dob_year"),
            block_on("given_phon", "dob_year"),
            block_on("dob"),
            block_on("given_phon", "family_phon"),
            "l.given_phon = r.family_phon and l.family_phon = r.given_phon",
            block_on("postcode", "given_phon"),
        ],
        retain_matching_columns=True,  # the auto-match rule of batch.py reads dob and identifiers
        retain_intermediate_calculation_columns=False,
    )
