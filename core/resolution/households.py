"""A household that moved: the record that gives the address left behind.

A record gives the address the person lived at then. When every other record of that
person gives the address they live at now, the record shares nothing with them but what
it says of the person, and a name alone is not enough. The household's records can
bridge the two addresses: someone whose records give both (a partner, a parent) shows
that the family moved from one to the other.

* A record without a date of birth joins the one person of its name (the same given-name
  and family-name sounds) who holds an address tied to its own by a record of the same
  family name.
* A record with a date of birth that matched no one (a maiden name on it, and the old
  address) joins the one person of its given name and full date of birth who holds an
  address tied to its own by anyone's records: the family name is what changed.
* A record with a date of birth a slip away from its person's (the day next to it, the
  year alone), at the old address, joins the one person of its name and year of birth
  who holds an address tied to its own by a record of the same family name, if the
  dates can be one person's (the clusters' checks, as for every join).

Only when there is exactly one such person: two John Smiths of one household (a father
and son) leave the record alone. Measured on the legacy simulator's 750,000 mentions: see
BENCHMARKS.md.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# An address more persons than this hold is no household's (a hostel, a shared house, a
# police station given for no fixed abode): a move through it ties nothing. It also keeps
# the merges below small where many records give one address.
MAX_HOLDERS = 8


def movers(roots: np.ndarray, address: np.ndarray, key: np.ndarray, asking: np.ndarray,
           family: np.ndarray | None = None) -> list[tuple[int, int]]:
    """(record, a record of the person it joins) for each asking record placed by the
    rule above. ``roots``: each record's cluster; ``address`` and ``key`` (what must be
    the same: the name's sounds, or the given name's and the date of birth) per record, as
    integer codes, -1 where missing; ``family``: the family-name sound's code per record,
    when the record tying two addresses must share it. Integer codes, not strings: at a
    million records the merges below stay small."""
    n = len(roots)
    family = np.zeros(n, dtype=np.int64) if family is None else family
    records = pd.DataFrame({"root": roots, "a": address, "k": key, "f": family})
    records = records[(records["a"] >= 0) & (records["f"] >= 0)]
    ask = records[asking[records.index.to_numpy()] & (records["k"] >= 0).to_numpy()]
    if ask.empty:
        return []
    held = records[["root", "a"]].drop_duplicates()
    held = held[held.groupby("a")["root"].transform("size") <= MAX_HOLDERS]
    ask = ask[ask["a"].isin(held["a"])]
    multi = held[held.groupby("root")["a"].transform("size") > 1]
    if multi.empty:
        return []
    ties = multi.merge(multi, on="root", suffixes=("", "_to"))
    ties = ties[ties["a"] != ties["a_to"]].merge(records[["root", "f"]].drop_duplicates(), on="root")
    ties = ties[["a", "f", "a_to"]].drop_duplicates()
    reach = ask.reset_index(names="i").merge(ties, on=["a", "f"])[["i", "root", "k", "a_to"]]
    if reach.empty:
        return []
    holders = held.rename(columns={"root": "person", "a": "a_to"})
    named = records.loc[records["k"] >= 0, ["root", "k"]].drop_duplicates().rename(columns={"root": "person"})
    found = reach.merge(holders, on="a_to").merge(named, on=["person", "k"])
    found = found[found["person"] != found["root"]][["i", "person"]].drop_duplicates()
    one = found[found.groupby("i")["person"].transform("size") == 1]
    return list(zip(one["i"].tolist(), one["person"].tolist()))
