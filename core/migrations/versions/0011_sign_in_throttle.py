"""Sign-in throttling per account name (known or not) and per client, shared by workers.

Revision ID: 0011_sign_in_throttle
Revises: 0010_demo_marker
Create Date: 2026-12-03 11:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import core.platform.timeutil

# revision identifiers, used by Alembic.
revision: str = '0011_sign_in_throttle'
down_revision: Union[str, Sequence[str], None] = '0010_demo_marker'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'core_sign_in_throttle',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('first_at', core.platform.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_core_sign_in_throttle')),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('core_sign_in_throttle')
