"""Personal values of audit entries held beside the chain (erasable), the chain keeping their digests.

Revision ID: 0018_audit_personal
Revises: 0017_retention
Create Date: 2026-12-03 18:40:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.platform.timeutil
from core.platform.journal import append_only_ddl

revision: str = '0018_audit_personal'
down_revision: Union[str, Sequence[str], None] = '0017_retention'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'core_audit_personal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('path', sa.String(length=80), nullable=False),
        sa.Column('value', sa.JSON(), nullable=True),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('persons', sa.Text(), nullable=False),
        sa.Column('erased_at', core.platform.timeutil.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_core_audit_personal')),
    )
    op.create_index(op.f('ix_core_audit_personal_seq'), 'core_audit_personal', ['seq'])
    # As unchangeable as the trail, except to the erasure of a person (an erasure permit).
    for sql in append_only_ddl('core_audit_personal', op.get_bind().dialect.name):
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS core_audit_personal_append_only() CASCADE')
    op.drop_index(op.f('ix_core_audit_personal_seq'), 'core_audit_personal')
    op.drop_table('core_audit_personal')
