"""The journal stays append-only, except to the kernel's audited erasure of a person
disposed of under MoPI (core.kit.erasure_permit).

Revision ID: n002_erasable_journal
Revises: n001_intelligence_reports
Create Date: 2026-12-03 18:35:00.000000

"""
from typing import Sequence, Union

from alembic import op

import core.kit

revision: str = 'n002_erasable_journal'
down_revision: Union[str, Sequence[str], None] = 'n001_intelligence_reports'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = '0017_retention'


def upgrade() -> None:
    for sql in core.kit.append_only_ddl('intelligence_report_entries', op.get_bind().dialect.name):
        op.execute(sql)


def downgrade() -> None:
    for sql in core.kit.append_only_ddl('intelligence_report_entries', op.get_bind().dialect.name, erasable=False):
        op.execute(sql)
