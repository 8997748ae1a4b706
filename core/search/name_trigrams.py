"""Trigram look-up of name parts: the misspellings that change how a name sounds.

Phonetic keys find "Fairwether" or "Fiarweather" for FAIRWEATHER but not "Faiwreather" or
"Fairweahter", whose sound differs; without a date of birth to narrow the search to,
nothing else would find them. Both databases index the normalised name parts by their trigrams (migration
``0007_name_trigrams``): PostgreSQL with pg_trgm's GIN indexes, read through the ``%``
similarity operator; SQLite with a contentless FTS5 table using the trigram tokenizer,
kept in step by triggers, read one trigram at a time and counted. Names are padded with a
space either side there, as pg_trgm pads words, so a short name with two letters swapped
(SYEKS) still shares its ends with the name (SYKES). Either way a token's look-up keeps
its closest PER_TOKEN names, whose persons are then ranked by Jaro-Winkler like every
other candidate.

These structures are not models (SQLAlchemy has no type for either), so the comparison of
models with the migrated schema is told to pass over them by name: :func:`include_name`.
"""
from __future__ import annotations

from sqlalchemy import and_, column, func, literal, literal_column, or_, select, table, union_all
from sqlalchemy.engine import Connection

from core.persons.models import PersonBlockKey, PersonName
from core.resolution.normalise import normalise_name

FTS_TABLE = "core_person_names_trgm"
# the tables FTS5 makes for a contentless table (no _content: the names are in core_person_names)
FTS_SHADOWS = tuple(f"{FTS_TABLE}_{s}" for s in ("data", "idx", "docsize", "config"))
GIN_INDEXES = ("ix_core_person_names_given_trgm", "ix_core_person_names_family_trgm")
MIN_TOKEN = 4  # shorter parts have too few trigrams to tell names apart: keys serve them
PER_TOKEN = 1000  # name rows a token's trigrams bring at most, best first
# pg_trgm's default (0.3) misses two letters swapped in a short name: RAHAMN is 0.27 from
# RAHMAN, SYEKS 0.2 (2 of 10 trigrams) from SYKES. SQLite's look-up takes any shared
# trigram; Jaro-Winkler judges the candidates either way.
PG_SIMILARITY = 0.18
PG_SIMILARITY_LONG = 0.3  # parts of LONG letters or more: a slip there leaves half the trigrams
LONG = 7
# A token whose sound already brings this many persons was typed as names are spelt (or
# sounds like names that are): its look-up is skipped. A misspelling that changes the
# sound lands on a sound few names have, and is looked up.
KEYED_ENOUGH = 30

_N = PersonName.__table__
_FTS = table(FTS_TABLE, column("rowid"))


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Alembic's ``include_name`` hook: leave the trigram structures out of autogenerate
    and ``compare_metadata``, which would otherwise ask to drop them as unknown."""
    if type_ == "table":
        return name not in (FTS_TABLE, *FTS_SHADOWS)
    if type_ == "index":
        return name not in GIN_INDEXES
    return True


def trigrams(part: str) -> list[str]:
    """``part``'s distinct trigrams, with a space either side as the names are indexed."""
    padded = f" {part} "
    return list(dict.fromkeys(padded[i:i + 3] for i in range(len(padded) - 2)))


def fts_string(text: str) -> str:
    """``text`` as an FTS5 string, so that nothing in it (quote, ``*``, ``OR``, ``NEAR(``,
    a column filter...) is read as query syntax."""
    return '"' + text.replace('"', '""') + '"'


def token_parts(token: str) -> list[str]:
    """The parts of a typed token long enough for a trigram look-up, normalised as stored."""
    return [p for p in normalise_name(token).split() if len(p) >= MIN_TOKEN]


def prepare(conn: Connection, parts: list[str]) -> None:
    """Set how similar the ``%`` operator asks names to be, on the connection (reads run in
    autocommit, where ``SET LOCAL`` would not last until the look-up). Only this look-up
    uses the operator; it is set before each one, as a rolled-back transaction undoes it.
    Long parts only are looked up at the higher similarity, which reads far fewer names."""
    if conn.dialect.name == "postgresql":
        low = any(len(p) < LONG for p in parts)
        conn.exec_driver_sql(f"SET pg_trgm.similarity_threshold = {PG_SIMILARITY if low else PG_SIMILARITY_LONG}")


def _rare(part: str):
    """Fewer than PER_TOKEN names are exactly ``part``. When as many are, the look-up's
    best PER_TOKEN would be those exact names, whose persons the phonetic keys already
    bring: the look-up is skipped, which at scale spares a common given name's thousands
    of near names."""
    exact = union_all(select(literal(1)).where(_N.c.given_norm == part),
                      select(literal(1)).where(_N.c.family_norm == part)).limit(PER_TOKEN).subquery()
    return select(func.count()).select_from(exact).scalar_subquery() < PER_TOKEN


def _few_by_keys(keys: list[str]):
    """The token's phonetic and nickname keys bring fewer than KEYED_ENOUGH persons."""
    k = PersonBlockKey.__table__
    some = select(k.c.person_id).where(k.c.key.in_(keys)).limit(KEYED_ENOUGH).subquery()
    return select(func.count()).select_from(some).scalar_subquery() < KEYED_ENOUGH


def candidates(conn: Connection, part: str, keys: list[str] = ()):
    """Persons with a name part close to ``part`` by trigrams (a select of person ids), or
    None where the database has no trigram index or the look-up is not needed: ``part``
    is a name many people hold exactly, or the token's ``keys`` bring enough persons.
    Both are asked first, on their own (two index probes): written into the look-up's
    statement, SQLite would run the look-up before testing them."""
    dialect = conn.dialect.name
    if dialect not in ("postgresql", "sqlite"):
        return None
    needed = _rare(part) if not keys else and_(_rare(part), _few_by_keys(keys))
    if not conn.scalar(select(needed)):
        return None
    return _lookup(dialect, part)


def _lookup(dialect: str, part: str):
    if dialect == "postgresql":
        closeness = func.greatest(func.similarity(_N.c.family_norm, part), func.similarity(_N.c.given_norm, part))
        # the GIN indexes' operator, at the similarity prepare() set
        near = or_(_N.c.family_norm.op("%")(part), _N.c.given_norm.op("%")(part))
        rows = select(_N.c.person_id).where(near).order_by(closeness.desc()).limit(PER_TOKEN).subquery()
        return select(rows.c.person_id)
    if dialect == "sqlite":
        # rows by how many of the trigrams they share: as pg_trgm counts, and a third of
        # the time bm25 takes to rank an OR of them (which it must do for every match)
        match = literal_column(FTS_TABLE).op("MATCH")
        each = [select(_FTS.c.rowid.label("id")).where(match(fts_string(g))) for g in trigrams(part)]
        shared = union_all(*each).subquery()
        rows = (select(shared.c.id).group_by(shared.c.id)
                .order_by(func.count().desc()).limit(PER_TOKEN))
        return select(_N.c.person_id).where(_N.c.id.in_(rows))
