"""The plugin contract: every hook a MiPS module or adapter may implement.

This file is the one place hooks are declared. Each spec is an empty, typed function
whose docstring is the contract: when the kernel calls it, with what, and what it must
return. Hooks are always called with keyword arguments. A plugin implements a hook by
defining a function of the same name decorated with :data:`core.hookimpl`.

Hooks of a module that is switched off are not called (the kernel calls them through a
subset caller that leaves disabled modules out), except ``mips_module_info``,
``mips_policies`` (to list the roles a module defines) and ``mips_blueprints`` (blueprints
are mounted once at start; a request guard answers 404 ``module_disabled`` while the
module is off for the caller).
"""
from __future__ import annotations

from typing import Any

import pluggy

from core import PROJECT_NAME

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# ---------------------------------------------------------------------------
# Identity of a module
# ---------------------------------------------------------------------------

@hookspec
def mips_module_info() -> dict[str, Any]:
    """Describe the module.

    Called once when the plugin manager loads the plugin, whether or not the module is
    enabled. Return a dict with keys ``name`` (str, the module's short name, also its
    URL prefix ``/api/v1/<name>/`` and its casbin domain), ``title`` (str, shown to
    users), ``version`` (str), ``retires`` (list of str: the legacy systems this module
    replaces, e.g. ``["NSPIS"]``) and optionally ``roles`` (dict of role name to a one-line
    description) and ``consumes`` (list of the published event names of
    :mod:`core.domain_events` the module takes: while it is on for the raiser's unit, no
    legacy system gets those events pushed). Every module must implement it.
    """


# ---------------------------------------------------------------------------
# HTTP surface
# ---------------------------------------------------------------------------

@hookspec
def mips_blueprints() -> list[Any]:
    """Return the module's flask-smorest ``Blueprint`` objects.

    Called once at application start for every installed module. The kernel mounts each
    blueprint under ``/api/v1/<module name>/`` and adds it to the OpenAPI document. Every
    view must declare the right it needs with :func:`core.access.requires` (or be marked
    :func:`core.access.public`); undeclared views are refused (deny by default).
    """


@hookspec
def mips_web_pages() -> list[Any]:
    """Return the module's pages for the officer web UI as plain Flask blueprints.

    Called once at application start; mounted under ``/<module name>/``. The pages use
    the same services as the REST API so rights, audit and validation are not written
    twice. While the module is off for the user its pages answer 404.
    """


# ---------------------------------------------------------------------------
# Authorisation
# ---------------------------------------------------------------------------

@hookspec
def mips_policies() -> list[str]:
    """Return the module's casbin policy lines, in casbin CSV form.

    ``"p, <role>, <domain>, <object>, <action>"`` grants a role an action on an object
    (``*`` as action means every action; objects are matched with casbin ``keyMatch``),
    and ``"g, <role>, <inherited role>, <domain>"`` makes one role include another (a
    superintendent can do what an inspector can). The domain is the module's name.
    Called whenever the kernel rebuilds its enforcer (at start and after any change of
    module enablement); lines of modules that are off are not loaded. Anything not
    granted is denied.
    """


# ---------------------------------------------------------------------------
# One person, unified search
# ---------------------------------------------------------------------------

@hookspec
def mips_person_profile(person_id: str, user: Any) -> dict[str, Any] | None:
    """Return the module's section of the one-person view, or ``None``.

    Called for every enabled module when a user opens a person. ``user`` is the
    :class:`core.identity.principal.Principal` asking, so the module can leave out what
    that user may not see. Return ``{"module", "title", "items": [...], "timeline":
    [{"at": aware datetime, "summary": str, "ref": str}]}``. The kernel audits the
    consultation; the module must not audit it again.
    """


@hookspec
def mips_search(query: Any, user: Any) -> list[dict[str, Any]]:
    """Return hits from the module's own records for a unified search.

    ``query`` is a :class:`core.search.SearchQuery` (free text and structured fields).
    Return a list of hits ``{"type", "id", "title", "summary", "score" (0..1), "source"}``
    that ``user`` is allowed to see; the kernel merges, ranks, paginates and audits them.
    Called for every enabled module and every live legacy bridge.
    """


# ---------------------------------------------------------------------------
# Domain events and ingest
# ---------------------------------------------------------------------------

@hookspec
def mips_on_event(event: Any) -> None:
    """React to a domain event from another module or the core.

    ``event`` is an instance of a :class:`core.events.Event` subclass. Called for every
    module enabled for the event's unit (every enabled module when the event names no
    unit) after the transaction that raised the event has committed, in a new
    transaction of its own; an exception is logged and does not undo the raiser's work.
    This is how modules talk without importing each other.
    """


@hookspec
def mips_ingest(kind: str, document: dict[str, Any], source: dict[str, Any]) -> Any:
    """Accept a document of a kind the module declares (e.g. ``custody.detention``).

    Called by legacy adapters during migration and bridging, so that they can write into
    a module without importing it. The module validates ``document`` with the same schema
    as its REST API and records ``source`` (``{"system", "key"}``) as provenance. Return
    the id of the record created or updated, or ``None`` when the kind is not the
    module's. Must be idempotent for the same ``source``: a rerun creates nothing twice.
    """


@hookspec
def mips_seed_demo() -> int:
    """Load the module's demo records for ``mips seed`` (the force a newcomer sees).

    Called for every module enabled anywhere, inside the app with the actor ``cli:...``,
    after the demo units, users and people exist. Must be idempotent (a second seed adds
    nothing). Return how many records were added.
    """


# ---------------------------------------------------------------------------
# Retention (MoPI)
# ---------------------------------------------------------------------------

@hookspec
def mips_retention(record: Any) -> dict[str, Any] | None:
    """Return the MoPI review/retention decision for one of the module's records.

    Called by the retention review job for records the module owns. Return ``{"group":
    1|2|3, "review_at": aware datetime, "reason": str}`` or ``None`` when the record is
    not the module's.
    """


# ---------------------------------------------------------------------------
# Legacy adapters
# ---------------------------------------------------------------------------

@hookspec
def mips_legacy_adapters() -> list[Any]:
    """Return the adapter objects an adapter package provides.

    Called once at start. Each object follows :class:`core.legacy.Adapter` (streaming
    extract, transform, live lookup, push, incremental sync) for one legacy system.
    """
