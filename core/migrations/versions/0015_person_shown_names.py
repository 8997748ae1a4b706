"""The shown name of each person kept with its derived rows (one indexed read names a board).

Existing persons get theirs here, from their source records, by the same survivorship rule
the application applies at every rebuild.

Revision ID: 0015_person_shown_names
Revises: 0014_push_messages
Create Date: 2026-12-03 17:40:00.000000

"""
from collections import defaultdict
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0015_person_shown_names'
down_revision: Union[str, Sequence[str], None] = '0014_push_messages'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHUNK = 2000


def upgrade() -> None:
    shown = op.create_table(
        'core_person_shown_names',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.String(length=32), nullable=False),
        sa.Column('given', sa.String(length=200), nullable=False),
        sa.Column('family', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['core_persons.id'], name=op.f('fk_core_person_shown_names_person_id_core_persons'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_core_person_shown_names')),
    )
    op.create_index(op.f('ix_core_person_shown_names_person_id'), 'core_person_shown_names', ['person_id'], unique=True)
    _backfill(op.get_bind(), shown)


def _backfill(conn: sa.Connection, shown: sa.Table) -> None:
    from core.persons.survivorship import surviving_parts

    sources = sa.table('core_source_records', sa.column('person_id'), sa.column('data', sa.JSON()),
                       sa.column('received_at'), sa.column('id'))
    after = ""
    while True:
        ids = conn.execute(sa.text("SELECT DISTINCT person_id FROM core_source_records WHERE person_id > :after "
                                   "ORDER BY person_id LIMIT :n"), {"after": after, "n": CHUNK}).scalars().all()
        if not ids:
            return
        datas: dict[str, list] = defaultdict(list)
        for pid, data in conn.execute(sa.select(sources.c.person_id, sources.c.data).where(sources.c.person_id.in_(ids))
                                      .order_by(sources.c.received_at, sources.c.id)):
            datas[pid].append(data or {})
        rows = []
        for pid in ids:
            given, family = surviving_parts(datas[pid])
            rows.append({"person_id": pid, "given": given, "family": family})
        conn.execute(sa.insert(shown), rows)
        after = ids[-1]


def downgrade() -> None:
    op.drop_index(op.f('ix_core_person_shown_names_person_id'), 'core_person_shown_names')
    op.drop_table('core_person_shown_names')
