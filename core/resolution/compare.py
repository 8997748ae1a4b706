"""Comparing two person records: Fellegi-Sunter match weights plus the hard rules that
keep different people apart.

Each field is compared at a level (:mod:`core.resolution.levels`: exact, nickname,
transposed, day/month swapped...), and each level adds log2(m/u) from ``weights.json``
(estimated with Splink by ``python -m research.train``), so every decision carries
its explanation: which fields agreed, at what level, with what weight. Rules sit above
the weights, because the independence assumption behind them fails exactly where police
data is hardest (relatives share a family name, an address and sometimes a birthday):

* an identifier of the national record (PNC ID, CRO number) that disagrees means two
  people; one copied by hand (NI number, driving licence, passport) that disagrees weighs
  heavily against, and one a keystroke away from the other weighs for (a slip);
* an identifier that agrees (and no national one that disagrees) means one person;
* given names that disagree outright (not a nickname, typo, initial or middle name)
  mean two people, which keeps twins apart;
* a clear conflict of date of birth or sex, or a date of birth missing on one side,
  can send a pair to review but never to an automatic match: a father and son of one
  name at one address differ only in the date of birth.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import DamerauLevenshtein

from core.resolution.levels import (address_level, dob_level, name_level, name_of, part_levels, postcode_level,
                                    sex_level)
from core.resolution.normalise import normalise_address, normalise_identifier, postcode_key
from core.resolution.record import PartialDate, PersonRecord
from core.resolution.parameters import (AUTHORITATIVE_IDENTIFIERS, ID_AGREES, ID_DIFFERS, KEYED_ID_DIFFERS,
                                        KEYED_ID_NEAR, KEYED_NEAR_MIN_LENGTH, WEIGHTS_FILE, load_weights)

MATCH_THRESHOLD = 0.99
REVIEW_THRESHOLD = 0.2
STRONG_IDENTIFIERS = ("pnc_id", "cro_number", "ni_number", "passport", "driving_licence")
ID_AGREE_WEIGHT = math.log2(ID_AGREES[0] / ID_AGREES[1])
ID_DIFFER_WEIGHT = math.log2(ID_DIFFERS[0] / ID_DIFFERS[1])
KEYED_NEAR_WEIGHT = math.log2(KEYED_ID_NEAR[0] / KEYED_ID_NEAR[1])
KEYED_DIFFER_WEIGHT = math.log2(KEYED_ID_DIFFERS[0] / KEYED_ID_DIFFERS[1])
__all__ = ["Decision", "Evidence", "MATCH_THRESHOLD", "REVIEW_THRESHOLD", "WEIGHTS_FILE", "cannot_link", "compare",
           "weights"]


@dataclass(frozen=True)
class Evidence:
    field: str
    level: str
    weight: float
    detail: str = ""


@dataclass(frozen=True)
class Decision:
    outcome: str  # match | review | non_match
    weight: float
    probability: float
    evidence: tuple[Evidence, ...]
    reason: str


@lru_cache(maxsize=1)
def weights() -> dict[str, dict[str, float]]:
    """field -> level -> log2 Bayes factor; ``_prior`` -> ``weight``."""
    raw = load_weights()
    table = {field: {level: math.log2(m / u) for level, (m, u) in levels.items()}
             for field, levels in raw.items() if isinstance(levels, dict)}
    prior = raw["prior_match_probability"]
    table["_prior"] = {"weight": math.log2(prior / (1 - prior))}
    return table


def _evidence(field: str, level: str, detail: str) -> Evidence:
    if level == "missing":
        return Evidence(field, "missing", 0.0, detail)
    return Evidence(field, level, weights()[field][level], detail)


def _best(options: list[Evidence], field: str) -> Evidence:
    return max(options, key=lambda e: e.weight) if options else Evidence(field, "missing", 0.0)


def _names(a: PersonRecord, b: PersonRecord) -> list[Evidence]:
    """The best-agreeing pair of names (any kind: primary, alias, maiden...), and, for the
    reader, how its given and family names agree on their own (no weight of their own)."""
    options = []
    for x, y in product(a.names, b.names):
        level = name_level(name_of(x), name_of(y))
        options.append((_evidence("name", level, f"{x.given} {x.family} vs {y.given} {y.family} "
                                                 f"({level.replace('_', ' ')})"), x, y))
    if not options:
        return [Evidence("name", "missing", 0.0)]
    best, x, y = max(options, key=lambda o: o[0].weight)
    given, family = part_levels(name_of(x), name_of(y))
    return [best, Evidence("given", given, 0.0, f"{x.given} vs {y.given}"),
            Evidence("family", family, 0.0, f"{x.family} vs {y.family}")]


def _fmt(d: PartialDate) -> str:
    return "-".join(f"{p:02d}" for p in (d.year, d.month, d.day) if p)


def _dob(a: PersonRecord, b: PersonRecord) -> Evidence:
    return _best([_evidence("dob", dob_level(x, y), f"{_fmt(x)} vs {_fmt(y)}")
                  for x, y in product(a.dobs, b.dobs) if x.year and y.year], "dob")


def _postcode(a: PersonRecord, b: PersonRecord) -> Evidence:
    pa = [k for k in map(postcode_key, a.postcodes) if k]
    pb = [k for k in map(postcode_key, b.postcodes) if k]
    return _best([_evidence("postcode", postcode_level(x, y), f"{x} vs {y}") for x, y in product(pa, pb)], "postcode")


def _address(a: PersonRecord, b: PersonRecord) -> Evidence:
    aa = [n for n in map(normalise_address, a.addresses) if n]
    ab = [n for n in map(normalise_address, b.addresses) if n]
    return _best([_evidence("address", address_level(x, y), f"{x} vs {y}") for x, y in product(aa, ab)], "address")


def _near(xs: set[str], ys: set[str]) -> bool:
    """A keying slip: one character wrong, missing, extra, or two swapped."""
    return any(min(len(x), len(y)) >= KEYED_NEAR_MIN_LENGTH and DamerauLevenshtein.distance(x, y) <= 1
               for x in xs for y in ys)


def _identifiers(a: PersonRecord, b: PersonRecord) -> tuple[list[Evidence], list[str], list[str]]:
    """Evidence per identifier kind both hold; the kinds that agree; the national-record
    kinds that conflict (see the module docstring)."""
    def by_kind(rec: PersonRecord) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for kind, value in rec.identifiers:
            out.setdefault(kind, set()).add(normalise_identifier(kind, value) or value.strip().upper())
        return out

    ia, ib = by_kind(a), by_kind(b)
    evidence, agree, conflict = [], [], []
    for kind in sorted(set(ia) & set(ib)):
        shown = f"{', '.join(sorted(ia[kind]))} vs {', '.join(sorted(ib[kind]))}"
        if ia[kind] & ib[kind]:
            agree.append(kind)
            evidence.append(Evidence(kind, "exact", ID_AGREE_WEIGHT, f"{sorted(ia[kind] & ib[kind])[0]} (agrees)"))
        elif kind in AUTHORITATIVE_IDENTIFIERS:
            conflict.append(kind)
            evidence.append(Evidence(kind, "different", ID_DIFFER_WEIGHT, shown))
        elif _near(ia[kind], ib[kind]):
            evidence.append(Evidence(kind, "near", KEYED_NEAR_WEIGHT, f"{shown} (one keystroke apart)"))
        else:
            evidence.append(Evidence(kind, "different", KEYED_DIFFER_WEIGHT, shown))
    return evidence, agree, conflict


def _probability(weight: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-weight))


def _label(e: Evidence) -> str:
    return f"{e.field} {e.level.replace('_', ' ')}"


def cannot_link(a: PersonRecord, b: PersonRecord) -> bool:
    """True when ``compare(a, b)`` is a non-match whatever b's sex.

    Reads everything of b but its sex, which is the one field a person's indexed rows
    (names, dates of birth, identifiers, addresses) do not hold, so a caller can rule most
    candidates out without loading their source records. It applies compare's own rules
    with sex at its best weight, so it never rules out a pair that compare would send to
    review or match: national identifiers that disagree; given names that disagree outright,
    whatever the rest; or a weight that cannot reach the review threshold.
    """
    ids = 0.0
    if a.identifiers and b.identifiers:
        id_evidence, agree, conflict = _identifiers(a, b)
        if conflict or agree:
            return bool(conflict)
        ids = sum(e.weight for e in id_evidence)
    table = weights()
    options = [(table["name"][level], level) if level != "missing" else (0.0, level)
               for level in (name_level(name_of(x), name_of(y)) for x, y in product(a.names, b.names))]
    name = max(w for w, _ in options) if options else 0.0
    if options and all(level == "given_different" for w, level in options if w == name):
        return True  # compare keeps the first of equally weighted best pairs: "given different" in any order
    dob = max((table["dob"][dob_level(x, y)] for x, y in product(a.dobs, b.dobs) if x.year and y.year), default=0.0)
    sex = max(0.0, *table["sex"].values()) if a.sex in ("M", "F") else 0.0
    where = _postcode(a, b).weight + _address(a, b).weight if (a.postcodes or a.addresses) else 0.0
    bound = table["_prior"]["weight"] + name + dob + sex + where + ids
    return _probability(bound + 1e-9) < REVIEW_THRESHOLD  # the margin covers summing in another order


def compare(a: PersonRecord, b: PersonRecord) -> Decision:
    id_evidence, agree, conflict = _identifiers(a, b)
    names, dob = _names(a, b), _dob(a, b)
    name = names[0]
    sex = Evidence("sex", level := sex_level(a.sex, b.sex), weights()["sex"][level] if level != "missing" else 0.0,
                   f"{a.sex} vs {b.sex}" if level != "missing" else "")
    evidence = tuple(id_evidence + names + [dob, sex, _postcode(a, b), _address(a, b)])
    weight = weights()["_prior"]["weight"] + sum(e.weight for e in evidence)
    probability = _probability(weight)
    if conflict:
        return Decision("non_match", weight, probability, evidence,
                        "; ".join(f"{e.field} differs ({e.detail})" for e in id_evidence if e.field in conflict))
    if agree:
        return Decision("match", weight, probability, evidence, " and ".join(f"{k} agrees" for k in agree))
    if name.level == "given_different":
        return Decision("non_match", weight, probability, evidence, f"given names differ: {name.detail}")
    agreeing = " + ".join(_label(e) for e in evidence if e.weight > 0) or "nothing agrees"
    # a hand-keyed identifier one keystroke from the other's is the person's with a slip
    # in it: it tells a father from his son, so a wrong or missing date does not block
    slip = any(e.level == "near" for e in id_evidence)
    blockers = [e for e in (dob, sex) if e.level == "different" and not (slip and e is dob)]
    if dob.level == "missing" and a.names and b.names and not slip:
        blockers.append(dob)  # names and an address alone cannot tell a father from his son
    if probability >= MATCH_THRESHOLD and not blockers:
        return Decision("match", weight, probability, evidence, agreeing)
    if probability >= REVIEW_THRESHOLD:
        why = agreeing + (f"; but {', '.join(_label(e) for e in blockers)}" if blockers else "")
        return Decision("review", weight, probability, evidence, why)
    return Decision("non_match", weight, probability, evidence,
                    agreeing + (f"; {', '.join(_label(e) for e in blockers)}" if blockers else ""))
