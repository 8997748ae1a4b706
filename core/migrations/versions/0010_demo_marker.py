"""A database says whether it is a demo: only then may `mips seed --demo` create the demo
accounts, whose passwords are published in the README.

Revision ID: 0010_demo_marker
Revises: 0009_legacy_record_updates
Create Date: 2026-12-03 10:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0010_demo_marker'
down_revision: Union[str, Sequence[str], None] = '0009_legacy_record_updates'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('core_kernel_state') as batch:
        batch.add_column(sa.Column('demo', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('core_kernel_state') as batch:
        batch.drop_column('demo')
