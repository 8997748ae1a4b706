"""Where a user lands after signing in: the first page their roles let them use.

Officers land on search; an auditor has no right to search persons, so sending them there
showed an access-denied page and wrote an ``access_denied`` audit row at every sign-in.
The choice is made with the same casbin check the page guard makes, so a user is never
sent to a page the guard would refuse.
"""
from __future__ import annotations

from flask import g, url_for

from core.platform.current import current_kernel

# (casbin object, action, endpoint) in order of preference
LANDINGS = (
    ("search", "read", "web_search.search"),
    ("audit", "read", "web_audit.audit"),
    ("modules", "update", "web_admin_modules.modules"),
    ("legacy", "read", "web_admin_legacy.legacy"),
    ("grants", "read", "web_admin_users.users"),
)


def landing_for(username: str) -> str:
    """The URL of the first page in :data:`LANDINGS` that ``username`` may use."""
    access = current_kernel().access
    for obj, act, endpoint in LANDINGS:
        if access.allowed(username, "core", obj, act):
            return url_for(endpoint)
    return url_for("web_search.search")  # the guard explains that nothing is granted


def landing() -> str:
    """The landing page of the signed-in user (search for anyone else)."""
    principal = g.get("principal")
    return landing_for(principal.username) if principal else url_for("web_search.search")
