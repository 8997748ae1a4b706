"""Intelligence tables: sources, reports graded 3x5x2 item by item, their subjects, the
warning markers raised from them, and each report's append-only history.

The intelligence module's own branch of the one Alembic history (label ``intelligence``).

Revision ID: n001_intelligence_reports
Revises:
Create Date: 2026-12-03 18:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.kit

revision: str = 'n001_intelligence_reports'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ('intelligence',)
depends_on: Union[str, Sequence[str], None] = '0012_module_kit'

When = core.kit.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'intelligence_sources',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('reference', sa.String(length=60), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('covert', sa.Boolean(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_at', When, nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intelligence_sources')),
        sa.UniqueConstraint('reference', name=op.f('uq_intelligence_sources_reference')),
    )
    op.create_table(
        'intelligence_reports',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('number', sa.String(length=24), nullable=False),
        sa.Column('source_id', sa.String(length=32), nullable=False),
        sa.Column('state', sa.String(length=14), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('submitted_at', When, nullable=False),
        sa.Column('submitted_by', sa.String(length=80), nullable=False),
        sa.Column('unit', sa.String(length=80), nullable=False),
        sa.Column('restricted', sa.Boolean(), nullable=False),
        sa.Column('sanitised_at', When, nullable=True),
        sa.Column('sanitised_by', sa.String(length=80), nullable=False),
        sa.Column('disseminated_at', When, nullable=True),
        sa.Column('original_grading', sa.JSON(), nullable=True),
        sa.Column('grading_mapping', sa.JSON(), nullable=True),
        sa.Column('source_system', sa.String(length=40), nullable=False),
        sa.Column('source_key', sa.String(length=120), nullable=False),
        sa.Column('entry_count', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['intelligence_sources.id'],
                                name=op.f('fk_intelligence_reports_source_id_intelligence_sources')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intelligence_reports')),
        sa.UniqueConstraint('number', name=op.f('uq_intelligence_reports_number')),
        sa.UniqueConstraint('source_system', 'source_key', name='uq_intelligence_reports_source'),
    )
    op.create_index(op.f('ix_intelligence_reports_source_id'), 'intelligence_reports', ['source_id'])
    op.create_index(op.f('ix_intelligence_reports_state'), 'intelligence_reports', ['state'])
    op.create_table(
        'intelligence_report_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.String(length=32), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('source_evaluation', sa.String(length=1), nullable=False),
        sa.Column('assessment', sa.String(length=1), nullable=False),
        sa.Column('handling', sa.String(length=1), nullable=False),
        sa.Column('conditions', sa.JSON(), nullable=False),
        sa.Column('conditions_text', sa.Text(), nullable=False),
        sa.Column('sanitised', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['report_id'], ['intelligence_reports.id'],
                                name=op.f('fk_intelligence_report_items_report_id_intelligence_reports')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intelligence_report_items')),
        sa.UniqueConstraint('report_id', 'seq', name='uq_intelligence_report_items_seq'),
    )
    op.create_index(op.f('ix_intelligence_report_items_report_id'), 'intelligence_report_items', ['report_id'])
    op.create_table(
        'intelligence_report_subjects',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('person_id', sa.String(length=32), nullable=True),
        sa.Column('value', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['intelligence_reports.id'],
                                name=op.f('fk_intelligence_report_subjects_report_id_intelligence_reports')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intelligence_report_subjects')),
    )
    op.create_index(op.f('ix_intelligence_report_subjects_report_id'), 'intelligence_report_subjects', ['report_id'])
    op.create_index(op.f('ix_intelligence_report_subjects_person_id'), 'intelligence_report_subjects', ['person_id'])
    op.create_table(
        'intelligence_markers',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('marker_id', sa.String(length=32), nullable=False),
        sa.Column('report_id', sa.String(length=32), nullable=False),
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('marker', sa.String(length=40), nullable=False),
        sa.Column('justification', sa.Text(), nullable=False),
        sa.Column('review_at', When, nullable=False),
        sa.Column('raised_at', When, nullable=False),
        sa.Column('raised_by', sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['intelligence_reports.id'],
                                name=op.f('fk_intelligence_markers_report_id_intelligence_reports')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intelligence_markers')),
        sa.UniqueConstraint('marker_id', name=op.f('uq_intelligence_markers_marker_id')),
    )
    op.create_index(op.f('ix_intelligence_markers_report_id'), 'intelligence_markers', ['report_id'])
    op.create_index(op.f('ix_intelligence_markers_person_id'), 'intelligence_markers', ['person_id'])
    op.create_table(
        'intelligence_report_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.String(length=32), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('at', When, nullable=False),
        sa.Column('recorded_at', When, nullable=False),
        sa.Column('by', sa.String(length=80), nullable=False),
        sa.Column('by_role', sa.String(length=40), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('corrects', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['report_id'], ['intelligence_reports.id'],
                                name=op.f('fk_intelligence_report_entries_report_id_intelligence_reports')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intelligence_report_entries')),
        sa.UniqueConstraint('report_id', 'seq', name='uq_intelligence_report_entries_seq'),
    )
    for sql in core.kit.append_only_ddl('intelligence_report_entries', op.get_bind().dialect.name):
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS intelligence_report_entries_no_change ON intelligence_report_entries")
        op.execute("DROP FUNCTION IF EXISTS intelligence_report_entries_append_only()")
    op.drop_table('intelligence_report_entries')
    op.drop_table('intelligence_markers')
    op.drop_table('intelligence_report_subjects')
    op.drop_table('intelligence_report_items')
    op.drop_table('intelligence_reports')
    op.drop_table('intelligence_sources')
