"""``mips retention``: MoPI review dates for everyone, and the run that executes disposals."""
from __future__ import annotations

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from sqlalchemy import func, select

from core.cli.base import console, in_app
from core.platform.db import session


@click.group("retention")
def retention() -> None:
    """MoPI review and retention: review dates, disposals."""


@retention.command("refresh")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000), help="Persons per transaction")
@click.option("--quiet", is_flag=True, help="No progress bar")
@in_app
def refresh(kernel, batch_size: int, quiet: bool) -> None:
    """Recompute every person's group and next review date from their records and the rules
    (after the force edits its MoPI rule file, or after an upgrade). Safe to rerun."""
    from core.persons.models import Person
    from core.retention.service import refresh_all

    total = session().scalar(select(func.count()).select_from(Person).where(Person.merged_into.is_(None)))
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, disable=quiet) as bar:
        task = bar.add_task("computing review dates", total=total)
        done = refresh_all(session(), batch=batch_size, progress=lambda n: bar.advance(task, n))
    console.print(f"{done:,} persons scheduled for review")


@retention.command("run")
@in_app
def run(kernel) -> None:
    """Execute the disposals whose cooling-off period is over (one person a transaction:
    interrupted, run it again and it finishes)."""
    from core.audit.log import current_actor
    from core.retention.erasure import run as run_disposals

    session().rollback()
    outcome = run_disposals(kernel.db.writer_sessionmaker, current_actor(),
                            progress=lambda n, result: console.print(f"{n} decisions: {result}"))
    console.print(f"{outcome.get('erased', 0)} erased, {outcome.get('superseded', 0)} superseded")


@click.group("dpa")
def dpa() -> None:
    """Data protection: subject access."""


@dpa.command("export")
@click.argument("person_id")
@click.option("--recipient", required=True, help="Who the disclosure is for (recorded in the audit)")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), required=True, help="The JSON file to write")
@in_app
def export(kernel, person_id: str, recipient: str, out: str) -> None:
    """Everything MiPS holds about PERSON_ID as one JSON file (DPA 2018 s.45), audited as a
    disclosure to RECIPIENT."""
    import json
    from pathlib import Path

    from core.audit.log import current_actor
    from core.platform.db import commit
    from core.platform.errors import DomainError
    from core.retention.subject_access import export as build

    try:
        document = build(session(), person_id, requested_by=current_actor(), recipient=recipient)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    Path(out).write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str))
    commit()
    console.print(f"wrote {out}: {len(document['source_records'])} source records, "
                  f"{sum(len(v) for v in document['modules'].values())} module records, {len(document['exempt'])} withheld")
