"""Server push for live pages: messages on channels, written with the change they announce.

Revision ID: 0014_push_messages
Revises: 0013_restriction_survives_merge
Create Date: 2026-12-03 16:10:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.platform.timeutil

revision: str = '0014_push_messages'
down_revision: Union[str, Sequence[str], None] = '0013_restriction_survives_merge'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'core_push_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=120), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('at', core.platform.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_core_push_messages')),
    )
    op.create_index(op.f('ix_core_push_messages_channel'), 'core_push_messages', ['channel'])


def downgrade() -> None:
    op.drop_index(op.f('ix_core_push_messages_channel'), 'core_push_messages')
    op.drop_table('core_push_messages')
