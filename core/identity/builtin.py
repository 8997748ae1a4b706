"""The kernel's own hook implementations, registered as the built-in plugin ``core``.

Core roles live in the ``core`` domain: ``admin`` runs the system (modules, users,
grants), ``auditor`` reads the audit trail, ``officer`` is any member of staff who may
sign in and use the shared services (search, the person view). ``security_officer`` alone
grants and removes the privileged roles (``auditor``, ``vetted``, ``security_officer``):
separation of duties, so an administrator cannot make themselves, or an accomplice, the
auditor of their own actions or able to see protected persons.
"""
from __future__ import annotations

from core import hookimpl

CORE_ROLES = {
    "admin": "Switches modules on and off, manages users and role grants",
    "auditor": "Reads the audit trail and checks its integrity",
    "officer": "Any officer or member of staff: signs in, uses search and the person view",
    "vetted": "May see restricted persons (protected witnesses, cover identities)",
    "records_manager": "Decides probable matches, merges and unmerges persons",
    "information_manager": "Reviews records under MoPI: keeps them, or disposes of them (erasure after a cooling-off period)",
    "security_officer": "Grants and removes the privileged roles (auditor, vetted, security_officer); never an admin's own right",
}


@hookimpl
def mips_policies() -> list[str]:
    return [
        "p, officer, core, self, read",
        "p, officer, core, modules, read",
        "p, officer, core, search, read",
        "p, officer, core, persons, read",
        "p, officer, core, persons, create",
        "p, officer, core, persons, update",
        "p, officer, core, objects, *",
        "p, officer, core, locations, *",
        "p, officer, core, links, *",
        "p, officer, core, markers, create",
        "p, vetted, core, persons_restricted, read",
        "p, vetted, core, restrictions, update",
        "p, records_manager, core, restrictions, update",
        "p, records_manager, core, persons, read",
        "p, records_manager, core, persons, merge",
        "p, records_manager, core, matches, *",
        "p, information_manager, core, self, read",
        "p, information_manager, core, retention, read",
        "p, information_manager, core, retention, decide",
        "p, information_manager, core, retention, erase",
        "p, information_manager, core, retention, disclose",
        "p, information_manager, core, persons, read",
        "p, admin, core, self, read",
        "p, admin, core, modules, *",
        "p, admin, core, users, *",
        "p, admin, core, grants, read",
        "p, admin, core, grants, update",
        "p, admin, core, units, *",
        "p, admin, core, legacy, *",
        "p, auditor, core, legacy, read",
        "p, auditor, core, self, read",
        "p, auditor, core, modules, read",
        "p, auditor, core, audit, read",
        "p, auditor, core, grants, read",
        "p, auditor, core, users, read",
        "p, security_officer, core, self, read",
        "p, security_officer, core, users, read",
        "p, security_officer, core, grants, read",
        "p, security_officer, core, grants, update",
        "p, security_officer, core, grants, privileged",
    ]
