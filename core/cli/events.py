"""``mips events``: the transactional outbox of domain events, seen from the command line.

``deliver`` retries the events a consumer has not yet taken (a module whose handler
failed, or a worker killed between the commit and the delivery): each consumer takes an
event at most once (its receipt), so running it again is always safe. ``contracts`` lists
the events the installed modules publish, with their versions and fields.
"""
from __future__ import annotations

import click
from sqlalchemy import select

from core.cli.base import console, in_app, table


@click.group()
def events() -> None:
    """Domain events: delivery through the outbox, published contracts."""


@events.command("deliver")
@in_app
def deliver_command(kernel) -> None:
    """Deliver every event some consumer has not taken yet; exit 1 while any is still pending."""
    from core.platform import outbox
    from core.platform.uow import current_uow

    counts = outbox.deliver(current_uow(), kernel.consumers_of)
    pending = current_uow().session.scalars(select(outbox.OutboxEvent).where(outbox.OutboxEvent.dispatched_at.is_(None))
                                            .order_by(outbox.OutboxEvent.id)).all()
    console.print(f"{counts['dispatched']:,} delivered, {len(pending):,} still pending")
    for row in pending[:20]:
        console.print(f"  pending: {row.name} {row.event_id} ({row.attempts} attempts): {row.last_error}")
    if pending:
        raise SystemExit(1)


@events.command("contracts")
@in_app
def contracts_command(kernel) -> None:
    """The published event contracts of the installed modules."""
    from core.platform.events import published_contracts

    table("Published events", ["name", "version", "owner", "fields"],
          [[c["name"], c["version"], c["owner"], ", ".join(c["fields"])] for c in published_contracts()])
