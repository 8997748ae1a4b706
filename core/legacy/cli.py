"""``mips legacy bridge`` and ``mips legacy mentions``: the kernel's own legacy commands."""
from __future__ import annotations

import csv
from pathlib import Path

import click
from sqlalchemy import select

from core.cli import console, in_app, table
from core.db import session


@click.command("bridge")
@in_app
def bridge_command(kernel) -> None:
    """Resolve every person the connected legacy systems mention into MiPS persons (reruns add nothing)."""
    from rich.progress import Progress

    from core.legacy.bridge import bridge

    adapters = kernel.plugins.adapters()
    with Progress(console=console) as bar:
        tasks: dict[str, int] = {}

        def progress(system: str, count: int) -> None:
            if system not in tasks:
                tasks[system] = bar.add_task(f"reading {system}", total=None)
            bar.update(tasks[system], completed=count)

        report = bridge(session(), adapters, progress=progress)
    table("Legacy bridge", ["system", "mentions"], [[s, f"{n:,}"] for s, n in sorted(report.mentions.items())])
    console.print(f"{report.loaded:,} new persons from {sum(report.mentions.values()) - report.already:,} new mentions; "
                  f"{report.already:,} mentions were bridged before; {len(report.rejected):,} rejected")
    for key, reason in report.rejected[:10]:
        console.print(f"  rejected {key}: {reason}")
    if report.not_connected:
        console.print(f"not connected (set MIPS_LEGACY_DIR or MIPS_LEGACY_<SYSTEM>_URL): {', '.join(report.not_connected)}")


@click.command("mentions")
@click.argument("output", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@in_app
def mentions_command(kernel, output: Path) -> None:
    """Write mention_key,person_id for every legacy mention MiPS holds."""
    from core.entities.models import Person, SourceRecord

    systems = sorted(kernel.plugins.adapters())
    rows = session().execute(select(SourceRecord.key, SourceRecord.person_id, Person.merged_into)
                             .join(Person, Person.id == SourceRecord.person_id)
                             .where(SourceRecord.system.in_(systems)).order_by(SourceRecord.key))
    with output.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["mention_key", "person_id"])
        count = 0
        for key, person_id, merged_into in rows:
            out.writerow([key, merged_into or person_id])
            count += 1
    console.print(f"{count:,} mentions written to {output}")
