"""Trigram indexes on normalised name parts, for misspelt names searched without a date.

PostgreSQL: the pg_trgm extension (trusted since PostgreSQL 13, so a database owner may
create it) and a GIN index per name column, which serve the ``%`` similarity operator.
``fastupdate = off``: with it, new names wait in the index's pending list, which every
search reads through until a vacuum (after a bulk load of 50,000 persons, 40 ms a look-up
instead of 1); without it each insert updates the index, a load a few per cent slower.

SQLite: an FTS5 table with the trigram tokenizer, contentless (the names are stored once,
in ``core_person_names``; the FTS rowid is the name row's integer id) and kept in step by
triggers, so every writer (ORM, bulk executemany) updates it. Each name is indexed with a
space either side, as pg_trgm pads words: a short name with two letters swapped (SYEKS
for SYKES) shares no inner trigram with it, only its first or last letters and the space.
``detail=none``: the search asks for one trigram at a time and counts each row's matches,
which needs no positions, and the index is smaller (nor bm25: without positions a
contentless table ranks every row 0, and ranking an OR costs three times the counting).
A contentless table is told of a deletion with the values it was given, hence the same
padding in every trigger. A later batch migration that rebuilds ``core_person_names`` on
SQLite drops these triggers with the old table: it must create them again and refill the
FTS table.

Neither is a model: core/search/name_trigrams.py lists them for Alembic's comparison.

Revision ID: 0007_name_trigrams
Revises: 0006_sign_in
Create Date: 2026-11-29 03:00:00.000000

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0007_name_trigrams'
down_revision: Union[str, Sequence[str], None] = '0006_sign_in'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Written out rather than imported: a revision must build the same schema whatever the
# application code becomes.
FTS = "core_person_names_trgm"
_PADDED = "{0}id, ' ' || {0}given_norm || ' ', ' ' || {0}family_norm || ' '"
_ADD = f"INSERT INTO {FTS} (rowid, given_norm, family_norm) VALUES ({_PADDED.format('new.')});"
_REMOVE = f"INSERT INTO {FTS} ({FTS}, rowid, given_norm, family_norm) VALUES ('delete', {_PADDED.format('old.')});"
SQLITE_UP = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(given_norm, family_norm, content='', tokenize='trigram', detail=none)",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON core_person_names BEGIN {_ADD} END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON core_person_names BEGIN {_REMOVE} END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF id, given_norm, family_norm ON core_person_names "
    f"BEGIN {_REMOVE} {_ADD} END",
    f"INSERT INTO {FTS} (rowid, given_norm, family_norm) SELECT {_PADDED.format('')} FROM core_person_names",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {FTS}_{t}" for t in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {FTS}"]
POSTGRES_UP = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX IF NOT EXISTS ix_core_person_names_{column}_trgm ON core_person_names "
    f"USING gin ({column}_norm gin_trgm_ops) WITH (fastupdate = off)" for column in ("given", "family")]
# The extension stays: it may predate this revision or serve other objects.
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_core_person_names_given_trgm",
                 "DROP INDEX IF EXISTS ix_core_person_names_family_trgm"]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_context().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    """Upgrade schema."""
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade() -> None:
    """Downgrade schema."""
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
