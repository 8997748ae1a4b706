"""One consultation entry for a read of several records, and the index of what it read.

Revision ID: 0016_audit_subjects
Revises: 0015_person_shown_names
Create Date: 2026-12-03 18:10:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from core.platform.journal import append_only_ddl

revision: str = '0016_audit_subjects'
down_revision: Union[str, Sequence[str], None] = '0015_person_shown_names'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'core_audit_subjects',
        sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
        sa.Column('entity_type', sa.String(length=80), nullable=False),
        sa.Column('entity_id', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('seq', 'entity_type', 'entity_id', name=op.f('pk_core_audit_subjects')),
    )
    op.create_index('ix_core_audit_subjects_entity', 'core_audit_subjects', ['entity_type', 'entity_id'])
    # Part of the trail: as unchangeable as the entries it indexes.
    for sql in append_only_ddl('core_audit_subjects', op.get_bind().dialect.name, erasable=False):
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS core_audit_subjects_append_only() CASCADE')
    op.drop_index('ix_core_audit_subjects_entity', 'core_audit_subjects')
    op.drop_table('core_audit_subjects')
