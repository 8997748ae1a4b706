"""Custody numbers from the kit's counters: the last number of each suite and year moves
from ``custody_numbers`` to ``core_counters`` (scope ``custody/<suite>``), so numbering
carries on where it stopped, and the custody table goes.

Revision ID: c002_counters_in_kit
Revises: c001_custody
Create Date: 2026-12-03 15:10:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'c002_counters_in_kit'
down_revision: Union[str, Sequence[str], None] = 'c001_custody'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = '0012_module_kit'


def upgrade() -> None:
    op.execute("INSERT INTO core_counters (scope, period, last) "
               "SELECT 'custody/' || suite, year, last FROM custody_numbers")
    op.drop_table('custody_numbers')


def downgrade() -> None:
    op.create_table('custody_numbers',
                    sa.Column('suite', sa.String(length=10), nullable=False),
                    sa.Column('year', sa.Integer(), nullable=False),
                    sa.Column('last', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('suite', 'year', name=op.f('pk_custody_numbers')))
    op.execute("INSERT INTO custody_numbers (suite, year, last) SELECT substr(scope, 9), period, last "
               "FROM core_counters WHERE scope LIKE 'custody/%'")
    op.execute("DELETE FROM core_counters WHERE scope LIKE 'custody/%'")
