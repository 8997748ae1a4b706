"""`mips db upgrade` builds every table from empty, and the tables match the models."""
from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

import core.models  # noqa: F401
from core.platform.db import Base
from core.platform.dbmigrate import upgrade
from core.search.name_trigrams import include_name
from tests.conftest import BACKENDS, POSTGRES_URL, _psycopg

# tables of modules that exist only in tests (the mock module, the worked example of
# docs/writing-a-module.md): the test fixtures make them, not the migrations
TEST_ONLY_TABLES = ("mockmod_", "stopsearch_")


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    admin_url = make_url(_psycopg(POSTGRES_URL))
    name = f"mips_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_upgrade_from_empty_builds_every_table_matching_the_models(empty_database):
    upgrade(empty_database)
    engine = create_engine(empty_database)
    core_tables = {t.name for t in Base.metadata.sorted_tables if not t.name.startswith(TEST_ONLY_TABLES)}
    assert core_tables <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        # the same filter as the migrations' env.py: trigram structures that are not models
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": include_name}), Base.metadata)
        assert conn.scalar(text("SELECT version FROM core_kernel_state WHERE id = 1")) == 0
        assert conn.scalar(text("SELECT seq FROM core_audit_head WHERE id = 1")) == 0
    engine.dispose()
    # only the test-only mock module's table is unknown to the migrations
    def test_only(d):
        return d[0] in ("add_table", "add_index") and (d[1].name if d[0] == "add_table" else d[1].table.name).startswith(TEST_ONLY_TABLES)

    assert [d for d in diff if not test_only(d)] == []


def test_upgrade_twice_is_harmless(empty_database):
    upgrade(empty_database)
    upgrade(empty_database)
    engine = create_engine(empty_database)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM core_kernel_state")) == 1
    engine.dispose()
