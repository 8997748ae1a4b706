"""The MoPI rule file: the force's copy (``MIPS_RETENTION_RULES``) or the default here."""
from __future__ import annotations

import os
from pathlib import Path

from core.platform.rules import Rules, load

DEFAULT = Path(__file__).with_name("mopi.toml")


def rules() -> Rules:
    return load(Path(os.environ.get("MIPS_RETENTION_RULES") or DEFAULT))


def group(number: int) -> dict:
    groups = rules()["groups"]
    if str(number) not in groups:
        raise KeyError(f"MoPI group {number} is not in the rule file")
    return groups[str(number)]
