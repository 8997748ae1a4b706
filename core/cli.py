"""The ``mips`` command: serve, migrate, seed, and administer users, modules and audit.

Every command runs inside the application (same services, same audit as the API), as
the actor ``cli:<login>``. Bad input ends with a clear message and exit status 1.
"""
from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from flask import Flask, g
from rich.console import Console
from rich.table import Table

from core.errors import DomainError

console = Console()
err_console = Console(stderr=True)


def _app() -> Flask:
    from core.app import create_app

    return create_app()


def in_app(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command in an app context, turn service errors into exit status 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app = _app()
        with app.app_context():
            g.actor = f"cli:{getpass.getuser()}"
            kernel = app.extensions["mips"]
            from core.db import session

            try:
                kernel.refresh(session(), force=True)
                return fn(kernel, *args, **kwargs)
            except DomainError as exc:
                err_console.print(f"[red]error:[/red] {exc.message}")
                for field, problems in exc.errors.items():
                    err_console.print(f"  {field}: {problems}")
                sys.exit(1)

    return wrapper


def table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    out = Table(title=title)
    for col in columns:
        out.add_column(col)
    for row in rows:
        out.add_row(*[str(c) for c in row])
    console.print(out)


@click.group()
def main() -> None:
    """MiPS: an open integrated policing platform."""


# -- serve -----------------------------------------------------------------

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
@click.option("--demo", is_flag=True, help="Once ready, print the address and the demo logins (make run)")
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    """Serve the web UI and REST API with gunicorn."""
    from core.server import run

    run(host, port, workers, demo=demo)


# -- db --------------------------------------------------------------------

@main.group()
def db() -> None:
    """Database schema (Alembic)."""


@db.command("upgrade")
@click.option("--demo", is_flag=True, help="Mark the database as a demo (only while it holds no real account), "
                                           "so 'mips seed --demo' may load the demo force")
def db_upgrade(demo: bool) -> None:
    """Create or upgrade every table (core and all installed modules) to the latest revision."""
    from core.config import Settings
    from core.dbmigrate import upgrade

    from core.dbmigrate import applied

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
    from core.db import commit, session
    from core.seed import mark_demo_database

    mark_demo_database(session())
    commit()
    console.print("marked as a demo database: 'mips seed --demo' may now load the demo force")


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.command()
@click.option("--demo", is_flag=True, help="Yes, create the demo accounts (their passwords are published)")
@in_app
def seed(kernel, demo: bool) -> None:
    """Load the demo force: units, an admin, an auditor and demo officers (idempotent).

    Only with --demo, on a database made with 'mips db upgrade --demo'."""
    from core.seed import seed_demo

    if not demo:
        err_console.print("[red]refused[/red]: the demo accounts have published passwords; run "
                          "'mips seed --demo' on a database made with 'mips db upgrade --demo'")
        sys.exit(2)
    seed_demo(kernel, console)


from core.cli_admin import audit, modules, units, users  # noqa: E402

main.add_command(users)
main.add_command(units)
main.add_command(modules)
main.add_command(audit)

from core.resolution.cli import resolve_command  # noqa: E402

main.add_command(resolve_command)

from core.entities.cli import persons  # noqa: E402

main.add_command(persons)

from core.cli_events import events  # noqa: E402

main.add_command(events)


@main.group()
def legacy() -> None:
    """The still-live legacy systems: simulate them, bridge, migrate and retire them."""


def _legacy_subcommands() -> None:
    """Subcommands from other packages (entry points ``mips.legacy_commands``); a broken
    one is reported and left out rather than breaking the whole command."""
    from importlib.metadata import entry_points

    for ep in entry_points(group="mips.legacy_commands"):
        try:
            legacy.add_command(ep.load(), name=ep.name)
        except Exception as exc:  # noqa: BLE001
            err_console.print(f"[yellow]warning:[/yellow] legacy command {ep.name} unavailable: {exc}")


_legacy_subcommands()

from core.legacy.cli import (bridge_command, ingest_command, mentions_command, migrate_command,  # noqa: E402
                             push_command, report_command, retire_command, status_command)

for _command in (bridge_command, mentions_command, status_command, migrate_command, report_command, retire_command,
                 push_command, ingest_command):
    legacy.add_command(_command)
