"""Password hashing with Argon2id (argon2-cffi), the OWASP-recommended algorithm."""
from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's low-memory profile by default. The test suite sets the cheapest profile
# (MIPS_PASSWORD_HASH_PROFILE=cheapest) so that creating fixtures does not take seconds;
# a hash made under one profile still verifies under another, and is re-hashed on sign-in.
_PROFILE = os.environ.get("MIPS_PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY").upper()
_hasher = PasswordHasher.from_parameters(getattr(profiles, _PROFILE))

# Verifying against this when the user does not exist keeps the time of a failed login
# the same whether or not the username is real.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
