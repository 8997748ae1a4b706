"""The most pairwise recall any resolver can reach without joining records on a name alone.

Within each true person, records are joined when they share a piece of evidence other
than the name: the same full date of birth, postcode, address line or identifier (the
looser count also takes the year of birth alone). A record that shares nothing but its
name with every other record of its person (a custody record without a date of birth
for someone seen elsewhere only at other addresses) can be put with that person only on
the name: at 300,000 people drawn from a few hundred given names and family names, as
the simulator draws them, no name is rare enough for that to be right often enough.
The ceiling is the share of the true pairs that fall within such joined groups.

It counts only the evidence in the person's own records. Other people's records can add
some: a partner whose records give both the old address and the new one ties a record at
the old address to the person at the new one (:mod:`core.resolution.households`), so a
resolver can pass this ceiling a little.

    python -m bench.recall_ceiling LEGACY_DIR     (a directory `mips legacy simulate` wrote)
"""
from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

import numpy as np
import pandas as pd

EVIDENCE = ("dob8", "postcode", "address", "pnc_id", "cro_number", "ni_number", "driving_licence", "passport",
            "other_id")


def _pairs(sizes: np.ndarray) -> int:
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def ceiling(features: pd.DataFrame, person: np.ndarray, with_year: bool = False) -> float:
    """Share of true pairs within the groups that shared evidence joins (see above).
    ``features``: the resolution features (:func:`core.resolution.features.from_columns`);
    ``person``: the true person of each row, as integers."""
    n = len(features)
    parent = np.arange(n)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    columns = [c for c in EVIDENCE if c in features] + (["dob_y"] if with_year else [])
    for column in columns:
        values = features[column]
        present = np.flatnonzero(values.notna().to_numpy())
        groups = pd.DataFrame({"t": person[present], "v": values.iloc[present].astype(str).to_numpy(), "i": present})
        firsts = groups.groupby(["t", "v"])["i"].transform("first").to_numpy()
        for i, j in zip(groups["i"].to_numpy().tolist(), firsts.tolist()):
            if i != j:
                a, b = root(i), root(j)
                if a != b:
                    parent[a] = b
    roots = np.fromiter((root(i) for i in range(n)), dtype=np.int64, count=n)
    joined = pd.DataFrame({"t": person, "r": roots}).groupby(["t", "r"]).size().to_numpy()
    return _pairs(joined) / max(_pairs(np.bincount(person)), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("legacy_dir", type=Path)
    args = parser.parse_args()
    os.environ["MIPS_LEGACY_DIR"] = str(args.legacy_dir)
    from core.legacy.bridge import BridgeReport, collect
    from core.plugins import PluginHost
    from core.resolution.features import from_columns

    frame, _ = from_columns(collect(PluginHost().adapters(), BridgeReport()).frame())
    with (args.legacy_dir / "truth.csv").open() as handle:
        truth = {row["mention_key"]: row["true_person"] for row in csv.DictReader(handle)}
    person = pd.factorize(frame["record_id"].map(truth))[0]
    print(f"{len(frame):,} mentions: recall ceiling without joining on a name alone "
          f"{ceiling(frame, person):.4f}; with the year of birth as evidence too "
          f"{ceiling(frame, person, with_year=True):.4f}")


if __name__ == "__main__":
    main()
