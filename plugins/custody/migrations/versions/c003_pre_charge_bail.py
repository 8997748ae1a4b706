"""Pre-charge bail: when a detainee's bail ends, so the board can show what is due.

Revision ID: c003_pre_charge_bail
Revises: c002_counters_in_kit
Create Date: 2026-12-03 15:20:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.kit

revision: str = 'c003_pre_charge_bail'
down_revision: Union[str, Sequence[str], None] = 'c002_counters_in_kit'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('custody_detentions') as batch:
        batch.add_column(sa.Column('bail_until', core.kit.UTCDateTime(timezone=True), nullable=True))
        batch.create_index(batch.f('ix_custody_detentions_bail_until'), ['bail_until'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('custody_detentions') as batch:
        batch.drop_index(batch.f('ix_custody_detentions_bail_until'))
        batch.drop_column('bail_until')
