"""Prosecution: charging decisions (DG6), case files (MG forms), charges, hearings,
disclosure and warrants. Retires COPA and EWMS.

The hooks here only wire the module into the kernel through the module kit; the work is
in ``dg6.py`` with the cited rule files in ``rules/`` (who charges), ``charging.py`` (the
decision, the MG3 and its answer) and ``resources.py`` (REST).
"""
from __future__ import annotations

from core.kit import hookimpl

NAME = "prosecution"


@hookimpl
def mips_module_info() -> dict:
    from plugins.prosecution.policies import ROLES

    return {"name": NAME, "title": "Prosecution", "version": "0.2.0", "retires": ["COPA", "EWMS"], "roles": dict(ROLES)}


@hookimpl
def mips_blueprints() -> list:
    from plugins.prosecution.resources import blp

    return [blp]


@hookimpl
def mips_policies() -> list[str]:
    from plugins.prosecution.policies import POLICY_LINES

    return list(POLICY_LINES)
