"""The ``mips`` command: serve, migrate, seed, and administer users, modules and audit.

Every command runs inside the application (same services, same audit as the API), as
the actor ``cli:<login>``. Bad input ends with a clear message and exit status 1.

This module only assembles the groups; each lives in a module of its own and shares
:mod:`core.cli.base` (``in_app``, the console), which imports none of them back.
"""
from __future__ import annotations

import click

from core.cli import admin, events, legacy, persons, resolve, retention, serve, setup


@click.group()
def main() -> None:
    """MiPS: an open integrated policing platform."""


for _command in (serve.serve, setup.db, setup.seed, admin.users, admin.units, admin.modules, admin.audit,
                 resolve.resolve_command, persons.persons, retention.retention, retention.dpa, events.events, legacy.legacy):
    main.add_command(_command)
legacy.add_entry_point_commands()
