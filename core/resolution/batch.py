"""Batch resolution: many records in, one person id per distinct person out.

Features are computed per record (:mod:`core.resolution.features`), then Splink on DuckDB
blocks, compares and scores every candidate pair in SQL with MiPS's comparison levels
(:mod:`core.resolution.splink_model`), estimating the prior and the u probabilities on
the data itself, and clusters pairs at or above the match threshold. Pairs that fall
between the review and match thresholds are returned too, for a person to decide.
"""
from __future__ import annotations

import csv
import logging
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from splink import DuckDBAPI, Linker, block_on

from core.resolution.compare import MATCH_THRESHOLD, REVIEW_THRESHOLD
from core.resolution.features import COLUMNS, features, frame_features
from core.resolution.record import PersonRecord
from core.resolution.splink_model import settings

CSV_COLUMNS = ("record_id", "source", "given_name", "family_name", "dob", "sex", "address", "postcode", "pnc_id",
               "cro_number", "ni_number", "driving_licence")

for _name in ("splink", "duckdb"):
    logging.getLogger(_name).setLevel(logging.ERROR)


# DuckDB's own memory cap for the comparison of candidate pairs (it spills beyond it).
DUCKDB_MEMORY = os.environ.get("MIPS_RESOLVE_MEMORY", "1500MB")


class BadInput(ValueError):
    """The input cannot be resolved (no such file, no record_id column...)."""


@dataclass
class Result:
    clusters: dict[str, str]
    review_pairs: list[tuple[str, str, float]] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # record_id -> reason

    @property
    def persons(self) -> int:
        return len(set(self.clusters.values()))


def _estimate(linker: Linker, n: int) -> None:
    """Estimate the prior and u on this data set (m stays as configured)."""
    model = linker._settings_obj
    configured = model._probability_two_random_records_match
    if n < 1000:  # too few records to estimate from: a handful of pairs would swamp the prior
        return
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("given", "family", "dob"), block_on("pnc_id"), block_on("ni_number")], recall=0.8)
    except Exception:  # too few deterministic pairs on a tiny input: keep the configured prior
        pass
    if not 0 < model._probability_two_random_records_match < 1:
        model._probability_two_random_records_match = configured
    linker.training.estimate_u_using_random_sampling(max_pairs=min(2e6, n * 20), seed=1)


def resolve_frame(frame: pd.DataFrame, *, progress: Progress | None = None) -> Result:
    """Resolve a DataFrame of feature rows (columns of features.COLUMNS)."""
    ids = frame["record_id"].tolist()
    if len(ids) < 2:
        return Result({rid: f"P{i:08d}" for i, rid in enumerate(ids)})
    # DuckDB may use most of the machine's memory by default; cap it and let it spill.
    db_api = DuckDBAPI(duckdb.connect(config={"memory_limit": DUCKDB_MEMORY, "threads": os.cpu_count() or 2,
                                              "temp_directory": tempfile.mkdtemp(prefix="mips-resolve-")}))
    linker = Linker(db_api.register(frame), settings(), log_level=logging.WARNING)
    _estimate(linker, len(ids))
    task = progress.add_task("comparing candidate pairs", total=None) if progress else None
    predictions = linker.inference.predict(threshold_match_probability=REVIEW_THRESHOLD).as_duckdbpyrelation()
    if progress is not None:
        progress.update(task, total=1, completed=1)
    namesakes = _namesakes(frame)
    edges, review = [], []
    rows = predictions.select(f"record_id_l, record_id_r, match_probability, ({SAFE}) as safe, "
                              "full_name_l, postcode_l, full_name_r, postcode_r").fetchall()
    for a, b, p, safe, name_l, pc_l, name_r, pc_r in rows:
        pc_l, pc_r = (None if pd.isna(v) else v for v in (pc_l, pc_r))
        if p >= MATCH_THRESHOLD and (safe or ((name_l, pc_l) not in namesakes and (name_r, pc_r) not in namesakes)):
            edges.append((a, b))
        else:
            review.append((str(a), str(b), float(p)))
    return Result(_components(ids, edges), review)


# A pair with a date of birth missing on one side is matched on names and address alone
# only where no namesake is known: if the same name at the same postcode is also seen
# with two different dates of birth (a father and son), such a pair goes to review
# unless an identifier agrees.
SAFE = " or ".join(["(dob_l is not null and dob_r is not null)"] +
                   [f"{c}_l = {c}_r" for c in ("pnc_id", "cro_number", "ni_number", "driving_licence")])


def _namesakes(frame: pd.DataFrame) -> set[tuple[str, str]]:
    dated = frame.dropna(subset=["full_name", "dob"])
    counts = dated.groupby(["full_name", "postcode"], dropna=False)["dob"].nunique()
    return {(name, None if pd.isna(pc) else pc) for (name, pc), n in counts.items() if n > 1}


def _components(ids: list[str], edges: list[tuple[str, str]]) -> dict[str, str]:
    """Connected components by union-find; person ids numbered in input order."""
    index = {rid: i for i, rid in enumerate(ids)}
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = root(index[str(a)]), root(index[str(b)])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    numbering: dict[int, str] = {}
    return {rid: numbering.setdefault(root(i), f"P{len(numbering):08d}") for i, rid in enumerate(ids)}


def resolve_records(records: Iterable[PersonRecord], progress: bool = False) -> dict[str, str]:
    """record_id -> person id for records given as PersonRecords (first name and dob of each)."""
    rows = []
    for rec in records:
        name = rec.names[0] if rec.names else None
        dob = next((d for d in rec.dobs if d.year and d.month and d.day), None)
        idents = dict(rec.identifiers)
        rows.append(features({
            "record_id": rec.record_id, "given_name": name.given if name else "", "family_name": name.family if name else "",
            "dob": f"{dob.year:04d}-{dob.month:02d}-{dob.day:02d}" if dob else "", "sex": rec.sex or "",
            "postcode": rec.postcodes[0] if rec.postcodes else "", **{k: idents.get(k) for k in idents}}))
    return resolve_frame(pd.DataFrame(rows, columns=list(COLUMNS))).clusters


def read_csv(path: Path, progress: Progress | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Read and normalise the input; rows with a bad date keep their place without it."""
    if not path.exists():
        raise BadInput(f"No such file: {path}")
    task = progress.add_task("reading and normalising", total=None) if progress else None
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8",
                          encoding_errors="replace")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as exc:
        raise BadInput(f"{path} is not a readable CSV: {exc}") from exc
    if "record_id" not in raw.columns:
        raise BadInput(f"{path} has no record_id column; the header must be {','.join(CSV_COLUMNS)}")
    unknown = set(raw.columns) - set(CSV_COLUMNS)
    if unknown:
        raise BadInput(f"{path} has unknown columns: {', '.join(sorted(unknown))}")
    rejected: dict[str, str] = {}
    missing = raw["record_id"].isna()
    for line in (raw.index[missing] + 2):
        rejected[f"line {line}"] = "missing record_id"
    raw = raw[~missing]
    duplicate = raw["record_id"].duplicated()
    for rid in raw.loc[duplicate, "record_id"]:
        rejected[str(rid)] = "duplicate record_id"
    raw = raw[~duplicate]
    if "dob" in raw:
        parsed = pd.to_datetime(raw["dob"], format="%Y-%m-%d", errors="coerce")
        bad = raw["dob"].notna() & (parsed.isna() | (raw["dob"].str.len() != 10))
        for rid, dob in zip(raw.loc[bad, "record_id"], raw.loc[bad, "dob"]):
            rejected[str(rid)] = f"bad dob {dob!r} (YYYY-MM-DD expected)"
        raw = raw.assign(dob=raw["dob"].where(~bad, None))
    frame = frame_features(raw)
    if progress:
        progress.update(task, total=len(frame), completed=len(frame))
    return frame, rejected


def resolve_csv(input_path, output_path, progress: bool = True) -> dict[str, Any]:
    """The ``mips resolve`` command: CSV of records in, ``record_id,person_id`` out."""
    console = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}"), TimeElapsedColumn()]
    with Progress(*columns, console=console, disable=not progress) as bar:
        frame, rejected = read_csv(Path(input_path), bar)
        result = resolve_frame(frame, progress=bar)
        task = bar.add_task("writing", total=len(result.clusters))
        with Path(output_path).open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["record_id", "person_id"])
            writer.writerows(result.clusters.items())
        bar.update(task, completed=len(result.clusters))
    result.rejected = rejected
    return {"records": len(result.clusters), "persons": result.persons, "review_pairs": len(result.review_pairs),
            "bad_dates": len(rejected)}
