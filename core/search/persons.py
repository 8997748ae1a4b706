"""Finding persons: indexed candidate lookup, then ranking by how well each one fits.

Candidates come from indexes only (phonetic name keys, name trigrams, dates of birth,
identifiers, postcodes), so a search costs a few index lookups whatever the number of
persons. Names typed in either order, nicknames, maiden names and misspellings that sound
alike share a phonetic key; a misspelling that does not is found through the date's
candidates when a full date of birth is given, and otherwise through the trigrams of the
name parts (core.search.name_trigrams). Candidates are then ranked by name similarity
(Jaro-Winkler).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler
from sqlalchemy import and_, bindparam, exists, false, func, intersect, or_, select, union
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import CompoundSelect

from core.persons.models import Person, PersonAddress, PersonBlockKey, PersonDob, PersonIdentifier, PersonName
from core.persons.search_keys import DOB_PREFIX, token_keys
from core.resolution.blocking import name_year_key
from core.resolution.normalise import given_variants, nickname_match, normalise_name, phonetic_key
from core.resolution.record import PartialDate
from core.search import name_trigrams, reasons
from core.search.query import SearchQuery

MAX_CANDIDATES = 1000
MIN_NAME_SIMILARITY = 0.82

# Core tables and prepared statements: a search runs a handful of small indexed queries,
# and building ORM statements afresh for each would cost more than running them.
_P, _N, _D, _A = Person.__table__, PersonName.__table__, PersonDob.__table__, PersonAddress.__table__
_K = PersonBlockKey.__table__
_IDS = bindparam("ids", expanding=True)
_NAMES = select(_N.c.person_id, _N.c.given_norm, _N.c.family_norm, _N.c.kind, _N.c.given, _N.c.family).where(
    _N.c.person_id.in_(_IDS)).order_by(_N.c.id)
_DOBS = select(_D.c.person_id, _D.c.year, _D.c.month, _D.c.day).where(_D.c.person_id.in_(_IDS)).order_by(_D.c.id)
_POSTCODES = select(_A.c.person_id, _A.c.postcode).where(_A.c.person_id.in_(_IDS))


@dataclass
class PersonHit:
    person_id: str
    score: float
    name: str = ""
    dob: str | None = None
    why: list[str] = field(default_factory=list)


def _name_tokens(q: SearchQuery) -> list[str]:
    tokens = list(q.names)
    for value in (q.given, q.family):
        if value:
            tokens.extend(normalise_name(value).split())
    return [t for t in tokens if len(t) >= 2]


def _dob_keys(q: SearchQuery) -> list[str]:
    d = q.dob
    if not (d and d.year and d.month and d.day):
        return []
    keys = [f"{DOB_PREFIX}{d.year:04d}-{d.month:02d}-{d.day:02d}"]
    if d.day <= 12 and d.day != d.month:
        keys.append(f"{DOB_PREFIX}{d.year:04d}-{d.day:02d}-{d.month:02d}")
    return keys


def _prefix(token: str):
    """Persons with a given or family name starting with the token, as an index range
    (``>= TOKEN`` and ``< TOKEN`` with its last letter bumped) rather than ``LIKE``, which
    neither SQLite (case-insensitive LIKE) nor PostgreSQL (non-C collation) would read from
    a plain index."""
    stem = "".join(c for c in token if c.isalpha())
    if not stem:
        return select(_N.c.person_id).where(false())
    upper = stem[:-1] + chr(ord(stem[-1]) + 1)
    return select(_N.c.person_id).where(or_(and_(_N.c.family_norm >= stem, _N.c.family_norm < upper),
                                            and_(_N.c.given_norm >= stem, _N.c.given_norm < upper)))


def _name_year_keys(q: SearchQuery, tokens: list[str]) -> list[str]:
    """The resolution engine's (phonetic name part, birth year) keys for a dated query."""
    if not (q.dob and q.dob.year):
        return []
    return sorted({name_year_key(phonetic_key(v), q.dob.year) for t in tokens for v in given_variants(t)})


def _flat(stmt):
    """A compound select as a plain one: SQLite cannot nest compound selects."""
    return select(stmt.subquery().c[0]) if isinstance(stmt, CompoundSelect) else stmt


def _named(token: str, conn):
    """Persons with a name part fitting ``token``: by a phonetic or nickname key or, for
    parts long enough, by trigrams, which find the misspellings that change the sound."""
    keys = sorted(token_keys(token))
    keyed = select(PersonBlockKey.person_id).where(PersonBlockKey.key.in_(keys))
    near = [name_trigrams.candidates(conn, part, keys) for part in name_trigrams.token_parts(token)]
    near = [s for s in near if s is not None]
    return union(*[select(s.subquery().c[0]) for s in (keyed, *near)]) if near else keyed


def _every_name(q: SearchQuery, tokens: list[str], conn):
    """Persons fitting every token (each in its own way) and every prefix."""
    per_token = [_named(t, conn) for t in tokens] + [_prefix(p) for p in q.prefixes]
    return intersect(*map(_flat, per_token)) if len(per_token) > 1 else per_token[0]


def _candidate_statement(q: SearchQuery, tokens: list[str], conn):
    parts = []
    if tokens and q.dob and q.dob.year:
        # A date narrows hard: persons born that year with a name part that sounds the
        # same, plus everyone born on that day (or with day and month swapped), whose
        # names are then ranked by similarity; misspellings that change the sound are kept.
        parts.append(select(PersonBlockKey.person_id).where(PersonBlockKey.key.in_(_name_year_keys(q, tokens) + _dob_keys(q))))
    elif tokens or q.prefixes:
        parts.append(_every_name(q, tokens, conn))
    elif dob_keys := _dob_keys(q):
        parts.append(select(PersonBlockKey.person_id).where(PersonBlockKey.key.in_(dob_keys)))
    if q.identifiers:
        parts.append(select(PersonIdentifier.person_id).where(
            or_(*[and_(PersonIdentifier.kind == k, PersonIdentifier.value == v) for k, v in q.identifiers])))
    if q.postcode and not parts:
        parts.append(select(PersonAddress.person_id).where(PersonAddress.postcode == q.postcode))
    if not parts and (q.dob or q.dob_from or q.dob_to):
        parts.append(_dob_filter(q))
    if not parts:
        return None
    # SQLite cannot nest compound selects: wrap each part as a subquery before the union.
    return union(*[select(p.subquery().c[0]) for p in parts]) if len(parts) > 1 else parts[0]


def _dob_filter(q: SearchQuery):
    stmt = select(PersonDob.person_id)
    if q.dob and q.dob.year and not (q.dob.month and q.dob.day):
        stmt = stmt.where(PersonDob.year == q.dob.year)
        if q.dob.month:
            stmt = stmt.where(PersonDob.month == q.dob.month)
    if q.dob_from:
        stmt = stmt.where(PersonDob.year >= q.dob_from.year)
    if q.dob_to:
        stmt = stmt.where(PersonDob.year <= q.dob_to.year)
    return stmt


def _dob_fits(dob):
    """A date of birth that fits the query's: exact, day and month swapped, or partial."""
    return and_(_D.c.year == dob.year,
                or_(and_(_D.c.month == dob.month, _D.c.day == dob.day), and_(_D.c.month == dob.day, _D.c.day == dob.month),
                    _D.c.month.is_(None), and_(_D.c.month == dob.month, _D.c.day.is_(None))))


def _visible(query, include_restricted: bool):
    # coalesce() keeps the planner on the primary key: an index on merged_into (NULL for
    # nearly every person) would otherwise tempt it into reading every row.
    query = query.where(func.coalesce(_P.c.merged_into, "") == "")
    return query if include_restricted else query.where(func.coalesce(_P.c.restriction, "") == "")


def _visible_estimated(query, include_restricted: bool):
    """:func:`_visible` in terms whose row counts the planner knows (the share of NULLs):
    behind trigram look-ups, PostgreSQL misjudging the persons shown (coalesce(): 1 row in
    50,000) read every person against the candidates, two seconds instead of twenty ms."""
    query = query.where(or_(_P.c.merged_into.is_(None), _P.c.merged_into == ""))
    return query if include_restricted else query.where(or_(_P.c.restriction.is_(None), _P.c.restriction == ""))


def _dated_statement(include_restricted: bool):
    """Names and a full date of birth, the commonest search, as one statement built once:
    persons with a key among ``keys`` (phonetic name part with the year, or the date)
    whose date of birth fits ``y``-``m``-``d`` (or ``y``-``d``-``m``, or is partial)."""
    fits = _dob_fits(PartialDate(bindparam("y"), bindparam("m"), bindparam("d")))
    keyed = select(_K.c.person_id).where(_K.c.key.in_(bindparam("keys", expanding=True)))
    query = select(_P.c.id).where(_P.c.id.in_(keyed), exists().where(_D.c.person_id == _P.c.id, fits))
    return _visible(query, include_restricted).limit(MAX_CANDIDATES)


_DATED = {restricted: _dated_statement(restricted) for restricted in (False, True)}


def _candidates(session: Session, q: SearchQuery, tokens: list[str], include_restricted: bool) -> list[str] | None:
    """The visible persons among the candidates (and, for a full date of birth, only those
    with a date that fits it), in one indexed query: candidates are probed by primary key,
    and each one's dates through the person index. None when the query gives nothing to
    look up."""
    d = q.dob
    if tokens and not q.identifiers and d and d.year and d.month and d.day:
        params = {"keys": _name_year_keys(q, tokens) + _dob_keys(q), "y": d.year, "m": d.month, "d": d.day}
        return list(session.connection().scalars(_DATED[include_restricted], params))
    stmt = _candidate_statement(q, tokens, session.connection())
    if stmt is None:
        return None
    cand = select(_P.c.id).where(_P.c.id.in_(select(stmt.subquery().c[0])))
    if tokens and not (d and d.year):
        name_trigrams.prepare(session.connection(), [p for t in tokens for p in name_trigrams.token_parts(t)])
        query = _visible_estimated(cand, include_restricted)
    else:
        query = _visible(cand, include_restricted)
    if q.dob and q.dob.year and q.dob.month and q.dob.day:
        query = query.where(exists().where(_D.c.person_id == _P.c.id, _dob_fits(q.dob)))
    return list(session.connection().scalars(query.limit(MAX_CANDIDATES)))


def _load(session: Session, ids: list[str], want_postcodes: bool):
    """Names and dates of birth (and postcodes when the query has one) of the candidates."""
    names, dobs, postcodes = defaultdict(list), defaultdict(list), defaultdict(set)
    conn = session.connection()
    for row in conn.execute(_NAMES, {"ids": ids}):
        names[row.person_id].append(row)
    for pid, year, month, day in conn.execute(_DOBS, {"ids": ids}):
        dobs[pid].append((year, month, day))
    if want_postcodes:
        for pid, pc in conn.execute(_POSTCODES, {"ids": ids}):
            postcodes[pid].add(pc)
    return names, dobs, postcodes


def _token_similarity(token: str, name_parts: list[str]) -> float:
    return max((1.0 if nickname_match(token, p) else JaroWinkler.similarity(token, p) for p in name_parts), default=0.0)


@lru_cache(maxsize=65536)
def _keys_of(part: str) -> frozenset[str]:
    return frozenset(token_keys(part))


def _fits(token: str, parts: list[str], similarity: float) -> bool:
    """The token sounds like a part (a shared key) or is spelt close enough to stand alone."""
    return similarity >= MIN_NAME_SIMILARITY or any(_keys_of(token) & _keys_of(p) for p in parts)


def _name_score(tokens: list[str], rows, prefixes: list[str] = (), each: bool = False) -> tuple[float, str, str]:
    """The best name's mean token similarity. With ``each`` (a search without a date, whose
    candidates may share only a trigram with a token), a name counts only if every token
    fits it: else one exact given name would carry any family name sharing a trigram."""
    best, best_name, reason = 0.0, "", ""
    for row in rows:
        parts = f"{row.given_norm} {row.family_norm}".split()
        scores = [_token_similarity(t, parts) for t in tokens]
        if each and not all(_fits(t, parts, x) for t, x in zip(tokens, scores)):
            continue
        scores += [1.0 if any(p.startswith(x) for p in parts) else 0.0 for x in prefixes]
        score = sum(scores) / len(scores)
        if score > best:
            best, best_name = score, f"{row.given} {row.family}".strip()
            reason = reasons.name_reason(tokens, row.given, row.family) if tokens else "name begins as typed"
    return best, best_name, reason


def _dob_score(q: SearchQuery, dobs: list[tuple]) -> tuple[float, str]:
    d = q.dob
    if d is None:
        if q.dob_from or q.dob_to:
            lo, hi = q.dob_from or date.min, q.dob_to or date.max
            ok = any(y and lo.year <= y <= hi.year for y, _, _ in dobs)
            return (1.0, reasons.DOB_WORDS["range"]) if ok else (-1.0, "")
        return 0.0, ""
    for year, month, day in dobs:
        if (year, month, day) == (d.year, d.month, d.day):
            return 1.0, reasons.DOB_WORDS["exact"]
    for year, month, day in dobs:
        if year == d.year and month == d.day and day == d.month:
            return 0.8, reasons.DOB_WORDS["swapped"]
    for year, month, day in dobs:
        if year == d.year and (month is None or d.month is None or month == d.month) and (day is None or d.day is None):
            return 0.6, reasons.DOB_WORDS["partial"]
    return (-1.0, "") if dobs else (0.0, "")


def search(session: Session, q: SearchQuery, *, include_restricted: bool) -> list[PersonHit]:
    tokens = _name_tokens(q)
    ids = _candidates(session, q, tokens, include_restricted)
    if not ids:
        return []
    names, dobs, postcodes = _load(session, ids, bool(q.postcode))
    dateless = not (q.dob and q.dob.year)  # candidates came through trigrams too
    hits = []
    for pid in ids:
        why = []
        named = bool(tokens or q.prefixes)
        name_score, shown, name_why = _name_score(tokens, names[pid], q.prefixes, dateless) if named else (1.0, "", "")
        if named and name_score < MIN_NAME_SIMILARITY:
            continue
        dob_score, dob_why = _dob_score(q, dobs[pid])
        if dob_score < 0:
            continue
        if dob_why:
            why.append(dob_why)
        if name_why:
            why.append(name_why)
        post = 1.0 if q.postcode and q.postcode in postcodes[pid] else 0.0
        if q.postcode and not post and not named and not q.dob:
            continue
        if post:
            why.append(reasons.POSTCODE_WORDS)
        score = 0.6 * name_score + 0.3 * max(dob_score, 0) + 0.1 * post
        full = next(((y, m, d) for y, m, d in dobs[pid] if y and m and d), None)
        dob_text = f"{full[0]:04d}-{full[1]:02d}-{full[2]:02d}" if full else None
        primary = next((r for r in names[pid] if r.kind == "primary"), names[pid][0] if names[pid] else None)
        hits.append(PersonHit(pid, round(score, 4), shown or (f"{primary.given} {primary.family}".strip() if primary else ""),
                              dob_text, why))
    return sorted(hits, key=lambda h: (-h.score, h.person_id))
