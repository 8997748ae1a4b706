"""Errors a module's services raise for the caller to see: the API answers them as a JSON
4xx ``{"code", "message", "errors"}``, pages show the message, the CLI exits non-zero.

:func:`refuse` is the one way to say "the law (or the rule file) does not allow this":
it carries a machine-readable code and the citation of the rule, so the officer sees
which section said no.
"""
from __future__ import annotations

from core.platform.errors import Conflict, DomainError, NotFound, refuse


class Forbidden(DomainError):
    """The caller may not do this (a rule about who acts, not a missing right)."""

    status = 403


__all__ = ["Conflict", "DomainError", "Forbidden", "NotFound", "refuse"]
