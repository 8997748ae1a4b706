"""Rights for modules: the view decorators and the one question "may this user do this?".

Views declare the right they need with :func:`requires` (the request guard checks it
before the view runs, deny by default); services and hooks that must decide for
themselves (a section of the person view, a search hit) ask :func:`allowed`.
"""
from __future__ import annotations

from typing import Any

from flask import g

from core.identity.access import public, requires
from core.platform.current import current_kernel


def allowed(user: Any, domain: str, obj: str, act: str) -> bool:
    """Whether ``user`` (a principal, or None for nobody) may ``act`` on ``obj`` in ``domain``."""
    return bool(user) and current_kernel().access.allowed(user.username, domain, obj, act)


def current_user() -> Any:
    """The signed-in principal of this request (username, unit, roles), or None."""
    return getattr(g, "principal", None)


__all__ = ["allowed", "current_user", "public", "requires"]
