"""Estimate the model's m and u probabilities with Splink and write ``weights.json``.

    python -m research.train [--people 20000] [--seed 11] [--output PATH]

The usual Splink recipe, on police-style records generated with a seed
(:mod:`research.synthetic`), so the weights are reproducible and never hand-tuned:

1. the prior (probability that two random records are one person) from deterministic
   rules (same full name and date of birth, or an identifier in common);
2. u for every level by sampling random pairs (almost all of them different people);
3. m for every level by expectation maximisation, in two sessions blocked on different
   fields (the date of birth, then the names) so each comparison is estimated on pairs
   that were not chosen for agreeing on it.

The levels that are rules rather than evidence (an identifier agreeing or disagreeing,
given names that differ outright) keep their fixed probabilities.
"""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import duckdb
import pandas as pd
from splink import Linker, block_on

from core.resolution.features import IDENTIFIER_COLUMNS, from_columns
from core.resolution.levels import LEVELS
from core.resolution.parameters import WEIGHTS_FILE
from core.resolution.splink_model import db_api, load, settings
from research.synthetic import generate

# Where EM starts from (any sensible values: EM moves m, sampling sets u).
START = {
    "prior_match_probability": 1e-4,
    "name": {level: [0.05, 0.01] for level in LEVELS["name"]} | {"exact": [0.6, 0.001], "different": [0.01, 0.1]},
    "dob": {level: [0.05, 0.01] for level in LEVELS["dob"]} | {"exact": [0.7, 0.0001], "different": [0.05, 0.95]},
    "sex": {"agree": [0.95, 0.5], "different": [0.05, 0.5]},
    "postcode": {"exact": [0.5, 0.001], "near": [0.1, 0.01], "different": [0.4, 0.99]},
    "address": {"exact": [0.5, 0.001], "close": [0.1, 0.005], "partial": [0.1, 0.05], "different": [0.3, 0.9]},
}


def estimate(frame: pd.DataFrame, seed: int = 11, start: dict | None = None) -> dict:
    """Trained parameters for a feature frame, in the weights.json shape."""
    con = duckdb.connect()
    table = load(con, frame)
    linker = Linker(db_api(con).register(table), settings(start or START), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "family", "dob8"), *[block_on(k) for k in IDENTIFIER_COLUMNS]], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e7, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob8"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("canon_phon", "family_phon"))
    model = linker._settings_obj
    out: dict = {"prior_match_probability": model._probability_two_random_records_match}
    for comp in model.comparisons:
        if comp.output_column_name not in LEVELS:
            continue  # identifiers: fixed by rule
        out[comp.output_column_name] = {
            lvl.label_for_charts: [_clip(lvl.m_probability), _clip(lvl.u_probability)]
            for lvl in comp.comparison_levels if not lvl.is_null_level}
    return out


def _clip(p: float | None) -> float:
    """Keep a level that no pair reached finite (EM or sampling can leave 0 or None)."""
    return float(min(max(p if p is not None and p == p else 1e-6, 1e-9), 1.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", type=Path, default=WEIGHTS_FILE)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    rows, _ = generate(args.people, seed=args.seed)
    frame, _ = from_columns(pd.DataFrame(rows))
    trained = estimate(frame, seed=args.seed)
    about = (f"m and u per comparison level, estimated by `python -m research.train --people {args.people} "
             f"--seed {args.seed}` with Splink (prior from deterministic rules, u by random sampling, m by EM) on "
             f"{len(rows):,} generated police-style records. m: share of true matches at the level; u: share of "
             "non-matches. Batch resolution re-estimates the prior and u on its own data.")
    args.output.write_text(json.dumps({"_about": about, **trained}, indent=1) + "\n")
    print(f"wrote {args.output}")
    for field, levels in trained.items():
        if isinstance(levels, dict):
            print(field, {k: f"m={m:.4g} u={u:.4g}" for k, (m, u) in levels.items()})


if __name__ == "__main__":
    main()
