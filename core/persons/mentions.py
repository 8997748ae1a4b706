"""Mention keys: how a person's source record names the legacy record it came from.

A bridged person's source records keep the key the adapter gave each mention
(``system:reference#n:role``, see :mod:`core.legacy.protocol`). Reading the reference and
the role back out of a key is the persons layer's business (two persons named in one
legacy record are associates, :mod:`core.persons.person_links`), so it lives here and the
legacy layer above uses it too, rather than persons reaching up into legacy.
"""
from __future__ import annotations

import re

_MENTION = re.compile(r"^(?P<system>[a-z0-9_-]+):(?P<ref>[^#:]+)(?:#\d+)?(?::(?P<role>[a-z_]+))?$")


def parse_mention_key(system: str, key: str) -> tuple[str, str | None] | None:
    """``(reference, role)`` from a mention key of ``system``, or None if it is not one."""
    m = _MENTION.match(key or "")
    if not m or m.group("system") != system:
        return None
    return m.group("ref"), m.group("role")
