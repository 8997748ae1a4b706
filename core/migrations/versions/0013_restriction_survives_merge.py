"""A restriction survives a merge: the merge event keeps the survivor's restriction from
before, so unmerge restores it exactly.

Revision ID: 0013_restriction_survives_merge
Revises: 0012_module_kit
Create Date: 2026-12-03 15:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0013_restriction_survives_merge'
down_revision: Union[str, Sequence[str], None] = '0012_module_kit'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('core_merge_events') as batch:
        batch.add_column(sa.Column('survivor_restriction', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('restricted_by_merge', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('core_merge_events') as batch:
        batch.drop_column('restricted_by_merge')
        batch.drop_column('survivor_restriction')
