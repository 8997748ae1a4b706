"""Taking documents from legacy adapters (``mips_ingest``): validated, idempotent, with
their person.

An adapter maps a legacy row into a document of a kind the module publishes (e.g.
``custody.detention`` version 1) and the kernel routes it to the module that declares
that kind in ``mips_module_info()["ingests"]``. The module validates it with the same
marshmallow schema as its REST API (:func:`validate`), finds whether it took that source
before (:func:`already_taken`) and the person the bridge resolved the mention to
(:func:`person_of_mention`).
"""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from sqlalchemy import select

from core.kit import persons
from core.platform.errors import DomainError
from core.platform.uow import UnitOfWork


def validate(schema: ma.Schema, document: dict[str, Any]) -> dict[str, Any]:
    """The document loaded by the module's own input schema, or a 422 naming each field."""
    try:
        return schema.load(document)
    except ma.ValidationError as exc:
        raise DomainError("invalid_document", "The document does not follow the module's published schema",
                          {"fields": exc.messages}) from None


def already_taken(uow: UnitOfWork, model: type, source: dict[str, Any]) -> Any | None:
    """The id of the record made from this source before (``model`` has ``source_system``
    and ``source_key`` columns), so a rerun creates nothing twice."""
    return uow.session.scalar(select(model.id).where(model.source_system == source["system"],
                                                     model.source_key == source["key"]))


def person_of_mention(uow: UnitOfWork, mention: dict[str, Any], fallback: dict[str, Any]) -> str:
    """The person the bridge resolved a legacy mention (``{"system", "key"}``) to; when
    the bridge could not (it rejected the mention), the ``fallback`` record is resolved
    now, so no migrated record is left without its person."""
    found = persons.of_mention(uow, mention["system"], mention["key"])
    if found:
        return found
    return persons.resolve_or_create(uow, fallback, system=mention["system"], key=mention["key"]).person_id
