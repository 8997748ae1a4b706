"""``mips legacy``: the still-live legacy systems, bridged, migrated and retired from the command line."""
from __future__ import annotations

import csv
from pathlib import Path

import click
from sqlalchemy import select

from core.cli.base import console, err_console, in_app, table
from core.platform.db import session


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
    console.print(f"{report.loaded:,} new persons and {report.joined:,} joined to persons already known, from "
                  f"{sum(report.mentions.values()) - report.already:,} new mentions; "
                  f"{report.already:,} mentions were bridged before ({report.updated:,} of them changed in the live "
                  f"system since, and synced); {len(report.rejected):,} rejected")
    for key, reason in report.rejected[:10]:
        console.print(f"  rejected {key}: {reason}")
    if report.not_connected:
        console.print(f"not connected (set MIPS_LEGACY_DIR or MIPS_LEGACY_<SYSTEM>_URL): {', '.join(report.not_connected)}")


@click.command("mentions")
@click.argument("output", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@in_app
def mentions_command(kernel, output: Path) -> None:
    """Write mention_key,person_id for every legacy mention MiPS holds."""
    from core.persons.models import Person, SourceRecord

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


@click.command("status")
@in_app
def status_command(kernel) -> None:
    """Each legacy system: connected or not, lifecycle state, migration progress."""
    from core.legacy.connections import url_for
    from core.legacy.lifecycle import state_of

    rows = []
    for system, adapter in sorted(kernel.plugins.adapters().items()):
        row = state_of(session(), system)
        rows.append([system, adapter.title, "yes" if url_for(system) else "no", row.state,
                     f"{row.done:,}/{row.total:,}" if row.total else "-", adapter.replaced_by])
    session().commit()
    table("Legacy systems", ["system", "title", "connected", "state", "records taken", "replaced by"], rows)


@click.command("migrate")
@click.argument("systems", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every connected system")
@in_app
def migrate_command(kernel, systems: tuple[str, ...], every: bool) -> None:
    """Migrate legacy systems (resumable: a rerun carries on and takes nothing twice); several
    systems share one read of each legacy database and one bridge. On a migrated system
    still in use, the catch-up: the records added and changed since. Refused for a system
    whose replacing module is not installed or does not take its records; with --all,
    such systems are named with the reason and the others are migrated."""
    from rich.progress import Progress

    from core.legacy.connections import url_for
    from core.legacy.handover import refusal, refuse_unless_taken
    from core.legacy.lifecycle import adapter_for, migrate_many

    if every:
        adapters = kernel.plugins.adapters()
        connected = [s for s in sorted(adapters) if url_for(s)]
        refused = {s: problem for s in connected if (problem := refusal(kernel, adapters[s])) is not None}
        for system, problem in refused.items():
            console.print(f"not migrated: {system}: {problem.message}")
        systems = tuple(s for s in connected if s not in refused)
        if not systems:
            err_console.print("[red]error:[/red] no connected system can be migrated now (see above)")
            raise SystemExit(1)
    if not systems:
        raise click.UsageError("name a SYSTEM or give --all")
    for system in systems:  # refused before any progress is shown or anything is taken
        refuse_unless_taken(kernel, adapter_for(kernel, system))
    with Progress(console=console) as bar:
        tasks = {system: bar.add_task(f"migrating {system}", total=None) for system in systems}
        reports = migrate_many(session(), kernel, list(systems),
                               progress=lambda system, done, total: bar.update(tasks[system], completed=done, total=total))
    for system in systems:
        _print_report(reports[system])


@click.command("report")
@click.argument("system")
@in_app
def report_command(kernel, system: str) -> None:
    """The reconciliation report: every record and mention accounted for."""
    from core.legacy.lifecycle import reconcile

    _print_report(reconcile(session(), kernel, system))


@click.command("retire")
@click.argument("system")
@in_app
def retire_command(kernel, system: str) -> None:
    """Retire a migrated system (refused unless its module is on force-wide and nothing is unaccounted)."""
    from core.legacy.lifecycle import retire
    from core.platform.db import commit

    retire(session(), kernel, system)
    commit()
    console.print(f"{system} is retired")


@click.command("push")
@in_app
def push_command(kernel) -> None:
    """Retry the events still waiting to reach a live legacy system (a charge for COPA...)."""
    from core.legacy.models import LegacyPush
    from core.legacy.outbox import deliver

    counts = deliver(session(), kernel)
    waiting = session().scalars(select(LegacyPush).where(LegacyPush.status != "delivered")).all()
    console.print(f"{counts['delivered']:,} delivered, {counts['failed']:,} failed")
    for push in waiting[:20]:
        console.print(f"  waiting: {push.event_name} for {push.system} ({push.attempts} attempts): {push.last_error}")
    if waiting:
        raise SystemExit(1)


@click.command("ingest")
@click.argument("system")
@in_app
def ingest_command(kernel, system: str) -> None:
    """Hand a migrated system's waiting records to its module, now that the module is on."""
    from core.legacy.lifecycle import ingest_waiting

    counts = ingest_waiting(session(), kernel, system)
    console.print(f"{system}: {counts['ingested']:,} ingested, {counts['rejected']:,} rejected, "
                  f"{counts['waiting']:,} still waiting (is the module on?)")


def _print_report(report: dict) -> None:
    rec, men = report["records"], report["mentions"]
    console.print(f"[bold]{report['system']}[/bold]: records {rec['in_source']:,} in the source = {rec['ingested']:,} ingested "
                  f"+ {rec['waiting_for_module']:,} waiting for the module + {rec['rejected']:,} rejected; mentions "
                  f"{men['in_source']:,} = {men['migrated']:,} migrated + {men['merged_into_existing_person']:,} merged into an "
                  f"existing person + {men['rejected']:,} rejected; unaccounted: {report['unaccounted']:,}")
    if rec.get("changed_since_taken"):
        console.print(f"  {rec['changed_since_taken']:,} records changed in the live system since they were first taken "
                      f"(taken again); {len(rec['changed_after_ingest']):,} of them after the module took them: compare by hand")
    found = report.get("findable")
    if found and found["sampled"]:
        console.print(f"  findable: {found['sampled']:,} records sampled, {found['found_by_reference']:,} found by reference, "
                      f"{found['found_through_person']:,} through the persons they mention "
                      f"({found['mention_nobody']:,} mention nobody); not found: {len(found['not_found']):,}")
        for missing in found["not_found"][:10]:
            console.print(f"  not found again: {missing['key']}")
    for key, reason in list(men["rejections"].items())[:10] + list(rec["rejections"].items())[:10]:
        console.print(f"  rejected {key}: {reason}")


@click.group("legacy")
def legacy() -> None:
    """The still-live legacy systems: simulate them, bridge, migrate and retire them."""


for _command in (bridge_command, mentions_command, status_command, migrate_command, report_command, retire_command,
                 push_command, ingest_command):
    legacy.add_command(_command)


def add_entry_point_commands() -> None:
    """Subcommands from other packages (entry points ``mips.legacy_commands``: the
    simulator); a broken one is reported and left out rather than breaking the command."""
    from importlib.metadata import entry_points

    for ep in entry_points(group="mips.legacy_commands"):
        try:
            legacy.add_command(ep.load(), name=ep.name)
        except Exception as exc:  # noqa: BLE001
            err_console.print(f"[yellow]warning:[/yellow] legacy command {ep.name} unavailable: {exc}")
