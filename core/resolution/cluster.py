"""Clustering scored pairs into persons without chaining different people together.

Connected components of "match" edges would let one record bridge two people: "J Smith,
no date of birth, E8" matches both John Smith born 1961 and his son born 1988, and the
components would merge father and son. So edges are taken best first into a union-find
whose clusters remember what they hold (identifiers, dates of birth, given names), and
an edge that would join two clusters that a strong identifier, a clearly different date
of birth or an outright different given name separates is refused. Edges touching a
weak record (no date of birth, no given name beyond an initial, or matches that cannot
all be one person) are taken last, and only where that record is not ambiguous: if its
matches among strong records lead to two different clusters (a father and son, twins,
two John Smiths born the same day), it is left alone, and its pairs are for a person to
review.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from core.resolution.households import movers
from core.resolution.normalise import given_variants, nickname_match

GIVEN_CLUSTER_FUZZY = 0.8  # looser than the pair level: a cluster holds several spellings
# How much more a weak record's best match must weigh (log2 odds) than its match with any
# other person for it to join the best one: 2^4, sixteen to one. That is about what the
# given name spelt exactly adds over a similar name (DEBORAH, born 1968, against a DEBRA
# born 2013 at one address) or over a nickname (ABIGAIL against an ABBIE of her
# household); an address in
# common adds far more. A father and son of one name at one address weigh alike, and stay
# apart. Measured on the legacy simulator's 750,000 mentions (BENCHMARKS.md): from 2^10,
# recall 0.9579 -> 0.9594 for precision 0.9968 -> 0.9967.
RIVAL_MARGIN_BITS = 4.0
CERTAIN_BITS = 1e6  # the weight of a pair given without one


@dataclass
class _Cluster:
    ids: dict[str, set[str]] = field(default_factory=dict)
    dobs: Counter = field(default_factory=Counter)  # (y, m, d) -> how many records give it
    givens: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)


def _dobs_compatible(a: tuple, b: tuple) -> bool:
    (ya, ma, da), (yb, mb, db) = a, b
    if ya == yb and (ma is None or mb is None):
        return True
    if da is not None and db is not None:
        sa, sb = f"{ya:04d}{ma:02d}{da:02d}", f"{yb:04d}{mb:02d}{db:02d}"
        return (sa == sb or (DamerauLevenshtein.distance(sa, sb) <= 1 and abs(ya - yb) < 10)
                or ((ya, ma) == (yb, mb) and abs(da - db) == 1)
                or (ya == yb and (ma, da) == (db, mb)))
    return ya == yb and ma == mb


def _dobs_explained(dobs: Counter) -> bool:
    """The dates of birth of a would-be person can be one person's: one of the full dates
    most records give (taken as the true one) is at most one slip (a mistyped digit, the
    day next to it, day and month swapped, a partial date) from every other. Not every
    pair of dates need be one slip apart: a person mentioned often has her true date
    mistyped one way here and swapped there (2019-01-11, 2019-01-12, 2019-11-01), two
    errors no one date explains pairwise; but a date that only the odd record gives does
    not make a hub for two others (1961-02-14 twice, 1961-02-15 once, 1961-12-15: two
    people)."""
    return any(all(_dobs_compatible(h, d) for d in dobs) for h in _hubs(dobs))


def _hubs(dobs: Counter) -> list[tuple]:
    """The dates taken as the true one: the full dates most records give (any date when
    none is full)."""
    full = [(count, d) for d, count in dobs.items() if d[2] is not None]
    if not full:
        return list(dobs)
    top = max(count for count, _ in full)
    return [d for count, d in full if count == top]


def _dobs_fit(a: Counter, b: Counter) -> bool:
    """Two would-be halves of a person have dates of birth that can be one person's: all
    of them explained together, or every date of one half either one the other half
    already holds or one slip from its true date. A person linked by an identifier can
    carry a date no hub explains (a false date given under an alias), and a record giving
    that date, or the true one, still belongs to that person."""
    if not a or not b or _dobs_explained(a + b):
        return True
    return any(all(d in x or any(_dobs_compatible(h, d) for h in _hubs(x)) for d in y) for x, y in ((a, b), (b, a)))


def _close(x: str, y: str) -> bool:
    return x == y or DamerauLevenshtein.distance(x, y) <= 1 or JaroWinkler.similarity(x, y) >= GIVEN_CLUSTER_FUZZY


@lru_cache(maxsize=262144)
def _name_fits(x: str, y: str) -> bool:
    """One given name explains another: the same, an initial of it, a nickname, a typo, or
    a typo of a nickname. The last matters once a person has many mentions: "ART" (a
    nickname of ARTHUR) and "ATRHUR" (a typo of it) share no variant and are no typo of
    each other, so without it every ARTHUR that matched both was "contested" and left out."""
    if x == y or (len(x) == 1 or len(y) == 1) and x[0] == y[0]:
        return True
    if nickname_match(x, y) or _close(x, y):
        return True
    return any(_close(a, b) for a in given_variants(x) for b in given_variants(y))


def _fits(x: str, names: set[str]) -> bool:
    """A given name is explained by one of a cluster's names (or, through the cluster's
    family names, transposed)."""
    return any(_name_fits(x, y) for y in names)


def _givens_compatible(a: _Cluster, b: _Cluster) -> bool:
    """Where the two share a family name, every given name of one side is explained by the
    other side: so ROBERT and RICHARD Fairweather (twins) stay apart even when
    "R Fairweather" matched both. One side, not both: a person linked by an identifier
    can hold names no other record explains (an alias, a name replaced in keying), and a
    record giving one of them still belongs to that person. (Where they share no family
    name the pair edge already rested on other evidence: a marriage, a transposed and
    misspelt name.)"""
    if not a.givens or not b.givens:
        return True
    if not any(x == y or JaroWinkler.similarity(x, y) >= 0.88 for x in a.families for y in b.families):
        return True
    return (all(_fits(x, b.givens | b.families) for x in a.givens) or
            all(_fits(y, a.givens | a.families) for y in b.givens))


@dataclass
class Facts:
    """Per-record columns the constraints read (object arrays indexed by record; None or
    NaN for nothing)."""

    dob_y: np.ndarray
    dob_m: np.ndarray
    dob_d: np.ndarray
    given: np.ndarray
    family: np.ndarray
    ids: dict[str, np.ndarray]


def _value(v):
    return None if v is None or v != v else v  # NaN != NaN


class Clusterer:
    """Union-find over record indexes 0..n-1 with the constraints above."""

    def __init__(self, n: int, facts: Facts):
        self.parent = list(range(n))
        self.facts = facts
        self._members: dict[int, list[int]] = {}  # root -> records, for clusters of two or more
        self._state: dict[int, _Cluster] = {}     # root -> what it holds, built when first needed
        self._facts: dict[int, tuple] = {}        # record -> facts_of(record)
        self.refused = 0

    def _root(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def _cluster(self, root: int) -> _Cluster:
        c = self._state.get(root)
        if c is None:
            c = _Cluster()
            for r in self._members.get(root, (root,)):
                self._add(c, r)
            self._state[root] = c
        return c

    def _add(self, c: _Cluster, r: int) -> None:
        dob, given, family, ids = self.facts_of(r)
        for kind, value in ids:
            c.ids.setdefault(kind, set()).add(value)
        if dob is not None:
            c.dobs[dob] += 1
        if given:
            c.givens.add(given)
        if family:
            c.families.add(family)

    def would_be(self, *records: int) -> _Cluster:
        """What a person made of just these records would hold. A record x and y that both
        match r could be one person with r when ``would_be(r, x)`` and ``would_be(y)`` are
        compatible: judged with r among them, since r's own date of birth or name can be
        the one that explains both (a true date between two different slips of it)."""
        c = _Cluster()
        for r in records:
            self._add(c, r)
        return c

    def facts_of(self, r: int) -> tuple:
        """Everything the constraints read of a record, as one hashable value:
        ``(date of birth, given, family, identifiers)``; read once per record."""
        known = self._facts.get(r)
        if known is None:
            f = self.facts
            year = _value(f.dob_y[r])
            dob = None
            if year is not None:
                month, day = _value(f.dob_m[r]), _value(f.dob_d[r])
                dob = (int(year), None if month is None else int(month), None if day is None else int(day))
            ids = tuple((kind, v) for kind, values in f.ids.items() if (v := _value(values[r])) is not None)
            known = self._facts[r] = (dob, _value(f.given[r]), _value(f.family[r]), ids)
        return known

    @staticmethod
    def _ids_compatible(a: _Cluster, b: _Cluster) -> bool:
        return all(a.ids[kind] & b.ids[kind] for kind in a.ids.keys() & b.ids.keys())

    @classmethod
    def compatible(cls, a: _Cluster, b: _Cluster) -> bool:
        if not cls._ids_compatible(a, b):
            return False
        if not _dobs_fit(a.dobs, b.dobs):
            return False
        return _givens_compatible(a, b)

    def union(self, i: int, j: int, sure: bool = False, unpaired: bool = False) -> bool:
        """Join the persons of records i and j unless they cannot be one. A sure link (an
        identifier in common) answers to the identifiers alone: the names and dates of
        birth a person gives vary (aliases, false dates) and the identifier is the person.
        ``unpaired``: i and j were not compared as a pair, so two single records are
        checked too."""
        ra, rb = self._root(i), self._root(j)
        if ra == rb:
            return True
        # two single records that were a pair: the pair's own levels ruled out every conflict
        if unpaired or ra in self._members or rb in self._members:
            a, b = self._cluster(ra), self._cluster(rb)
            if not (self._ids_compatible(a, b) if sure else self.compatible(a, b)):
                self.refused += 1
                return False
        a, b = self._state.get(ra), self._state.pop(rb, None)
        if a is not None and b is not None:
            for kind, values in b.ids.items():
                a.ids.setdefault(kind, set()).update(values)
            a.dobs.update(b.dobs)
            a.givens |= b.givens
            a.families |= b.families
        else:
            self._state.pop(ra, None)
        self._members[ra] = self._members.get(ra, [ra]) + self._members.pop(rb, [rb])
        self.parent[rb] = ra
        return True

    def roots(self) -> np.ndarray:
        return np.fromiter((self._root(i) for i in range(len(self.parent))), dtype=np.int64, count=len(self.parent))


def cluster(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray, strong: np.ndarray,
            facts: Facts, sure: np.ndarray | None = None,
            plausible: tuple[np.ndarray, ...] | None = None, alone_from: float | None = None,
            households: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, int]:
    """Root index per record, and how many edges were refused.

    ``left``/``right``/``weight``: the auto-matched pairs and their match weights (log2
    odds, Splink's ``match_weight``; :func:`match_weight` of a probability). Weights, not
    probabilities: beyond about 50 bits every probability is 1.0, and a record at an
    address where two people of its name live (a Joseph and a Josephine Bruce, 20 bits
    apart) would weigh both as certain and join neither. ``sure``: per such pair,
    True where a strong identifier agrees; those link at once whatever else the records
    hold or lack (a PNC ID in common is the person, with or without a date of birth), still
    under the constraints. ``plausible``: the other pairs above the review threshold that
    nothing rules out (no identifier, date of birth, sex or given name in conflict), as
    (left, right[, weight]) (without weights, as certain as can be).

    A record that matches two records which cannot be one person (two John Smiths with
    one date of birth and different PNC IDs) is contested, and treated like a weak one.

    A weak record joins a person only when it is unambiguous in the data: every strong
    record it plausibly matches, at the auto level or only at the review level, belongs to
    that one person. The plausible pairs count as rivals, not as links: a record with no
    date of birth that matched one John Smith at the auto level (same name, same street)
    and another only at the review level (same name, no address) could be either, and
    stays for review, unless one person's evidence clearly outweighs the other's
    (RIVAL_MARGIN_BITS: the same name at her address, against the same name elsewhere;
    a father and son at one address weigh alike, and stay apart). Plausible pairs do not
    link by themselves: a name alone, with no date of birth,
    joined to the one person of that name the data holds was measured to merge different
    people (another "Mark Thomas" seen only once, without a date) too often to keep
    precision at 0.995 as the data grows (20,000 simulated persons: 0.992). That needs
    the name's frequency among persons, not a threshold: see BENCHMARKS.md.

    ``alone_from``: a strong record still alone after all that, with a plausible match of
    at least this weight to another strong record, is treated as a weak one: it
    joins the person of its best match when that match reaches ``alone_from`` and
    outweighs every other person by RIVAL_MARGIN_BITS (see :func:`_join_the_alone`).

    ``households``: (address, given-name key, family-name key) per record. A record still
    alone at the end joins the one person its household's move ties it to: by name when
    it has no date of birth, else by given name and date, then by name and year
    (:func:`_join_movers`, :mod:`core.resolution.households`)."""
    c = Clusterer(n, facts)
    weight = np.asarray(weight, dtype=float)
    order = np.argsort(-weight, kind="stable")
    left, right = left[order], right[order]
    sure = np.zeros(len(left), dtype=bool) if sure is None else np.asarray(sure, dtype=bool)[order]
    for i, j in zip(left[sure].tolist(), right[sure].tolist()):
        c.union(i, j, sure=True)
    strong = strong & ~_contested(c, left[~sure], right[~sure], n, strong)
    firm = (strong[left] & strong[right]) & ~sure
    for i, j in zip(left[firm].tolist(), right[firm].tolist()):
        c.union(i, j)
    # a weak record whose matches among strong records lead to two persons is ambiguous,
    # unless the evidence for one of them outweighs every other by RIVAL_MARGIN_BITS
    weak = ~firm & ~sure
    bits = weight[order]
    wl, wr, ww = left[weak].tolist(), right[weak].tolist(), bits[weak].tolist()
    if plausible is None:
        pl, pr, pw = [], [], []
    else:
        pl, pr = np.asarray(plausible[0]).tolist(), np.asarray(plausible[1]).tolist()
        pw = (np.asarray(plausible[2], dtype=float) if len(plausible) > 2 else np.full(len(pl), CERTAIN_BITS)).tolist()
    reach: dict[int, dict[int, float]] = defaultdict(dict)  # weak record -> strong person -> best weight
    for i, j, w in zip(wl + pl, wr + pr, ww + pw):
        if strong[i] != strong[j]:
            s_, w_ = (i, j) if strong[i] else (j, i)
            found = reach[w_]
            root = c._root(s_)
            found[root] = max(found.get(root, -np.inf), w)
    ambiguous, chosen = set(), {}
    for r, persons in reach.items():
        if len(persons) > 1:
            best = _clearly_best(persons)
            if best is None:
                ambiguous.add(r)
            else:
                chosen[r] = best
    person_of = c.roots() if chosen else None  # before the weak records join: their own roots can change
    for i, j in zip(wl, wr):
        if i in ambiguous or j in ambiguous:
            continue
        if (i in chosen and not (strong[j] and person_of[j] == chosen[i])) or (
                j in chosen and not (strong[i] and person_of[i] == chosen[j])):
            continue  # a record chosen for one person takes only the edges to that person
        c.union(i, j)
    if alone_from is not None:
        _join_the_alone(c, (left.tolist() + pl, right.tolist() + pr, bits.tolist() + pw), (pl, pr, pw), strong,
                        float(alone_from))
    if households is not None:
        _join_movers(c, households)
    return c.roots(), c.refused


def codes(values) -> np.ndarray:
    """Integer codes of values (strings or already codes), -1 where missing."""
    values = np.asarray(values)
    if values.dtype.kind in "iu":
        return values.astype(np.int64)
    return pd.factorize(pd.Series(values, dtype=object))[0].astype(np.int64)


def _join_movers(c: Clusterer, households: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """Records still alone placed by their household's move (see
    :mod:`core.resolution.households`): dateless ones by name, then dated ones by given
    name and date of birth, then by name and year of birth, under the clusters' checks
    (the record and the person were never compared as a pair). ``households``: address,
    given-name key and family-name key per record, as values or integer codes."""
    address, given, family = (codes(a) for a in households)
    f = c.facts
    y, m, d = (pd.to_numeric(pd.Series(a, dtype=object), errors="coerce").to_numpy() for a in (f.dob_y, f.dob_m, f.dob_d))
    named = np.array([isinstance(g, str) and len(g) > 1 for g in f.given], dtype=bool) & (given >= 0)
    dated, full = ~np.isnan(y), ~(np.isnan(y) | np.isnan(m) | np.isnan(d))
    by_name = np.where((given >= 0) & (family >= 0), given * (family.max() + 2) + family, -1)
    by_date = np.where(full & (given >= 0), given * 10**8 + np.nan_to_num(y * 10000 + m * 100 + d).astype(np.int64), -1)
    by_year = np.where(dated & (by_name >= 0), by_name * 10**4 + np.nan_to_num(y).astype(np.int64), -1)
    for key, which, tie in ((by_name, ~dated, family), (by_date, full, None), (by_year, dated, family)):
        roots = c.roots()
        alone = np.bincount(roots, minlength=len(roots))[roots] == 1
        for record, person in movers(roots, address, key, alone & which & named, family=tie):
            c.union(record, person, unpaired=True)


def _clearly_best(persons: dict[int, float]) -> int | None:
    """The person whose weight outweighs every other's by RIVAL_MARGIN_BITS, else None."""
    ranked = sorted(persons.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < RIVAL_MARGIN_BITS:
        return None
    return int(ranked[0][0])


def _join_the_alone(c: Clusterer, pairs: tuple[list, list, list], plausible: tuple[list, list, list],
                    strong: np.ndarray, least: float) -> None:
    """Strong records left alone whose best match fell short of the strong-pair threshold
    (a custody record giving the date one slip out and no address, against a person of
    eight records) join that match's person as a weak record would: when the match
    reaches ``least`` (log2 odds) and outweighs the record's matches with every other
    person by RIVAL_MARGIN_BITS, under the clusters' checks. ``pairs`` and ``plausible``:
    (left, right, weight) lists of every pair and of the plausible ones. Measured on the legacy simulator's
    750,000 mentions: recall 0.9557 -> 0.9579 for precision 0.9970 -> 0.9968."""
    roots = c.roots()
    alone = (np.bincount(roots, minlength=len(roots))[roots] == 1) & strong
    pl, pr, pw = (np.asarray(x) for x in plausible)
    if not len(pl):
        return
    soft = (pw >= least) & strong[pl] & strong[pr]
    asking = set(pl[soft & alone[pl]].tolist()) | set(pr[soft & alone[pr]].tolist())
    if not asking:
        return
    reach: dict[int, dict[int, float]] = defaultdict(dict)  # record left alone -> person -> best weight
    for i, j, w in zip(*pairs):
        for a, b in ((i, j), (j, i)):
            if a in asking:
                found = reach[a]
                found[roots[b]] = max(found.get(roots[b], -np.inf), w)
    chosen, torn = {}, set()
    for a in sorted(asking):
        if max(reach[a].values()) < least:
            continue
        person = _clearly_best(reach[a])
        if person is None:
            torn.add(a)
        else:
            chosen[a] = person
    for a, person in chosen.items():
        if person not in torn:  # not onto a record that could as well be someone else
            c.union(a, person)


def match_weight(probability) -> np.ndarray:
    """Match weights (log2 odds) of probabilities (for callers that have only those)."""
    p = np.clip(np.asarray(probability, dtype=float), 1e-15, 1 - 1e-15)
    return np.log2(p / (1 - p))


def _contested(c: Clusterer, left: np.ndarray, right: np.ndarray, n: int, strong: np.ndarray) -> np.ndarray:
    """Strong records with matches that conflict with each other (a weak record is dealt
    with as weak anyway). Matches that give the same facts (one person's repeated
    mentions) are compared once, and each match's would-be person is built once: a
    dateless name can have dozens of matches."""
    out = np.zeros(n, dtype=bool)
    degree = np.bincount(np.concatenate([left, right]), minlength=n) if len(left) else np.zeros(n, dtype=np.int64)
    asked = (degree > 1) & strong
    if not asked.any():
        return out
    neighbours: dict[int, dict[tuple, int]] = defaultdict(dict)  # record -> facts -> first match giving them
    for i, j in zip(left.tolist(), right.tolist()):
        if asked[i]:
            neighbours[i].setdefault(c.facts_of(j), j)
        if asked[j]:
            neighbours[j].setdefault(c.facts_of(i), i)
    for r, firsts in neighbours.items():
        others = list(firsts.values())
        if len(others) < 2:
            continue
        with_r = [c.would_be(r, x) for x in others]
        alone = [c.would_be(y) for y in others]
        if any(not c.compatible(with_r[k], alone[m]) for k in range(len(others)) for m in range(k + 1, len(others))):
            out[r] = True
    return out
