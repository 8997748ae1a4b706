"""Who may read a legacy system's records: one rule for search, the person view and the
web search's list of the persons a record mentions.

A legacy record is read by whoever may read persons, and, where the adapter names the
replacing module's right for it (:attr:`core.legacy.protocol.Adapter.module_right`:
CrimInt intelligence logs and Merlin child records), only by those the module grants that
right. The module's policies are loaded while it is on anywhere; while it is off
everywhere nobody holds the right, so those records stay closed (deny by default).
"""
from __future__ import annotations

from typing import Any


def may_read(kernel: Any, user: Any, adapter: Any) -> bool:
    """``user`` may read the records of ``adapter``'s system."""
    if user is None or not kernel.access.allowed(user.username, "core", "persons", "read"):
        return False
    right = getattr(adapter, "module_right", None)
    return right is None or kernel.access.allowed(user.username, adapter.replaced_by, right[0], right[1])


def readable(kernel: Any, user: Any, adapters: dict[str, Any]) -> dict[str, Any]:
    """Of ``adapters`` (system -> adapter), those whose records ``user`` may read."""
    return {system: adapter for system, adapter in adapters.items() if may_read(kernel, user, adapter)}
