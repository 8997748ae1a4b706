"""Batch resolution: many records in, one person id per distinct person out.

Features are computed column-wise (:mod:`core.resolution.features`) and loaded into
DuckDB; Splink blocks, compares and scores every candidate pair in SQL with MiPS's
comparison levels (:mod:`core.resolution.splink_model`), taking m from ``weights.json``
and estimating on the data itself the two things that depend on it: the prior (how
likely two random records are one person falls as the data grows) and u (how common
each name is here). Pairs are auto-matched by the same rules as the one-pair compare
(no clear date-of-birth or sex conflict, no outright given-name conflict, identifiers
first) and clustered without chaining (:mod:`core.resolution.cluster`). Pairs between
the review and match thresholds that end up in different persons are returned for a
person to decide.

One difference from the one-pair compare, on purpose: a record without a date of birth
can join a person on names and address, because the batch sees every candidate at once
and leaves such a record alone when it could belong to two people (a father and son);
one pair at a time cannot know that, so it sends such pairs to review. For the batch to
know it, the pairs below the match threshold that nothing rules out are handed to the
clustering too, as rivals (:func:`core.resolution.cluster.cluster`).
"""
from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from splink import Linker, block_on

from core.resolution.csv_cells import neutralise_frame
from core.resolution.cluster import Facts, cluster, match_weight
from core.resolution.compare import REVIEW_THRESHOLD
from core.resolution.parameters import AUTHORITATIVE_IDENTIFIERS
from core.resolution.features import CSV_COLUMNS, IDENTIFIER_COLUMNS, OPTIONAL_CSV_COLUMNS, from_columns, from_records
from core.resolution.record import PersonRecord
from core.resolution.splink_model import db_api, load, settings

DUCKDB_MEMORY = "1500MB"       # DuckDB spills to disk beyond this; keeps a million rows under 3 GiB in all
MIN_RECORDS_TO_ESTIMATE = 1000  # below this a handful of pairs would swamp the estimates: keep the trained ones
U_SAMPLE_PAIRS = 1.5e6          # random pairs sampled to re-estimate u
# A batch pair is auto-matched from a lower probability than one pair alone
# (compare.MATCH_THRESHOLD), because the batch clusters with the safeguards of
# core.resolution.cluster: a record that could belong to two people joins neither.
# Between two records that both give a date of birth and a given name the pair links
# the two persons directly, under the clusters' date and name checks only; a pair that
# touches a weak record (no date, or an initial) is weighed against every other person
# that record could be before it joins one, so it can be taken from lower still. Chosen
# on the legacy simulator's 750,000 mentions (BENCHMARKS.md): from 0.95 for both, recall
# 0.905 -> 0.924 at precision 0.9977 -> 0.9973; lower for strong pairs costs precision
# faster than it buys recall (0.8: P 0.9961 for R 0.9265).
BATCH_MATCH_THRESHOLD = 0.9
WEAK_MATCH_THRESHOLD = 0.8
# A given-name spelling is read as a slip of one a keystroke away when that one is a name
# (given at least SLIP_COMMON_MIN times here) and given SLIP_RATIO times as often.
SLIP_COMMON_MIN = 20
SLIP_RATIO = 20
# What the clustering's household step reads of each record (as codes): the address, and
# the given and family names' sounds (core.resolution.households)
HOUSEHOLD_COLUMNS = ("address", "canon_phon", "family_phon")

for _name in ("splink", "duckdb"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class BadInput(ValueError):
    """The input cannot be resolved (no such file, no record_id column...)."""


@dataclass
class Result:
    clusters: dict[str, str]
    review_pairs: list[tuple[str, str, float]] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # record_id -> reason
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def persons(self) -> int:
        return len(set(self.clusters.values()))


def _estimate(linker: Linker, n: int) -> None:
    """Estimate the prior and u on this data set (m stays as trained)."""
    if n < MIN_RECORDS_TO_ESTIMATE:
        return
    model = linker._settings_obj
    configured = model._probability_two_random_records_match
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("given", "family", "dob8"), *[block_on(k) for k in IDENTIFIER_COLUMNS]], recall=0.7)
    except Exception:  # noqa: BLE001 - too few deterministic pairs: keep the trained prior
        pass
    if not 0 < model._probability_two_random_records_match < 1:
        model._probability_two_random_records_match = configured
    linker.training.estimate_u_using_random_sampling(max_pairs=min(U_SAMPLE_PAIRS, n * 50), seed=1)
    _estimate_keyed_slips(linker)


def _estimate_keyed_slips(linker: Linker) -> None:
    """How often one person's hand-keyed numbers (NI number, driving licence, passport,
    another scheme's) differ by a slip or outright depends on who keyed them: estimated
    here by expectation maximisation over the pairs that share a name and a full date of
    birth, with every other probability held where it is. Where the data gives no such
    pairs the values of :mod:`core.resolution.parameters` stay."""
    keyed = set(IDENTIFIER_COLUMNS) - set(AUTHORITATIVE_IDENTIFIERS)
    levels = [(c.output_column_name, lvl) for c in linker._settings_obj.comparisons for lvl in c.comparison_levels]
    learnt = [lvl for name, lvl in levels if name in keyed and lvl.label_for_charts in ("near", "different")]
    saved = [(lvl, lvl._fix_m_probability) for _, lvl in levels]
    for _, lvl in levels:
        lvl._fix_m_probability = not any(lvl is x for x in learnt)
    em_log = logging.getLogger(EM_LOGGER)
    em_log.addFilter(_unobserved_level)
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("given", "family", "dob8"), fix_probability_two_random_records_match=True,
            record_sample_proportion=1.0)
    except Exception:  # noqa: BLE001 - no such pairs, or none with a number on both sides
        pass
    finally:
        em_log.removeFilter(_unobserved_level)
        for lvl, fixed in saved:
            lvl._fix_m_probability = fixed


EM_LOGGER = "splink.internals.expectation_maximisation"


def _unobserved_level(record: logging.LogRecord) -> bool:
    """Drop Splink's "Level near on comparison passport not observed in dataset, unable to
    train m value". Splink says it when no pair of the EM's block (same name and full date
    of birth) has that level: the systems being resolved do not keep that number at all
    (no legacy system holds a passport or a driving licence), or nobody mistyped it. Its m
    value then stays the trained one of :mod:`core.resolution.parameters`, which is exactly
    what :func:`_estimate_keyed_slips` intends, so the message is noise on every bridge and
    migration; any other message of that logger still shows."""
    return "unable to train m value" not in record.getMessage()


def _level_is(linker: Linker, comparison: str, label: str) -> str:
    """SQL true when a prediction's comparison is at the level ``label``. Splink keeps each
    comparison's match weight (``mw_<name>``), not its level, so the level is told by its
    weight, which is unique within the comparison (checked here)."""
    comp = next(c for c in linker._settings_obj.comparisons if c.output_column_name == comparison)
    weights = {lvl.label_for_charts: float(lvl._match_weight) for lvl in comp.comparison_levels if not lvl.is_null_level}
    target = weights[label]
    if any(abs(w - target) < 1e-9 for other, w in weights.items() if other != label):
        raise RuntimeError(f"{comparison} levels share the weight of {label!r}; retrain the model")
    return f"abs(mw_{comparison} - ({target!r})) < 1e-9"


def take_slips(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """A given-name spelling seen rarely, one keystroke from one seen far more often (AAAM
    against ADAM, JEMES against JAMES, ANTEONY against ANTHONY), is read as a slip of it:
    the record's name variants take the common name and its variants, so that a pair with
    the common name scores as a nickname rather than as given names that differ outright,
    which no other evidence can outweigh. Two names both often given a keystroke apart
    (DEAN and SEAN) stay different: twins can be named so; and it is the data that tells
    which spelling is the name, which a one-pair comparison cannot know. Returns how many
    spellings were read as slips."""
    con.execute(f"""create or replace temp table _slips as
        with spelling as (select given, any_value(given_variants) as variants, count(*) as n
                          from {table} where length(given) >= 4 group by given),
             common as (select * from spelling where n >= {SLIP_COMMON_MIN})
        select r.given, list_distinct(flatten(list(c.variants))) as variants
        from spelling r join common c on r.given <> c.given and c.n >= {SLIP_RATIO} * r.n
             and abs(length(r.given) - length(c.given)) <= 1 and damerau_levenshtein(r.given, c.given) = 1
        group by r.given""").fetchall()
    slips = con.execute("select count(*) from _slips").fetchall()[0][0]
    if slips:
        con.execute(f"""update {table} set given_variants = list_distinct(list_concat({table}.given_variants,
                        _slips.variants)) from _slips where {table}.given = _slips.given""").fetchall()
    con.execute("drop table _slips").fetchall()
    return slips


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = false").fetchall()
    con.execute(f"set memory_limit = '{DUCKDB_MEMORY}'").fetchall()
    return con


def resolve_frame(frame: pd.DataFrame, *, progress: Progress | None = None, estimate: bool = True,
                  match_threshold: float = BATCH_MATCH_THRESHOLD) -> Result:
    """Resolve a frame of features (see :mod:`core.resolution.features`)."""
    con = connect()
    table = load(con, frame)
    return resolve_table(con, table, progress=progress, estimate=estimate, match_threshold=match_threshold)


def resolve_table(con: duckdb.DuckDBPyConnection, table: str, *, progress: Progress | None = None,
                  estimate: bool = True, match_threshold: float = BATCH_MATCH_THRESHOLD) -> Result:
    """Resolve the records of a DuckDB table made by :func:`core.resolution.splink_model.load`."""
    n = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    if n < 2:
        ids = [r[0] for r in con.execute(f"select record_id from {table} order by uid").fetchall()]
        return Result({rid: f"P{i:08d}" for i, rid in enumerate(ids)})
    slips = take_slips(con, table)
    linker = Linker(db_api(con).register(table), settings(), log_level=logging.WARNING)
    task = progress.add_task("comparing candidate pairs", total=None) if progress else None
    if estimate:
        _estimate(linker, n)
    preds = linker.inference.predict(threshold_match_probability=REVIEW_THRESHOLD).physical_name
    id_agree = " or ".join(_level_is(linker, k, "agree") for k in IDENTIFIER_COLUMNS)
    id_differ = " or ".join(_level_is(linker, k, "different") for k in AUTHORITATIVE_IDENTIFIERS)
    slip = " or ".join(_level_is(linker, k, "near") for k in IDENTIFIER_COLUMNS if k not in AUTHORITATIVE_IDENTIFIERS)
    blockers = " or ".join([f"({_level_is(linker, 'dob', 'different')}) and not ({slip})",
                            _level_is(linker, "sex", "different"),
                            _level_is(linker, "name", "given_different")])
    auto = (f"not ({id_differ}) and (({id_agree}) or (match_probability >= {min(match_threshold, WEAK_MATCH_THRESHOLD)} "
            f"and not ({blockers})))")
    plausible = f"not ({id_differ}) and not ({blockers})"
    edges = con.execute(f"select uid_l, uid_r, match_probability, match_weight, coalesce(({auto}), false) as auto, "
                        f"coalesce(({auto}) and (({id_agree}) or ({slip})), false) as sure, "
                        f"coalesce(({id_agree}), false) as agree, "
                        f"coalesce(({plausible}), false) as plausible from {preds}").fetchnumpy()
    con.execute(f"drop table if exists {preds}").fetchall()
    if progress is not None:
        progress.update(task, total=1, completed=1)
        task = progress.add_task("clustering", total=None)
    l, r, p, w = (np.asarray(edges[c]) for c in ("uid_l", "uid_r", "match_probability", "match_weight"))
    auto_mask = np.asarray(edges["auto"]).astype(bool)
    sure = np.asarray(edges["sure"]).astype(bool)
    agree = np.asarray(edges["agree"]).astype(bool)
    plausible_mask = np.asarray(edges["plausible"]).astype(bool)
    del edges
    households = ", ".join(f"case when {c} is null then -1 else dense_rank() over (order by {c}) end as {c}_code"
                           for c in HOUSEHOLD_COLUMNS)  # codes, not strings: memory
    cols = con.execute(f"""select dob_y, dob_m, dob_d, given, family, {', '.join(IDENTIFIER_COLUMNS)}, {households},
                                  coalesce(dob_y is not null and length(given) > 1, false) as strong
                           from {table} order by uid""").df()
    codes = tuple(cols.pop(f"{c}_code").to_numpy(dtype=np.int64) for c in HOUSEHOLD_COLUMNS)
    obj = {k: cols[k].astype(object).where(cols[k].notna(), None).to_numpy() for k in cols.columns if k != "strong"}
    strong = cols["strong"].to_numpy(dtype=bool)
    del cols
    # between two strong records only from match_threshold (see WEAK_MATCH_THRESHOLD)
    auto_mask &= agree | (p >= match_threshold) | ~(strong[l] & strong[r])
    sure &= auto_mask & (agree | (p >= match_threshold))  # a keying slip links at once from the threshold only
    plausible = plausible_mask & ~auto_mask
    facts = Facts(obj["dob_y"], obj["dob_m"], obj["dob_d"], obj["given"], obj["family"],
                  {k: obj[k] for k in AUTHORITATIVE_IDENTIFIERS})  # the others can differ within a person
    roots, refused = cluster(n, l[auto_mask], r[auto_mask], w[auto_mask], strong, facts, sure=sure[auto_mask],
                             plausible=(l[plausible], r[plausible], w[plausible]),
                             alone_from=float(match_weight(WEAK_MATCH_THRESHOLD)),
                             households=codes)
    del facts, obj
    ids = [row[0] for row in con.execute(f"select record_id from {table} order by uid").fetchall()]
    numbering: dict[int, str] = {}
    clusters = {rid: numbering.setdefault(int(root), f"P{len(numbering):08d}") for rid, root in zip(ids, roots)}
    apart = roots[l] != roots[r]
    review = [(ids[a], ids[b], float(q)) for a, b, q in zip(l[apart].tolist(), r[apart].tolist(), p[apart].tolist())]
    if progress is not None:
        progress.update(task, total=1, completed=1)
    return Result(clusters, review, stats={"candidate_pairs_scored": int(len(p)), "auto_pairs": int(auto_mask.sum()),
                                           "refused_by_clustering": refused, "spellings_read_as_slips": slips})


def resolve_records(records: Iterable[PersonRecord], progress: bool = False) -> dict[str, str]:
    """record_id -> person id (one per distinct person) for PersonRecords."""
    frame = from_records(records)
    columns = [TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), disable=not progress) as bar:
        return resolve_frame(frame, progress=bar if progress else None).clusters


def read_csv(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """The input CSV as strings; rows without a record_id, or repeating one, rejected."""
    if not path.exists():
        raise BadInput(f"No such file: {path}")
    if path.is_dir():
        raise BadInput(f"{path} is a directory, not a CSV file")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig",
                             encoding_errors="replace", engine="c", on_bad_lines="warn")
    except pd.errors.EmptyDataError:
        raise BadInput(f"{path} is empty; the header must be {','.join(CSV_COLUMNS)}") from None
    except (pd.errors.ParserError, UnicodeError, OSError) as exc:
        raise BadInput(f"{path} could not be read as CSV: {exc}") from None
    df.columns = [c.strip() for c in df.columns]
    if "record_id" not in df.columns:
        raise BadInput(f"{path} has no record_id column; the header must be {','.join(CSV_COLUMNS)}")
    rejected: dict[str, str] = {}
    malformed = [line for w in caught for line in re.findall(r"Skipping line (\d+): ([^\n]+)", str(w.message))]
    for line, why in malformed[:1000]:
        rejected[f"line {line}"] = why
    rid = df["record_id"].str.strip()
    missing = rid == ""
    for line in (np.flatnonzero(missing.to_numpy()) + 2)[:1000]:
        rejected[f"line {line}"] = "missing record_id"
    dup = rid.duplicated() & ~missing
    for value in rid[dup].head(1000):
        rejected[value] = "duplicate record_id (first kept)"
    keep = ~missing & ~dup
    df = df.loc[keep, [c for c in df.columns if c in CSV_COLUMNS + OPTIONAL_CSV_COLUMNS]].reset_index(drop=True)
    df["record_id"] = rid[keep].to_numpy()
    return df, {**rejected, "_counts": {"missing_id": int(missing.sum()), "duplicate_id": int(dup.sum()),
                                        "malformed": len(malformed)}}


def resolve_csv(input_path, output_path, progress: bool = True, review_path=None) -> dict[str, Any]:
    """The ``mips resolve`` command: CSV of records in, ``record_id,person_id`` out; with
    ``review_path``, the uncertain pairs left apart as ``record_id_a,record_id_b,probability``."""
    console = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}"),
               TimeElapsedColumn()]
    with Progress(*columns, console=console, disable=not progress) as bar:
        task = bar.add_task("reading", total=None)
        df, rejected = read_csv(Path(input_path))
        counts = rejected.pop("_counts")
        bar.update(task, total=len(df), completed=len(df))
        task = bar.add_task("normalising", total=len(df))
        frame, bad_values = from_columns(df)
        del df
        bar.update(task, completed=len(frame))
        con = connect()
        table = load(con, frame)
        del frame  # from here on the records live in DuckDB only
        result = resolve_table(con, table, progress=bar)
        task = bar.add_task("writing", total=len(result.clusters))
        out = pd.DataFrame({"record_id": list(result.clusters), "person_id": list(result.clusters.values())})
        try:
            neutralise_frame(out, ["record_id", "person_id"]).to_csv(output_path, index=False)
            if review_path is not None:
                pairs = pd.DataFrame(result.review_pairs, columns=["record_id_a", "record_id_b", "probability"])
                neutralise_frame(pairs, ["record_id_a", "record_id_b"]).to_csv(review_path, index=False, float_format="%.6f")
        except OSError as exc:
            raise BadInput(f"cannot write the output: {exc}") from None
        bar.update(task, completed=len(out))
    return {"records": len(result.clusters), "persons": result.persons, "review_pairs": len(result.review_pairs),
            "bad_dates": len(bad_values),
            "rejected_rows": counts["missing_id"] + counts["duplicate_id"] + counts["malformed"],
            "rejections": {**rejected, **bad_values}, **result.stats}
