"""The demo accounts (password published in the README) are only created when asked for
with ``--demo`` on a database that says it is a demo (issue 21, Low: ``mips seed`` created
``admin`` with the published password on any database, PostgreSQL included)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from core.cli import main


@pytest.fixture
def cli(database_url, monkeypatch):
    monkeypatch.setenv("MIPS_DATABASE_URL", database_url)
    monkeypatch.setenv("MIPS_SECRET_KEY", "cli-test-key-0123456789abcdef0123456789")
    return lambda *args: CliRunner().invoke(main, list(args))


def _usernames(database_url) -> set[str]:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        names = set(conn.execute(text("SELECT username FROM core_users")).scalars())
    engine.dispose()
    return names


def test_seed_without_demo_is_refused(cli, database_url):
    r = cli("seed")
    assert r.exit_code == 2 and "published passwords" in r.output
    assert "admin" not in _usernames(database_url)


def test_seed_demo_on_a_database_not_marked_as_a_demo_is_refused(cli, database_url):
    r = cli("seed", "--demo")
    assert r.exit_code == 1 and "db upgrade --demo" in r.output
    assert _usernames(database_url) == set()


def test_a_database_with_real_accounts_cannot_be_marked_as_a_demo(app, cli, database_url):
    r = cli("db", "upgrade", "--demo")
    assert r.exit_code == 1 and "real accounts" in r.output
    r = cli("seed", "--demo")
    assert r.exit_code == 1
    assert "sgt.patel" not in _usernames(database_url)


def test_a_fresh_demo_database_gets_the_demo_force(cli, database_url):
    assert cli("db", "upgrade", "--demo").exit_code == 0
    r = cli("seed", "--demo")
    assert r.exit_code == 0, r.output
    assert {"admin", "auditor", "sgt.patel"} <= _usernames(database_url)
    assert cli("db", "upgrade", "--demo").exit_code == 0  # still only demo accounts: re-marking is harmless

