"""Domain events: how modules tell each other what happened without importing each other.

An event is a small frozen dataclass declared by the module that raises it (its
*contract*): a dotted ``name`` owned by that module (``custody.charged``), a ``version``
that changes whenever a field is removed or changes meaning, and documented fields.
Raisers call ``uow.emit(event)``; the unit of work writes it to the outbox in the
raiser's transaction and dispatches it after commit (:mod:`core.platform.outbox`).

Consumers never import the raiser's class: they receive a :class:`ReceivedEvent` built
from the stored payload (the same object on first delivery and on any retry), so a
module depends on the published contract, not on another module's code.
"""
from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, ClassVar

from core.platform.timeutil import utcnow

#: Every event class by name (filled as modules are imported).
EVENT_TYPES: dict[str, type[Event]] = {}
ENVELOPE = ("name", "version", "id", "at", "actor", "unit")


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every domain event. Subclasses set ``name`` (``module.something_happened``)
    and ``version`` (1 until a field is removed or changes meaning)."""

    name: ClassVar[str] = "event"
    version: ClassVar[int] = 1
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    at: datetime = field(default_factory=utcnow)
    actor: str = "system"
    unit: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        EVENT_TYPES[cls.name] = cls

    def payload(self) -> dict[str, Any]:
        """The event as JSON-ready data (times as ISO 8601 with their offset): what the
        outbox stores, what consumers and legacy systems receive."""
        return {"name": self.name, "version": self.version, **jsonable(asdict(self))}

    @classmethod
    def contract(cls) -> dict[str, Any]:
        """The published contract: name, version, owner, documented fields."""
        own = [f for f in fields(cls) if f.name not in ENVELOPE]
        return {"name": cls.name, "version": cls.version, "owner": cls.name.split(".")[0],
                "doc": (cls.__doc__ or "").strip(), "fields": {f.name: str(f.type) for f in own}}


@dataclass(frozen=True)
class ReceivedEvent:
    """An event as a consumer receives it: the envelope plus the contract's fields.

    Fields read as attributes (``event.person_id``) or from ``data``; times stay ISO
    8601 strings, as the contract publishes them.
    """

    name: str
    version: int
    id: str
    at: str
    actor: str
    unit: str | None
    data: dict[str, Any]

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ReceivedEvent:
        data = {k: v for k, v in payload.items() if k not in ENVELOPE}
        return cls(name=payload["name"], version=int(payload.get("version", 1)), id=payload["id"],
                   at=payload.get("at", ""), actor=payload.get("actor", "system"), unit=payload.get("unit"), data=data)

    def __getattr__(self, item: str) -> Any:
        data = object.__getattribute__(self, "data")
        if item in data:
            return data[item]
        raise AttributeError(f"event {self.name} has no field {item!r}")

    def payload(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "id": self.id, "at": self.at, "actor": self.actor,
                "unit": self.unit, **self.data}


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def published_contracts() -> list[dict[str, Any]]:
    """Every event contract the imported modules publish, by name."""
    return [cls.contract() for name, cls in sorted(EVENT_TYPES.items()) if name != Event.name]
