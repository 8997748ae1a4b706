"""Authorisation with casbin: role-based, per module domain, deny by default.

The casbin model is RBAC with domains. Policy lines (``p``: what a role may do in a
domain) come from the core and from each enabled module's ``mips_policies`` hook; grouping
lines (``g``: which user holds which role in which domain) come from the role-grant table.
Views declare the right they need with :func:`requires`; the request guard checks it, and
refuses any view that declares nothing and is not :func:`public`.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import casbin
from casbin import model as casbin_model

CORE_DOMAIN = "core"
#: How a user is named inside the enforcer, apart from every role (see :meth:`AccessControl.load`).
USER_PREFIX = "user:"

MODEL_TEXT = """
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && keyMatch(r.obj, p.obj) && (r.act == p.act || p.act == "*")
"""

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rule:
    """The right a view needs. ``domain=None`` means the module that owns the view."""

    obj: str
    act: str
    domain: str | None = None


def requires(obj: str, act: str, domain: str | None = None) -> Callable[[F], F]:
    """Declare the right a view method needs (checked by the request guard)."""

    def mark(fn: F) -> F:
        fn._mips_rule = Rule(obj, act, domain)  # type: ignore[attr-defined]
        return fn

    return mark


def public(fn: F) -> F:
    """Declare a view open to callers without a token (sign-in, health, API docs)."""
    fn._mips_public = True  # type: ignore[attr-defined]
    return fn


def parse_policy_line(line: str) -> tuple[str, list[str]]:
    """Split a casbin CSV policy line into its type (``p`` or ``g``) and fields."""
    parts = [part.strip() for part in line.split(",")]
    if len(parts) < 2 or parts[0] not in ("p", "g"):
        raise ValueError(f"not a casbin policy line: {line!r}")
    expected = 5 if parts[0] == "p" else 4
    if len(parts) != expected or not all(parts[1:]):
        raise ValueError(f"casbin {parts[0]} line needs {expected - 1} fields: {line!r}")
    if any(name.startswith(USER_PREFIX) for name in (parts[1:3] if parts[0] == "g" else parts[1:2])):
        raise ValueError(f"a role may not be named like a user ({USER_PREFIX}...): {line!r}")
    return parts[0], parts[1:]


@dataclass
class PolicySet:
    """Policy and role-inheritance lines, plus the roles they name per domain."""

    policies: list[list[str]] = field(default_factory=list)
    inheritance: list[list[str]] = field(default_factory=list)

    def add_lines(self, lines: Iterable[str]) -> None:
        for line in lines:
            kind, fields = parse_policy_line(line)
            (self.policies if kind == "p" else self.inheritance).append(fields)

    def roles(self) -> set[tuple[str, str]]:
        named = {(p[0], p[1]) for p in self.policies}
        named |= {(g[0], g[2]) for g in self.inheritance} | {(g[1], g[2]) for g in self.inheritance}
        return named


class AccessControl:
    """A casbin enforcer rebuilt whenever grants or module enablement change."""

    def __init__(self) -> None:
        self._enforcer = self._new_enforcer(PolicySet(), [])
        self._lock = threading.Lock()
        # Answers are pure functions of the loaded policy, so they are cached until the next load.
        self._answers: dict[tuple[str, str, str, str], bool] = {}

    @staticmethod
    def _new_enforcer(policy: PolicySet, grants: list[list[str]]) -> casbin.Enforcer:
        model = casbin_model.Model()
        model.load_model_from_text(MODEL_TEXT)
        enforcer = casbin.Enforcer(model)
        if policy.policies:
            enforcer.add_policies(policy.policies)
        lines = policy.inheritance + grants
        if lines:
            enforcer.add_named_grouping_policies("g", lines)
        return enforcer

    def load(self, policy: PolicySet, grants: list[tuple[str, str, str]]) -> None:
        """Replace the enforcer (grants are ``(username, role, domain)``).

        casbin keeps users and roles in one namespace: a user named like a role (``vetted``,
        ``officer``) would pass their own grants to everyone holding that role. Users are
        therefore ``user:<name>`` inside the enforcer, a name no role has (issue 21)."""
        enforcer = self._new_enforcer(policy, [[USER_PREFIX + user, role, domain] for user, role, domain in grants])
        with self._lock:
            self._enforcer = enforcer
            self._answers = {}

    def allowed(self, username: str, domain: str, obj: str, act: str) -> bool:
        key = (username, domain, obj, act)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = bool(self._enforcer.enforce(USER_PREFIX + username, domain, obj, act))
        return answer
