"""A household that moved: the record that gives only a name and the address left behind.

A record without a date of birth (a witness statement, an anti-social behaviour complaint)
gives a name and the address the person lived at then. When every other record of that
person gives the address they live at now, only the name links them, and a name alone is
not enough. The household is: someone of the same family name whose records give both
addresses (a partner, a parent) shows that the family moved from one to the other. So a
dateless record joins the one person of its name (the same given-name and family-name
sounds) who holds an address that such a household record ties to the record's own, and
only when there is exactly one: two John Smiths of that household (a father and son) leave
it alone. Measured on the legacy simulator's 750,000 mentions: see BENCHMARKS.md.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def movers(roots: np.ndarray, address: np.ndarray, given_key: np.ndarray, family_key: np.ndarray,
           asking: np.ndarray) -> list[tuple[int, int]]:
    """(record, a record of the person it joins) for each asking record that the rule
    above places. ``roots``: each record's cluster; ``address``, ``given_key``,
    ``family_key``: per record (None where missing); ``asking``: the records to place."""
    records = pd.DataFrame({"root": roots, "a": address, "g": given_key, "f": family_key})
    records = records[records["a"].notna() & records["f"].notna()]
    ask = records[asking[records.index.to_numpy()] & records["g"].notna()]
    if ask.empty:
        return []
    held = records[["root", "a"]].drop_duplicates()
    multi = held[held.groupby("root")["a"].transform("size") > 1]
    if multi.empty:
        return []
    families = records[["root", "f"]].drop_duplicates()
    ties = multi.merge(multi, on="root", suffixes=("", "_to"))
    ties = ties[ties["a"] != ties["a_to"]].merge(families, on="root")[["a", "f", "a_to"]].drop_duplicates()
    reach = ask.reset_index(names="i").merge(ties, on=["a", "f"])[["i", "root", "g", "f", "a_to"]]
    if reach.empty:
        return []
    named = records[["root", "g", "f"]].dropna().drop_duplicates()
    holders = held.rename(columns={"root": "person", "a": "a_to"})
    found = reach.merge(holders, on="a_to").merge(named.rename(columns={"root": "person"}), on=["person", "g", "f"])
    found = found[found["person"] != found["root"]][["i", "person"]].drop_duplicates()
    one = found[found.groupby("i")["person"].transform("size") == 1]
    return list(zip(one["i"].tolist(), one["person"].tolist()))
