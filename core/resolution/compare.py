"""Comparing two person records: Fellegi-Sunter match weights plus the hard rules that
keep different people apart.

Each field is compared at a level (exact, nickname, fuzzy, day/month swapped...), and
each level adds log2(m/u) from ``weights.json`` (estimated with Splink by
``python -m core.resolution.train``), so every decision carries its explanation: which
fields agreed, at what level, with what weight. Three rules sit above the weights,
because the independence assumption behind them fails exactly where police data is
hardest (relatives share a family name, an address and sometimes a birthday):

* an identifier of the same kind that disagrees (two PNC IDs) means two people;
* an identifier that agrees (and none that disagrees) means one person;
* given names that disagree outright (not a nickname, typo, initial or middle name)
  mean two people, which keeps twins apart; and a clear conflict of date of birth or sex
  can send a pair to review, never to an automatic match (a father and son); so can a
  date of birth missing on one side when namesakes with different dates are known.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler, Levenshtein

from core.resolution.normalise import nickname_match, normalise_name, phonetic_key
from core.resolution.record import Name, PartialDate, PersonRecord

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
MATCH_THRESHOLD = 0.995
REVIEW_THRESHOLD = 0.5
STRONG_IDENTIFIERS = ("pnc_id", "cro_number", "ni_number", "passport", "driving_licence")


@dataclass(frozen=True)
class Evidence:
    field: str
    level: str
    weight: float
    detail: str = ""


@dataclass(frozen=True)
class Decision:
    outcome: str
    weight: float
    probability: float
    evidence: tuple[Evidence, ...]
    reason: str


@lru_cache(maxsize=1)
def weights() -> dict[str, dict[str, float]]:
    raw = json.loads(WEIGHTS_FILE.read_text())
    table = {field: {level: math.log2(m / u) for level, (m, u) in levels.items()}
             for field, levels in raw.items() if isinstance(levels, dict)}
    prior = raw["prior_match_probability"]
    table["_prior"] = {"weight": math.log2(prior / (1 - prior))}
    return table


def _w(field: str, level: str) -> float:
    return weights()[field][level]


# -- names -----------------------------------------------------------------

def _given_level(a: str, b: str) -> str:
    ta, tb = normalise_name(a).split(), normalise_name(b).split()
    if not ta or not tb:
        return "missing"
    if ta[0] == tb[0] or (len(ta[0]) > 1 and len(tb[0]) > 1 and (set(ta) & set(tb))):
        return "exact"
    if nickname_match(ta[0], tb[0]):
        return "nickname"
    if len(ta[0]) == 1 or len(tb[0]) == 1:
        return "initial" if ta[0][0] == tb[0][0] else "different"
    if JaroWinkler.similarity(ta[0], tb[0]) >= 0.88 or phonetic_key(ta[0]) == phonetic_key(tb[0]):
        return "fuzzy"
    return "different"


def _family_level(a: str, b: str) -> str:
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return "missing"
    if na == nb or na.replace(" ", "") == nb.replace(" ", ""):
        return "exact"
    pa, pb = {p for p in na.split() if len(p) > 2}, {p for p in nb.split() if len(p) > 2}
    if pa & pb:
        return "part"
    if JaroWinkler.similarity(na.replace(" ", ""), nb.replace(" ", "")) >= 0.9:
        return "fuzzy"
    return "different"


def _name_evidence(a: Name, b: Name) -> list[Evidence]:
    straight = [Evidence("given", g := _given_level(a.given, b.given), _w("given", g), f"{a.given} vs {b.given}"),
                Evidence("family", f := _family_level(a.family, b.family), _w("family", f), f"{a.family} vs {b.family}")]
    sg, sf = _given_level(a.given, b.family), _family_level(a.family, b.given)
    if g != "exact" and sg in ("exact", "nickname", "fuzzy") and sf in ("exact", "fuzzy"):
        level = "exact" if sg == "exact" and sf == "exact" else ("nickname" if sg == "nickname" else "fuzzy")
        swapped = [Evidence("name", f"swapped_{level}", _w("swapped", level),
                            f"{a.given} {a.family} vs {b.given} {b.family} (given and family transposed)")]
        if sum(e.weight for e in swapped) > sum(e.weight for e in straight):
            return swapped
    return straight


def _best_names(a: PersonRecord, b: PersonRecord) -> list[Evidence]:
    if not a.names or not b.names:
        return [Evidence("name", "missing", 0.0)]
    options = [_name_evidence(x, y) for x, y in product(a.names, b.names)]
    return max(options, key=lambda ev: sum(e.weight for e in ev))


# -- dates of birth ----------------------------------------------------------

def _dob_level(a: PartialDate, b: PartialDate) -> str:
    if a.year is None or b.year is None:
        return "missing"
    full = all((a.month, a.day, b.month, b.day))
    if full and (a.year, a.month, a.day) == (b.year, b.month, b.day):
        return "exact"
    if full and a.year == b.year and (a.month, a.day) == (b.day, b.month):
        return "day_month_swapped"
    if full and Levenshtein.distance(f"{a.year:04d}{a.month:02d}{a.day:02d}", f"{b.year:04d}{b.month:02d}{b.day:02d}") == 1:
        return "one_digit"
    if not full and a.year == b.year and (a.month is None or b.month is None or a.month == b.month) \
            and (a.day is None or b.day is None or a.day == b.day):
        return "partial"
    return "different"


_DOB_ORDER = ("exact", "day_month_swapped", "one_digit", "partial", "different", "missing")


def _best_dob(a: PersonRecord, b: PersonRecord) -> Evidence:
    pairs = [(_dob_level(x, y), x, y) for x, y in product(a.dobs, b.dobs)]
    if not pairs:
        return Evidence("dob", "missing", 0.0)
    level, x, y = min(pairs, key=lambda p: _DOB_ORDER.index(p[0]))
    return Evidence("dob", level, _w("dob", level) if level != "missing" else 0.0, f"{_fmt(x)} vs {_fmt(y)}")


def _fmt(d: PartialDate) -> str:
    return "-".join(str(p) for p in (d.year, d.month, d.day) if p)


# -- the rest ------------------------------------------------------------------

def _sex(a: PersonRecord, b: PersonRecord) -> Evidence:
    if not a.sex or not b.sex or "U" in (a.sex, b.sex):
        return Evidence("sex", "missing", 0.0)
    level = "agree" if a.sex == b.sex else "different"
    return Evidence("sex", level, _w("sex", level), f"{a.sex} vs {b.sex}")


def _postcode(a: PersonRecord, b: PersonRecord) -> Evidence:
    if not a.postcodes or not b.postcodes:
        return Evidence("postcode", "missing", 0.0)
    if set(a.postcodes) & set(b.postcodes):
        level = "exact"
    elif {p.split()[0] for p in a.postcodes} & {p.split()[0] for p in b.postcodes}:
        level = "district"
    else:
        level = "different"
    return Evidence("postcode", level, _w("postcode", level), f"{', '.join(a.postcodes)} vs {', '.join(b.postcodes)}")


def _address(a: PersonRecord, b: PersonRecord) -> Evidence:
    if not a.addresses or not b.addresses:
        return Evidence("address", "missing", 0.0)
    best = max(fuzz.token_set_ratio(normalise_name(x), normalise_name(y)) for x, y in product(a.addresses, b.addresses))
    level = "similar" if best >= 90 else "different"
    return Evidence("address", level, _w("address", level), f"similarity {best:.0f}%")


def _identifiers(a: PersonRecord, b: PersonRecord) -> tuple[list[Evidence], list[str], list[str]]:
    ia, ib = {}, {}
    for kind, value in a.identifiers:
        ia.setdefault(kind, set()).add(value)
    for kind, value in b.identifiers:
        ib.setdefault(kind, set()).add(value)
    evidence, agree, conflict = [], [], []
    for kind in sorted(set(ia) & set(ib)):
        if ia[kind] & ib[kind]:
            agree.append(kind)
            evidence.append(Evidence(kind, "exact", 30.0, next(iter(ia[kind] & ib[kind]))))
        else:
            conflict.append(kind)
            evidence.append(Evidence(kind, "different", -30.0, f"{sorted(ia[kind])[0]} vs {sorted(ib[kind])[0]}"))
    return evidence, agree, conflict


def _probability(weight: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-weight))


def compare(a: PersonRecord, b: PersonRecord) -> Decision:
    id_evidence, agree, conflict = _identifiers(a, b)
    names = _best_names(a, b)
    dob, sex = _best_dob(a, b), _sex(a, b)
    evidence = tuple(id_evidence + names + [dob, sex, _postcode(a, b), _address(a, b)])
    weight = weights()["_prior"]["weight"] + sum(e.weight for e in evidence)
    probability = _probability(weight)
    label = lambda e: f"{e.field} {e.level.replace('_', ' ')}"  # noqa: E731
    if conflict:
        return Decision("non_match", weight, probability, evidence, f"{', '.join(conflict)} differ")
    if agree:
        return Decision("match", weight, probability, evidence, f"{', '.join(agree)} agree")
    given = next((e for e in names if e.field == "given"), None)
    if given is not None and given.level == "different":
        return Decision("non_match", weight, probability, evidence, f"given names differ ({given.detail})")
    agreeing = ", ".join(label(e) for e in evidence if e.weight > 0)
    blockers = [e for e in (dob, sex) if e.level == "different"]
    if dob.level == "missing" and a.names and b.names and (len(a.dobs) > 1 or len(b.dobs) > 1):
        # the record with dates of birth already holds two (a father and a son merged
        # earlier, or a namesake): names and an address alone cannot say which
        blockers.append(dob)
    if probability >= MATCH_THRESHOLD and not blockers:
        return Decision("match", weight, probability, evidence, agreeing)
    if probability >= REVIEW_THRESHOLD:
        why = agreeing + (f"; but {', '.join(label(e) for e in blockers)}" if blockers else "")
        return Decision("review", weight, probability, evidence, why)
    return Decision("non_match", weight, probability, evidence, agreeing or "nothing agrees")
