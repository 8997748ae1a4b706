"""``mips db upgrade`` and ``mips seed``: a database made, migrated and (for a demo) seeded."""
from __future__ import annotations

import sys

import click

from core.cli.base import console, err_console, in_app


@click.group()
def db() -> None:
    """Database schema (Alembic)."""


@db.command("upgrade")
@click.option("--demo", is_flag=True, help="Mark the database as a demo (only while it holds no real account), "
                                           "so 'mips seed --demo' may load the demo force")
def db_upgrade(demo: bool) -> None:
    """Create or upgrade every table (core and all installed modules) to the latest revision."""
    from core.platform.config import Settings
    from core.platform.dbmigrate import applied, upgrade

    url = Settings().database_url
    before = applied(url)
    upgrade(url)
    after = applied(url)
    if not before:
        console.print(f"database created at {_safe(url)} (schema {', '.join(sorted(after))})")
    elif before == after:
        console.print(f"database at {_safe(url)} was already up to date (schema {', '.join(sorted(after))})")
    else:
        console.print(f"database at {_safe(url)} upgraded from {', '.join(sorted(before))} to {', '.join(sorted(after))}")
    if demo:
        _mark_demo()


@in_app
def _mark_demo(kernel) -> None:
    from core.demo.seed import mark_demo_database
    from core.platform.db import commit, session

    mark_demo_database(session())
    commit()
    console.print("marked as a demo database: 'mips seed --demo' may now load the demo force")


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@click.command()
@click.option("--demo", is_flag=True, help="Yes, create the demo accounts (their passwords are published)")
@in_app
def seed(kernel, demo: bool) -> None:
    """Load the demo force: units, an admin, an auditor and demo officers (idempotent).

    Only with --demo, on a database made with 'mips db upgrade --demo'."""
    from core.demo.seed import seed_demo

    if not demo:
        err_console.print("[red]refused[/red]: the demo accounts have published passwords; run "
                          "'mips seed --demo' on a database made with 'mips db upgrade --demo'")
        sys.exit(2)
    seed_demo(kernel, console)
