"""Errors that services raise for the caller to see: the API turns them into a JSON 4xx,
the CLI into a message and a non-zero exit. Services never build HTTP responses."""
from __future__ import annotations

from typing import NoReturn


class DomainError(Exception):
    status = 422

    def __init__(self, code: str, message: str, errors: dict | None = None, *, status: int | None = None):
        super().__init__(message)
        self.code, self.message, self.errors = code, message, errors or {}
        if status is not None:
            self.status = status


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


def refuse(code: str, message: str, cite: str | None = None, status: int = 422) -> NoReturn:
    """Refuse an act, naming the rule that forbids it (``cite``: the statute or code)."""
    raise DomainError(code, message, {"cite": cite} if cite else None, status=status)
