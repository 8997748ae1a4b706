"""Settings read from the environment, with defaults that make `make run` work offline.

The database is ``MIPS_DATABASE_URL`` (SQLite under ``var/`` by default, PostgreSQL for a
force). The signing key for access tokens is ``MIPS_SECRET_KEY``; without it a random key
is generated once and kept in ``var/secret_key`` so tokens survive a restart.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


def var_dir() -> Path:
    """The folder for the embedded database and local secrets (``MIPS_VAR_DIR`` or ./var)."""
    path = Path(os.environ.get("MIPS_VAR_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    return f"sqlite:///{var_dir() / 'mips.db'}"


def _secret_key() -> str:
    key = os.environ.get("MIPS_SECRET_KEY")
    if key:
        return key
    path = var_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass
class Settings:
    database_url: str = field(default_factory=lambda: os.environ.get("MIPS_DATABASE_URL") or default_database_url())
    secret_key: str = field(default_factory=_secret_key)
    token_ttl_seconds: int = field(default_factory=lambda: int(os.environ.get("MIPS_TOKEN_TTL", "28800")))
    max_body_bytes: int = field(default_factory=lambda: int(os.environ.get("MIPS_MAX_BODY_BYTES", str(1024 * 1024))))
    # Passwords shorter than this are refused when an account is created or changed.
    min_password_length: int = 10
