"""Administration commands: users and grants, units, module rollout, the audit chain."""
from __future__ import annotations

import sys

import click
from sqlalchemy import select

from core.cli.base import console, err_console, in_app, table
from core.platform.db import commit, session


# -- users -------------------------------------------------------------------

@click.group()
def users() -> None:
    """User accounts and role grants."""


@users.command("create")
@click.argument("username")
@click.option("--password", required=True, help="At least 10 characters")
@click.option("--role", "roles", multiple=True, help="ROLE or ROLE:MODULE (repeatable)")
@click.option("--unit", required=True, help="The user's home unit")
@click.option("--name", "display_name", default="", help="Display name")
@in_app
def users_create(kernel, username: str, password: str, roles: tuple[str, ...], unit: str, display_name: str) -> None:
    """Create a user with a home unit and roles."""
    from core.identity.services import create_user

    user = create_user(session(), kernel.known_roles(), username=username, password=password, unit=unit,
                       roles=list(roles), display_name=display_name, min_password_length=kernel.settings.min_password_length)
    commit()
    grants = ", ".join(f"{g.role}:{g.domain}" for g in user.grants) or "none"
    console.print(f"created user [bold]{user.username}[/bold] in {unit} with roles {grants}")


@users.command("list")
@in_app
def users_list(kernel) -> None:
    """List users, their units and grants."""
    from core.identity.models import User

    rows = [[u.username, u.unit.name, "yes" if u.active else "no", ", ".join(f"{g.role}:{g.domain}" for g in u.grants)]
            for u in session().scalars(select(User).order_by(User.username))]
    table("Users", ["username", "unit", "active", "roles"], rows)


@users.command("grant")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, help="ROLE or ROLE:MODULE (repeatable)")
@click.option("--revoke", is_flag=True, help="Take these roles away instead")
@in_app
def users_grant(kernel, username: str, roles: tuple[str, ...], revoke: bool) -> None:
    """Give roles to (or, with --revoke, take them from) a user."""
    from core.identity.services import get_user, resolve_role, set_grants

    known = kernel.known_roles()
    named = {resolve_role(known, spec) for spec in roles}
    current = {(g.role, g.domain) for g in get_user(session(), username).grants}
    user = set_grants(session(), known, username, sorted(current - named if revoke else current | named))
    commit()
    console.print(f"{username}: " + (", ".join(f"{g.role}:{g.domain}" for g in user.grants) or "no roles"))


@users.command("roles")
@in_app
def users_roles(kernel) -> None:
    """Every role that can be granted."""
    table("Roles", ["role", "module", "description"],
          [[r, d, text] for (r, d), text in sorted(kernel.known_roles().items())])


# -- units -------------------------------------------------------------------

@click.group()
def units() -> None:
    """Organisational units."""


@units.command("add")
@click.argument("name")
@click.option("--title", default="")
@in_app
def units_add(kernel, name: str, title: str) -> None:
    """Add an organisational unit."""
    from core.identity.services import create_unit

    create_unit(session(), name, title)
    commit()
    console.print(f"added unit {name}")


@units.command("list")
@in_app
def units_list(kernel) -> None:
    """List organisational units."""
    from core.identity.models import Unit

    table("Units", ["name", "title"], [[u.name, u.title] for u in session().scalars(select(Unit).order_by(Unit.name))])


# -- modules -------------------------------------------------------------------

@click.group()
def modules() -> None:
    """Business modules and their staged rollout."""


@modules.command("list")
@in_app
def modules_list(kernel) -> None:
    """Installed modules, their rollout, and modules that failed to load."""
    from core.http.modules import describe_modules

    rows = [[m["name"], m["title"], m["scope"], ", ".join(m["units"]) or ("all units" if m["enabled"] else "-"),
             ", ".join(m["retires"]), m["error"] or ""] for m in describe_modules(kernel, None)]
    table("Modules", ["name", "title", "state", "units", "retires", "error"], rows)


def _rollout_command(kernel, action, name: str, unit: str | None) -> None:
    rollout = action(session(), kernel.installed, name, unit)
    commit()
    where = "off" if not rollout.enabled else (f"on for {', '.join(rollout.units)}" if rollout.units else "on force-wide")
    console.print(f"{name} is now {where}")


@modules.command("enable")
@click.argument("name")
@click.option("--unit", default=None, help="Enable for this unit only (a pilot); repeat the command to add units")
@in_app
def modules_enable(kernel, name: str, unit: str | None) -> None:
    """Switch a module on, force-wide or for one more unit."""
    from core.modules.registry import enable

    _rollout_command(kernel, enable, name, unit)


@modules.command("disable")
@click.argument("name")
@click.option("--unit", default=None, help="Take only this unit out of the rollout")
@in_app
def modules_disable(kernel, name: str, unit: str | None) -> None:
    """Switch a module off (its data is kept), everywhere or for one unit."""
    from core.modules.registry import disable

    _rollout_command(kernel, disable, name, unit)


# -- audit -------------------------------------------------------------------

@click.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
@in_app
def audit_verify(kernel) -> None:
    """Recompute the keyed chain and hold it against the signed checkpoints; exit 1 naming
    the first bad entry. An intact chain's head is checkpointed (signed, outside the database)."""
    from core.audit import checkpoints
    from core.audit.log import verify
    from core.audit.models import AuditHead

    with console.status("checking the audit chain..."), kernel.db.snapshot() as snap:
        result = verify(snap)
        head = snap.get(AuditHead, 1)
    if result.ok:
        if head is not None and head.seq:
            checkpoints.write(checkpoints.database_identity(kernel.db.engine.url), head.seq, head.hash)
        legacy = f", {result.legacy} of them from before the chain was keyed" if result.legacy else ""
        console.print(f"audit chain intact: {result.checked} entries checked{legacy}; "
                      f"held against {result.checkpoints} signed checkpoints; head {head.seq if head else 0} checkpointed")
        return
    err_console.print(f"[red]audit chain broken at entry {result.first_bad_seq}[/red]: {result.reason} "
                      f"({result.checked} entries before it are intact)")
    sys.exit(1)


@audit.command("checkpoint")
@in_app
def audit_checkpoint(kernel) -> None:
    """Sign the chain's current head into the checkpoint file outside the database (run from cron)."""
    from core.audit import checkpoints

    seq, head_hash = checkpoints.checkpoint_now(kernel.db.engine)
    console.print(f"checkpoint of entry {seq} ({head_hash[:12]}...) written to {checkpoints.checkpoint_path()}")


@audit.command("adopt-legacy")
@in_app
def audit_adopt_legacy(kernel) -> None:
    """Once, after upgrading: check a chain written before it was keyed (plain SHA-256) and
    sign its head, so its unkeyed entries stay verifiable and no later one may be unkeyed."""
    from core.audit import checkpoints
    from core.audit.log import verify
    from core.audit.models import AuditHead

    with kernel.db.snapshot() as snap:
        result = verify(snap, legacy_ok=True)
        head = snap.get(AuditHead, 1)
    if not result.ok:
        err_console.print(f"[red]audit chain broken at entry {result.first_bad_seq}[/red]: {result.reason}; nothing adopted")
        sys.exit(1)
    checkpoints.write(checkpoints.database_identity(kernel.db.engine.url), head.seq, head.hash, legacy_until=result.legacy)
    console.print(f"{result.legacy} unkeyed entries adopted; head {head.seq} signed")
