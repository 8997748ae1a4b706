"""What every ``mips`` command shares: the app it runs in, its console, its tables.

Kept apart from :mod:`core.cli` (which assembles the command groups) so the command
modules import it and nothing imports back: the old circle of ``core/cli.py`` with
``cli_admin``, ``entities/cli`` and ``legacy/cli`` is gone by construction.
"""
from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, g
from rich.console import Console
from rich.table import Table

from core.platform.current import current_kernel
from core.platform.db import session
from core.platform.errors import DomainError

console = Console()
err_console = Console(stderr=True)


def _app() -> Flask:
    from core.app import create_app  # only for the commands that need the app (not `mips resolve`)

    return create_app()


def in_app(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command in an app context, as the actor ``cli:<login>``, with the kernel as
    its first argument; a service's refusal ends it with its message and exit status 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app = _app()
        with app.app_context():
            g.actor = f"cli:{getpass.getuser()}"
            kernel = current_kernel()
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
