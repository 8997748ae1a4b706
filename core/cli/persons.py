"""``mips persons``: maintenance of the person records' derived search and blocking keys."""
from __future__ import annotations

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from core.cli.base import console, in_app
from core.platform.db import session


@click.group("persons")
def persons() -> None:
    """Person records: the one record per person and its derived keys."""


@persons.command("rebuild-keys")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000),
              help="Persons per transaction")
@click.option("--quiet", is_flag=True, help="No progress bar")
@in_app
def rebuild_keys(kernel, batch_size: int, quiet: bool) -> None:
    """Recompute every person's derived search and blocking keys from its source records.

    Run after an upgrade that changed the resolution engine's key formats, name
    normalisation or nickname rules: rows written by the old version no longer match what
    the new one looks up. Only rows that differ are rewritten, each batch is committed,
    and running it again (or after an interruption) is harmless.
    """
    from core.persons.rebuild import count_persons, rebuild_all

    total = count_persons(session())
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn()]
    with Progress(*columns, console=console, disable=quiet) as bar:
        task = bar.add_task("rebuilding person keys", total=total)
        stats = rebuild_all(session(), batch_size=batch_size, progress=lambda n: bar.advance(task, n))
    changes = ", ".join(f"{table} -{stats.rows_deleted[table]:,}/+{stats.rows_inserted[table]:,}"
                        for table in sorted(set(stats.rows_deleted) | set(stats.rows_inserted)))
    console.print(f"{stats.persons:,} persons checked, {stats.changed_persons:,} had stale keys"
                  + (f" ({changes})" if changes else "")
                  + f"; {stats.locations:,} locations checked, {stats.changed_locations:,} updated")
