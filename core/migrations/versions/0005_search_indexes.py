"""Search indexes: given names by their normalised form, for prefix searches ("fair*").

A prefix search reads ``given_norm`` and ``family_norm`` as an index range (``>= FAIR``
and ``< FAIS``), which a plain B-tree serves on both SQLite and PostgreSQL; family names
had that index already, given names had none.

Revision ID: 0005_search_indexes
Revises: 0004_legacy_pushes
Create Date: 2026-11-29 02:10:00.000000

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0005_search_indexes'
down_revision: Union[str, Sequence[str], None] = '0004_legacy_pushes'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('core_person_names', schema=None) as batch_op:
        batch_op.create_index('ix_core_person_names_given_norm', ['given_norm'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('core_person_names', schema=None) as batch_op:
        batch_op.drop_index('ix_core_person_names_given_norm')
