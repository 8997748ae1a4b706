"""The audit key: the secret that makes the chain's links unforgeable, held outside the database.

With a plain hash chain, anyone who can write to the database (a DBA, the app's own role
once the triggers are off, a stolen backup put back) can rewrite an entry and recompute
every hash after it; ``mips audit verify`` then passes. Each entry's content is therefore
MAC'd with HMAC-SHA256 under this key before it is linked, and the key never reaches the
database: neither as a column nor as a statement parameter (PostgreSQL links the MAC, not
the key). Without the key no one can produce a link that verifies.

``MIPS_AUDIT_KEY`` (at least 32 characters) or, failing that, ``var/audit_key``: made
once, 0600, atomically (two workers starting together agree on one key). Keep a copy
with the force's other secrets: without it the chain can no longer be verified.
"""
from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from core.platform.config import var_dir

MIN_KEY_CHARS = 32


class AuditKeyError(RuntimeError):
    """The configured audit key is unusable (too short)."""


def _create_once(path: Path) -> None:
    """Write a fresh key to ``path`` unless one is there; never overwrite, never half-write."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_hex(32).encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # atomic, and fails if another process won the race
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


@lru_cache(maxsize=8)
def _load(configured: str | None, path: str) -> bytes:
    if configured:
        if len(configured) < MIN_KEY_CHARS:
            raise AuditKeyError(f"MIPS_AUDIT_KEY must be at least {MIN_KEY_CHARS} characters")
        return configured.encode("utf-8")
    file = Path(path)
    if not file.exists():
        _create_once(file)
    key = file.read_text().strip()
    if len(key) < MIN_KEY_CHARS:
        raise AuditKeyError(f"{file} holds an audit key shorter than {MIN_KEY_CHARS} characters")
    return key.encode("utf-8")


def audit_key() -> bytes:
    """The key of this installation (read once per process and location)."""
    return _load(os.environ.get("MIPS_AUDIT_KEY") or None, str(var_dir() / "audit_key"))
