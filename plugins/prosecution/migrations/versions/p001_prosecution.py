"""Prosecution tables: charging decisions, case files (with their MG forms) and warrants,
each with its append-only history.

The prosecution module's own branch of the one Alembic history (label ``prosecution``).

Revision ID: p001_prosecution
Revises:
Create Date: 2026-12-03 18:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.kit

revision: str = 'p001_prosecution'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ('prosecution',)
depends_on: Union[str, Sequence[str], None] = '0012_module_kit'

When = core.kit.UTCDateTime(timezone=True)
JOURNALS = ('prosecution_charging_entries', 'prosecution_case_entries', 'prosecution_warrant_entries')


def _journal(table: str, parent_key: str, parent_table: str) -> None:
    op.create_table(
        table,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column(parent_key, sa.String(length=32), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('at', When, nullable=False),
        sa.Column('recorded_at', When, nullable=False),
        sa.Column('by', sa.String(length=80), nullable=False),
        sa.Column('by_role', sa.String(length=40), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('corrects', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint([parent_key], [f'{parent_table}.id'], name=op.f(f'fk_{table}_{parent_key}_{parent_table}')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint(parent_key, 'seq', name=f'uq_{table}_seq'),
    )
    for sql in core.kit.append_only_ddl(table, op.get_bind().dialect.name):
        op.execute(sql)


def upgrade() -> None:
    op.create_table(
        'prosecution_charging',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('ref', sa.String(length=20), nullable=False),
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('detention_id', sa.String(length=32), nullable=True),
        sa.Column('custody_no', sa.String(length=30), nullable=False),
        sa.Column('unit', sa.String(length=80), nullable=False),
        sa.Column('offences', sa.JSON(), nullable=False),
        sa.Column('plea', sa.String(length=12), nullable=False),
        sa.Column('venue', sa.String(length=12), nullable=False),
        sa.Column('circumstances', sa.JSON(), nullable=False),
        sa.Column('kept_in_custody', sa.Boolean(), nullable=False),
        sa.Column('decider', sa.String(length=8), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=True),
        sa.Column('test', sa.String(length=12), nullable=True),
        sa.Column('decided_by', sa.String(length=8), nullable=True),
        sa.Column('created_at', When, nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.Column('entry_count', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prosecution_charging')),
        sa.UniqueConstraint('ref', name=op.f('uq_prosecution_charging_ref')),
    )
    op.create_index(op.f('ix_prosecution_charging_person_id'), 'prosecution_charging', ['person_id'])
    op.create_index(op.f('ix_prosecution_charging_detention_id'), 'prosecution_charging', ['detention_id'])
    _journal('prosecution_charging_entries', 'decision_id', 'prosecution_charging')
    op.create_table(
        'prosecution_cases',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('urn', sa.String(length=20), nullable=False),
        sa.Column('defendant_no', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('detention_id', sa.String(length=32), nullable=True),
        sa.Column('custody_no', sa.String(length=30), nullable=False),
        sa.Column('suite', sa.String(length=10), nullable=False),
        sa.Column('unit', sa.String(length=80), nullable=False),
        sa.Column('charged_at', When, nullable=False),
        sa.Column('charged_by', sa.String(length=80), nullable=False),
        sa.Column('charges', sa.JSON(), nullable=False),
        sa.Column('file_type', sa.String(length=8), nullable=True),
        sa.Column('remand', sa.String(length=8), nullable=False),
        sa.Column('first_hearing_at', When, nullable=True),
        sa.Column('charging_decision_id', sa.String(length=32), nullable=True),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('missing_count', sa.Integer(), nullable=False),
        sa.Column('source_system', sa.String(length=40), nullable=False),
        sa.Column('source_key', sa.String(length=120), nullable=False),
        sa.Column('created_at', When, nullable=False),
        sa.Column('entry_count', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prosecution_cases')),
        sa.UniqueConstraint('source_system', 'source_key', name='uq_prosecution_cases_source'),
        sa.UniqueConstraint('urn', 'defendant_no', name='uq_prosecution_cases_urn_defendant'),
    )
    op.create_index(op.f('ix_prosecution_cases_urn'), 'prosecution_cases', ['urn'])
    op.create_index(op.f('ix_prosecution_cases_person_id'), 'prosecution_cases', ['person_id'])
    op.create_index(op.f('ix_prosecution_cases_detention_id'), 'prosecution_cases', ['detention_id'])
    op.create_index('ix_prosecution_cases_unit_state', 'prosecution_cases', ['unit', 'state'])
    op.create_table(
        'prosecution_case_forms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.String(length=32), nullable=False),
        sa.Column('form', sa.String(length=8), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('updated_at', When, nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['prosecution_cases.id'],
                                name=op.f('fk_prosecution_case_forms_case_id_prosecution_cases')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prosecution_case_forms')),
        sa.UniqueConstraint('case_id', 'form', name='uq_prosecution_case_forms_form'),
    )
    op.create_index(op.f('ix_prosecution_case_forms_case_id'), 'prosecution_case_forms', ['case_id'])
    _journal('prosecution_case_entries', 'case_id', 'prosecution_cases')
    op.create_table(
        'prosecution_warrants',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('warrant_no', sa.String(length=20), nullable=False),
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('warrant_type', sa.String(length=30), nullable=False),
        sa.Column('court', sa.String(length=120), nullable=False),
        sa.Column('court_ref', sa.String(length=40), nullable=False),
        sa.Column('issued_at', When, nullable=False),
        sa.Column('received_at', When, nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('endorsement', sa.Text(), nullable=True),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('executed_at', When, nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=True),
        sa.Column('custody_no', sa.String(length=30), nullable=False),
        sa.Column('unit', sa.String(length=80), nullable=False),
        sa.Column('source_system', sa.String(length=40), nullable=False),
        sa.Column('source_key', sa.String(length=120), nullable=False),
        sa.Column('entry_count', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prosecution_warrants')),
        sa.UniqueConstraint('warrant_no', name=op.f('uq_prosecution_warrants_warrant_no')),
        sa.UniqueConstraint('source_system', 'source_key', name='uq_prosecution_warrants_source'),
    )
    op.create_index(op.f('ix_prosecution_warrants_person_id'), 'prosecution_warrants', ['person_id'])
    op.create_index('ix_prosecution_warrants_state_received', 'prosecution_warrants', ['state', 'received_at'])
    _journal('prosecution_warrant_entries', 'warrant_id', 'prosecution_warrants')


def downgrade() -> None:
    for table in JOURNALS:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
        op.drop_table(table)
    op.drop_table('prosecution_warrants')
    op.drop_table('prosecution_case_forms')
    op.drop_table('prosecution_cases')
    op.drop_table('prosecution_charging')
