"""Settings read from the environment, with defaults that make `make run` work offline.

The database is ``MIPS_DATABASE_URL`` (SQLite under ``var/`` by default, PostgreSQL for a
force). The signing key for access tokens is ``MIPS_SECRET_KEY``; without it a random key
is generated once and kept in ``var/secret_key`` so tokens survive a restart.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


def var_dir() -> Path:
    """The folder for the embedded database and local secrets (``MIPS_VAR_DIR`` or ./var).
    Asked on every audited write (the audit key lives there): made once per location."""
    return _made(os.environ.get("MIPS_VAR_DIR", "var"), os.getcwd())


@lru_cache(maxsize=16)
def _made(configured: str, cwd: str) -> Path:
    path = (Path(cwd) / configured).resolve()
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


#: Shorter signing keys are refused: HS256 needs at least 256 bits (RFC 7518 s.3.2).
MIN_SECRET_KEY_BYTES = 32


class ConfigError(ValueError):
    """A setting that would make the service unsafe: MiPS refuses to start."""


@dataclass
class Settings:
    database_url: str = field(default_factory=lambda: os.environ.get("MIPS_DATABASE_URL") or default_database_url())
    secret_key: str = field(default_factory=_secret_key)
    token_ttl_seconds: int = field(default_factory=lambda: int(os.environ.get("MIPS_TOKEN_TTL", "28800")))
    max_body_bytes: int = field(default_factory=lambda: int(os.environ.get("MIPS_MAX_BODY_BYTES", str(1024 * 1024))))
    # Passwords shorter than this are refused when an account is created or changed.
    min_password_length: int = 10
    #: ``development`` (plain http on a laptop: ``make run``) or ``production`` (the default).
    environment: str = field(default_factory=lambda: os.environ.get("MIPS_ENV", "production"))

    def __post_init__(self) -> None:
        if len(self.secret_key.encode("utf-8")) < MIN_SECRET_KEY_BYTES:
            raise ConfigError(f"MIPS_SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes "
                              "(unset it to have one generated in var/secret_key)")

    @property
    def secure_cookies(self) -> bool:
        """Session cookies are ``Secure`` outside development; ``MIPS_SECURE_COOKIES=0`` is
        the explicit way to turn that off (a TLS proxy that speaks http to MiPS is not one)."""
        override = os.environ.get("MIPS_SECURE_COOKIES")
        if override in ("0", "1"):
            return override == "1"
        return self.environment != "development"
