"""The module kit's tables: the transactional outbox of domain events, consumers'
receipts (idempotent delivery) and gap-free reference counters.

Revision ID: 0012_module_kit
Revises: 0011_sign_in_throttle
Create Date: 2026-12-03 15:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.platform.timeutil

# revision identifiers, used by Alembic.
revision: str = '0012_module_kit'
down_revision: Union[str, Sequence[str], None] = '0011_sign_in_throttle'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'core_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('unit', sa.String(length=80), nullable=True),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', core.platform.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.Column('dispatched_at', core.platform.timeutil.UTCDateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_core_outbox')),
        sa.UniqueConstraint('event_id', name='uq_core_outbox_event_id'),
    )
    op.create_index('ix_core_outbox_name', 'core_outbox', ['name'])
    op.create_index('ix_core_outbox_dispatched_at', 'core_outbox', ['dispatched_at'])
    op.create_table(
        'core_event_receipts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consumer', sa.String(length=80), nullable=False),
        sa.Column('event_id', sa.String(length=32), nullable=False),
        sa.Column('taken_at', core.platform.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_core_event_receipts')),
        sa.UniqueConstraint('consumer', 'event_id', name='uq_core_event_receipts_consumer'),
    )
    op.create_table(
        'core_counters',
        sa.Column('scope', sa.String(length=60), nullable=False),
        sa.Column('period', sa.Integer(), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'period', name=op.f('pk_core_counters')),
    )


def downgrade() -> None:
    op.drop_table('core_counters')
    op.drop_table('core_event_receipts')
    op.drop_index('ix_core_outbox_dispatched_at', 'core_outbox')
    op.drop_index('ix_core_outbox_name', 'core_outbox')
    op.drop_table('core_outbox')
