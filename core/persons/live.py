"""The person page's live channel (``persons.<id>``): told when something an officer at the
door must know is added to the person (a warning marker, whoever raised it), so a page
already open shows it without a reload by hand (server push, :mod:`core.platform.push`).
Anyone who may read persons may listen; the message carries no personal data, only
that the person changed and what kind of thing was added."""
from __future__ import annotations

from typing import Any

from core.platform import push

CHANNEL = push.channel("persons", domain="core", obj="persons", act="read")


def name(person_id: str) -> str:
    return f"persons.{person_id}"


def announce(session: Any, person_id: str, kind: str) -> None:
    """Tell the person's open pages, when the caller's transaction commits."""
    push.publish(session, name(person_id), {"kind": kind})
