"""Logging what a module changes or discloses (DPA 2018 s.62), in the same transaction.

Reads are logged by :func:`core.kit.consulted`; changes are logged here by the service
that makes them, in the unit of work's own transaction, so there is no change without
its entry and no entry without its change. ``action`` is one of the s.62 kinds:
collection, alteration, disclosure (with its recipient), combination, erasure.
"""
from __future__ import annotations

from typing import Any

from core.audit.log import record as _record
from core.audit.log import record_refusal
from core.platform.journal import session_of


def record(uow: Any, action: str, entity_type: str, entity_id: str | int, *, module: str,
           details: dict[str, Any] | None = None, recipient: str = "") -> None:
    """One audit entry for a change (or disclosure) of the current actor."""
    _record(session_of(uow), action, entity_type, entity_id, module=module, details=details or {}, recipient=recipient)


def collection(uow: Any, entity_type: str, entity_id: str | int, *, module: str,
               details: dict[str, Any] | None = None) -> None:
    """New data taken in (a record made, an entry appended)."""
    record(uow, "collection", entity_type, entity_id, module=module, details=details)


def alteration(uow: Any, entity_type: str, entity_id: str | int, *, module: str,
               details: dict[str, Any] | None = None) -> None:
    """Data changed."""
    record(uow, "alteration", entity_type, entity_id, module=module, details=details)


def disclosure(uow: Any, entity_type: str, entity_id: str | int, *, module: str, recipient: str,
               details: dict[str, Any] | None = None) -> None:
    """Data sent outside (an export, a file to the CPS): who received it."""
    record(uow, "disclosure", entity_type, entity_id, module=module, details=details, recipient=recipient)


def refused_read(entity_type: str, entity_id: str | int, *, module: str, details: dict[str, Any] | None = None) -> None:
    """A read the access rules refused (a report the reader may not see): logged as
    ``access_denied`` and committed at once, apart from the request's transaction, so the
    refusal is on record though the caller is answered as if the record did not exist."""
    record_refusal(entity_type, str(entity_id), module=module, details=details)
