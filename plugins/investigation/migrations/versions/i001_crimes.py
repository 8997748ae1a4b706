"""Investigation tables: crimes, the people in them, and each crime's append-only history.

The investigation module's own branch of the one Alembic history (label
``investigation``).

Revision ID: i001_crimes
Revises:
Create Date: 2026-12-03 16:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.kit

revision: str = 'i001_crimes'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ('investigation',)
depends_on: Union[str, Sequence[str], None] = '0012_module_kit'

When = core.kit.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'investigation_crimes',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('crime_ref', sa.String(length=24), nullable=False),
        sa.Column('incident_ref', sa.String(length=32), nullable=False),
        sa.Column('classification', sa.String(length=10), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('restricted', sa.Boolean(), nullable=False),
        sa.Column('occurred_from', When, nullable=False),
        sa.Column('occurred_to', When, nullable=True),
        sa.Column('place', sa.String(length=300), nullable=False),
        sa.Column('postcode', sa.String(length=10), nullable=True),
        sa.Column('reported_at', When, nullable=False),
        sa.Column('reported_how', sa.String(length=40), nullable=False),
        sa.Column('recorded_at', When, nullable=False),
        sa.Column('recorded_by', sa.String(length=80), nullable=False),
        sa.Column('within_standard', sa.Boolean(), nullable=True),
        sa.Column('unit', sa.String(length=80), nullable=False),
        sa.Column('account', sa.Text(), nullable=False),
        sa.Column('victim_person_id', sa.String(length=32), nullable=True),
        sa.Column('victim_organisation', sa.String(length=200), nullable=False),
        sa.Column('outcome', sa.String(length=10), nullable=True),
        sa.Column('source_system', sa.String(length=40), nullable=False),
        sa.Column('source_key', sa.String(length=120), nullable=False),
        sa.Column('entry_count', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_investigation_crimes')),
        sa.UniqueConstraint('crime_ref', name=op.f('uq_investigation_crimes_crime_ref')),
        sa.UniqueConstraint('source_system', 'source_key', name='uq_investigation_crimes_source'),
    )
    op.create_index('ix_investigation_crimes_recorded', 'investigation_crimes', ['recorded_at', 'unit'])
    op.create_index(op.f('ix_investigation_crimes_incident_ref'), 'investigation_crimes', ['incident_ref'])
    op.create_index(op.f('ix_investigation_crimes_unit'), 'investigation_crimes', ['unit'])
    op.create_index(op.f('ix_investigation_crimes_victim_person_id'), 'investigation_crimes', ['victim_person_id'])
    op.create_table(
        'investigation_crime_parties',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('crime_id', sa.String(length=32), nullable=False),
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('role', sa.String(length=12), nullable=False),
        sa.Column('suspect_status', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['crime_id'], ['investigation_crimes.id'],
                                name=op.f('fk_investigation_crime_parties_crime_id_investigation_crimes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_investigation_crime_parties')),
    )
    op.create_index(op.f('ix_investigation_crime_parties_crime_id'), 'investigation_crime_parties', ['crime_id'])
    op.create_index(op.f('ix_investigation_crime_parties_person_id'), 'investigation_crime_parties', ['person_id'])
    op.create_table(
        'investigation_crime_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('crime_id', sa.String(length=32), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('at', When, nullable=False),
        sa.Column('recorded_at', When, nullable=False),
        sa.Column('by', sa.String(length=80), nullable=False),
        sa.Column('by_role', sa.String(length=40), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('corrects', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['crime_id'], ['investigation_crimes.id'],
                                name=op.f('fk_investigation_crime_entries_crime_id_investigation_crimes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_investigation_crime_entries')),
        sa.UniqueConstraint('crime_id', 'seq', name='uq_investigation_crime_entries_crime_seq'),
    )
    for sql in core.kit.append_only_ddl('investigation_crime_entries', op.get_bind().dialect.name):
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS investigation_crime_entries_no_change ON investigation_crime_entries")
        op.execute("DROP FUNCTION IF EXISTS investigation_crime_entries_append_only()")
    op.drop_table('investigation_crime_entries')
    op.drop_table('investigation_crime_parties')
    op.drop_table('investigation_crimes')
