"""Blocking keys indexed with their person: the candidate lookups read the index alone.

Resolving one incoming person and searching by name and date both ask "which persons have
one of these keys?". With the index on ``key`` alone, every matching entry cost a visit to
the table row for its ``person_id`` (about ten keys per person, so tens of thousands of
row visits for a common name at a million persons); with ``(key, person_id)`` PostgreSQL
answers from an index-only scan and SQLite from the covering index.

Revision ID: 0008_block_key_covering
Revises: 0007_name_trigrams
Create Date: 2026-11-29 06:30:00.000000

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0008_block_key_covering'
down_revision: Union[str, Sequence[str], None] = '0007_name_trigrams'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index('ix_core_person_block_keys_key_person', 'core_person_block_keys', ['key', 'person_id'], unique=False)
    op.drop_index('ix_core_person_block_keys_key', table_name='core_person_block_keys')


def downgrade() -> None:
    """Downgrade schema."""
    op.create_index('ix_core_person_block_keys_key', 'core_person_block_keys', ['key'], unique=False)
    op.drop_index('ix_core_person_block_keys_key_person', table_name='core_person_block_keys')
