"""When a migrated legacy record was taken again because the live system changed it.

A system stays in use between its migration and its retirement; the catch-up run of
``mips legacy migrate`` takes the records added since and the ones changed since, and
the reconciliation report counts the latter by this stamp.

Revision ID: 0009_legacy_record_updates
Revises: 0008_block_key_covering
Create Date: 2026-11-29 09:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.platform.timeutil

# revision identifiers, used by Alembic.
revision: str = '0009_legacy_record_updates'
down_revision: Union[str, Sequence[str], None] = '0008_block_key_covering'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('core_legacy_records', sa.Column('updated_at', core.platform.timeutil.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('core_legacy_records') as batch:
        batch.drop_column('updated_at')
