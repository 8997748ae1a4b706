"""``mips legacy simulate`` and ``mips legacy simulate-activity``."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress

console = Console()


@click.command("simulate")
@click.option("--persons", type=click.IntRange(1, 5_000_000), default=2000, show_default=True,
              help="People in the simulated population")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder for the databases")
def simulate_command(persons: int, seed: int, out: Path) -> None:
    """Create the seven legacy databases of a simulated force, and truth.csv (for tests only)."""
    from adapters.simulator.simulate import simulate

    with Progress(console=console) as progress:
        manifest = simulate(persons, seed, out, progress=progress)
    records = ", ".join(f"{system} {n:,}" for system, n in manifest["records"].items())
    console.print(f"{persons:,} people, {manifest['mentions']:,} mentions in {manifest['rows']:,} rows "
                  f"written to {out}: {records}")


@click.command("simulate-activity")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--rows", type=click.IntRange(1, 10_000_000), default=100, show_default=True,
              help="About how many new person mentions to add")
def simulate_activity_command(folder: Path, rows: int) -> None:
    """Add new records and edits to a simulated force, as systems still in use do."""
    from adapters.simulator.simulate import simulate_activity

    try:
        with Progress(console=console) as progress:
            done = simulate_activity(folder, rows, progress=progress)
    except FileNotFoundError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    console.print(f"{done['new_mentions']:,} new mentions and {done['edited_rows']:,} edited rows in {folder}")
