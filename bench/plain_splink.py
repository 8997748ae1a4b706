"""A plain Splink model, set up the way Splink's own tutorials do, as the peer to beat:
Splink's standard comparisons (NameComparison, DateOfBirthComparison, exact postcode,
Levenshtein address), trained the usual way (prior from a deterministic rule, u by random
sampling, m by EM) and clustered at a threshold."""
from __future__ import annotations

import logging

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

logging.getLogger("splink").setLevel(logging.ERROR)

# Broad blocking for small data sets; at a million records blocking on one name alone
# makes billions of pairs, so the usual pairs of fields instead.
BROAD = [block_on("given_name"), block_on("family_name"), block_on("dob"), block_on("postcode")]
SCALABLE = [block_on("given_name", "family_name"), block_on("family_name", "dob"), block_on("given_name", "dob"),
            block_on("postcode")]


def resolve(frame: pd.DataFrame, threshold: float = 0.95, scalable: bool = False) -> dict[str, str]:
    """frame: record_id, given_name, family_name, dob (YYYY-MM-DD or None), postcode, address,
    and optionally other_id (a person number, compared exactly and blocked on)."""
    has_id = "other_id" in frame.columns
    blocking = SCALABLE if scalable else BROAD
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("postcode"),
            cl.LevenshteinAtThresholds("address", [2, 5]),
            *([cl.LevenshteinAtThresholds("other_id", [1])] if has_id else []),
        ],
        blocking_rules_to_generate_predictions=[*([block_on("other_id")] if has_id else []), *blocking],
    )
    linker = Linker(DuckDBAPI().register(frame), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name") if scalable else block_on("family_name"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    found = dict(clusters.as_duckdbpyrelation().select("record_id, cluster_id").fetchall())
    return {rid: str(found.get(rid, rid)) for rid in frame["record_id"]}
