"""The demo force that `make run` loads: units, an admin, an auditor and demo officers.

Idempotent: what exists is left alone. Demo passwords are fixed and printed, because
this is demo data on a newcomer's machine; a real force creates its own accounts with
``mips users create``. Because those passwords are published, the accounts are only ever
made on a database that says it is a demo: :func:`mark_demo_database` (``mips db upgrade
--demo``) marks one, and only while it holds no account but the demo ones, so a force's
database can never be turned into one by accident.
"""
from __future__ import annotations

from rich.table import Table
from sqlalchemy import select

from core.identity.models import Unit, User
from core.identity.services import create_unit, create_user
from core.platform import state
from core.platform.db import commit, session
from core.platform.errors import DomainError

DEMO_UNITS = {
    "Camden": "Camden borough (custody pilot)",
    "Westminster": "Westminster borough",
    "Hackney": "Hackney borough",
    "Islington": "Islington borough",
}

DEMO_PASSWORD = "demo-pass-2026"

# username, display name, unit, roles
DEMO_USERS = [
    ("admin", "System Administrator", "Camden", ["admin", "officer"]),
    ("auditor", "Information Assurance Auditor", "Westminster", ["auditor"]),
    ("sgt.patel", "PS Asha Patel (custody sergeant)", "Camden", ["officer", "custody_officer"]),
    ("dto.jones", "DO Mark Jones (detention officer)", "Camden", ["officer", "detention_officer"]),
    ("insp.okafor", "Insp Grace Okafor", "Camden", ["officer", "inspector"]),
    ("supt.reid", "Supt Alan Reid", "Camden", ["officer", "superintendent"]),
    ("dc.smith", "DC Laura Smith (investigator)", "Westminster", ["officer", "investigator"]),
    ("analyst.khan", "Imran Khan (intelligence analyst)", "Hackney", ["officer", "analyst"]),
    ("cw.brown", "Sophie Brown (case worker)", "Islington", ["officer", "case_worker"]),
    ("pc.taylor", "PC Sam Taylor", "Hackney", ["officer"]),
]


class NotADemo(DomainError):
    """The demo accounts (published passwords) were asked for on a database that is not a demo."""


def mark_demo_database(sess) -> None:
    """Mark this database as a demo; refused once it holds any account that is not a demo one."""
    demo_names = {username for username, *_ in DEMO_USERS}
    others = sorted(set(sess.scalars(select(User.username))) - demo_names)
    if others:
        raise NotADemo("not_a_demo", f"This database holds real accounts ({', '.join(others[:3])}...): "
                                     "it cannot be marked as a demo")
    state.mark_demo(sess)


def seed_demo(kernel, console) -> None:
    sess = session()
    if not state.is_demo(sess):
        raise NotADemo("not_a_demo", "The demo accounts have published passwords: they are only created on a "
                                     "database made with 'mips db upgrade --demo'")
    existing_units = set(sess.scalars(select(Unit.name)))
    for name, title in DEMO_UNITS.items():
        if name not in existing_units:
            create_unit(sess, name, title)
    existing_users = set(sess.scalars(select(User.username)))
    known = kernel.known_roles()
    for username, display, unit, roles in DEMO_USERS:
        if username in existing_users:
            continue
        usable = [r for r in roles if any(role == r for role, _ in known)]
        create_user(sess, known, username=username, password=DEMO_PASSWORD, unit=unit, roles=usable,
                    display_name=display, min_password_length=kernel.settings.min_password_length)
    commit()
    from core.demo.people import seed_people

    seed_people(console)
    _pilot_modules(kernel, console)
    print_logins(console)


def print_logins(console) -> None:
    """The demo accounts as a table: printed by ``mips seed`` and, last of all once the
    server is ready, by ``mips serve --demo`` (``make run``) so they do not scroll away."""
    shown = Table(title=f"Demo accounts (password for all: {DEMO_PASSWORD})", title_justify="left")
    for column in ("username", "unit", "roles", "who"):
        shown.add_column(column, no_wrap=column != "who")
    for username, display, unit, roles in DEMO_USERS:
        shown.add_row(username, unit, ", ".join(roles), display)
    console.print(shown)


# the modules the demo force has switched on, and for whom (as a rollout would start)
DEMO_PILOTS = {"custody": ["Camden"]}


def _pilot_modules(kernel, console) -> None:
    """Switch the demo pilots on (once: an admin's later choice is left alone), then let
    every module that is on load its own demo records."""
    from core.modules import registry

    configured = registry.load_rollouts(session())
    for name, units in DEMO_PILOTS.items():
        if name in kernel.installed and name not in configured:
            for unit in units:
                registry.enable(session(), kernel.installed, name, unit, actor="seed")
    commit()
    kernel.refresh(session(), force=True)
    added = sum(n or 0 for n in kernel.hook("mips_seed_demo", anywhere=True)())
    commit()
    if added:
        console.print(f"{added} demo module records loaded")
