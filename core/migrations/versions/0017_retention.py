"""MoPI retention: schedules, decisions, tombstones, and the erasure permit of journals.

Revision ID: 0017_retention
Revises: 0016_audit_subjects
Create Date: 2026-12-03 18:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.platform.timeutil

revision: str = '0017_retention'
down_revision: Union[str, Sequence[str], None] = '0016_audit_subjects'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

When = core.platform.timeutil.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'core_erasure_permits',
        sa.Column('table_name', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('table_name', name=op.f('pk_core_erasure_permits')),
    )
    op.create_table(
        'core_retention_schedules',
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('group', sa.Integer(), nullable=False),
        sa.Column('unit', sa.String(length=80), nullable=False),
        sa.Column('records', sa.Integer(), nullable=False),
        sa.Column('first_contact_at', When(timezone=True), nullable=False),
        sa.Column('last_contact_at', When(timezone=True), nullable=False),
        sa.Column('next_review_at', When(timezone=True), nullable=False),
        sa.Column('keep_until', When(timezone=True), nullable=True),
        sa.Column('live', sa.Boolean(), nullable=False),
        sa.Column('live_reason', sa.Text(), nullable=False),
        sa.Column('kept_until', When(timezone=True), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('computed_at', When(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('person_id', name=op.f('pk_core_retention_schedules')),
    )
    op.create_index('ix_core_retention_schedules_due', 'core_retention_schedules', ['state', 'next_review_at'])
    op.create_table(
        'core_retention_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('decision', sa.String(length=10), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('group', sa.Integer(), nullable=False),
        sa.Column('next_review_at', When(timezone=True), nullable=True),
        sa.Column('decided_by', sa.String(length=80), nullable=False),
        sa.Column('decided_at', When(timezone=True), nullable=False),
        sa.Column('execute_after', When(timezone=True), nullable=True),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('closed_by', sa.String(length=80), nullable=False),
        sa.Column('closed_at', When(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_core_retention_decisions')),
    )
    op.create_index(op.f('ix_core_retention_decisions_person_id'), 'core_retention_decisions', ['person_id'])
    op.create_index(op.f('ix_core_retention_decisions_state'), 'core_retention_decisions', ['state'])
    op.create_table(
        'core_retention_tombstones',
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('group', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('decided_by', sa.String(length=80), nullable=False),
        sa.Column('executed_by', sa.String(length=80), nullable=False),
        sa.Column('executed_at', When(timezone=True), nullable=False),
        sa.Column('erased', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('person_id', name=op.f('pk_core_retention_tombstones')),
    )


def downgrade() -> None:
    op.drop_table('core_retention_tombstones')
    op.drop_index(op.f('ix_core_retention_decisions_state'), 'core_retention_decisions')
    op.drop_index(op.f('ix_core_retention_decisions_person_id'), 'core_retention_decisions')
    op.drop_table('core_retention_decisions')
    op.drop_index('ix_core_retention_schedules_due', 'core_retention_schedules')
    op.drop_table('core_retention_schedules')
    op.drop_table('core_erasure_permits')
