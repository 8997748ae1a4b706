"""The journals stay append-only, except to the kernel's audited erasure of a person
disposed of under MoPI (core.kit.erasure_permit).

Revision ID: p002_erasable_journals
Revises: p001_prosecution
Create Date: 2026-12-03 18:35:00.000000

"""
from typing import Sequence, Union

from alembic import op

import core.kit

revision: str = 'p002_erasable_journals'
down_revision: Union[str, Sequence[str], None] = 'p001_prosecution'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = '0017_retention'


JOURNALS = ('prosecution_charging_entries', 'prosecution_case_entries', 'prosecution_warrant_entries')


def upgrade() -> None:
    for table in JOURNALS:
        for sql in core.kit.append_only_ddl(table, op.get_bind().dialect.name):
            op.execute(sql)


def downgrade() -> None:
    for table in JOURNALS:
        for sql in core.kit.append_only_ddl(table, op.get_bind().dialect.name, erasable=False):
            op.execute(sql)
