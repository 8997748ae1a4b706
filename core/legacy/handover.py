"""Whether a legacy system may be migrated: is there a module to take its records?

Migrating moves a system's records from "read live from the legacy system" to "held by
MiPS for the replacing module". If that module is not installed, or installed but does
not take the kinds of document the adapter hands over (a stub with no ingest yet), every
record would only ever wait: nothing would be gained and the live system would look
ready to switch off. So migration is refused, with the reason, before anything is taken
(the API and the web page answer 409; the CLI exits non-zero with the message).
"""
from __future__ import annotations

from typing import Any

from core.platform.errors import Conflict


def missing_kinds(kernel: Any, adapter: Any) -> list[str]:
    """The kinds the adapter hands over that the replacing module does not declare."""
    info = kernel.plugins.modules.get(adapter.replaced_by)
    declared = set(info.ingests) if info is not None else set()
    return [kind for kind in adapter.kinds if kind not in declared]


def refusal(kernel: Any, adapter: Any) -> Conflict | None:
    """Why the system cannot be migrated now, or None when it can."""
    system, module = adapter.system.upper(), adapter.replaced_by
    if module not in kernel.plugins.modules:
        return Conflict("module_not_installed",
                        f"{system} cannot be migrated: the {module} module that replaces it is not installed, "
                        f"so its records would have nowhere to go. Install the {module} module first.",
                        {"module": module})
    missing = missing_kinds(kernel, adapter)
    if missing:
        return Conflict("module_does_not_ingest",
                        f"{system} cannot be migrated: the {module} module does not take its records yet "
                        f"(it declares no ingest of {', '.join(missing)}). Migrating now would leave every "
                        f"record waiting for a module that cannot take it.",
                        {"module": module, "kinds": missing})
    return None


def refuse_unless_taken(kernel: Any, adapter: Any) -> None:
    """Raise the refusal, if there is one."""
    problem = refusal(kernel, adapter)
    if problem is not None:
        raise problem
