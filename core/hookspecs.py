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

from typing import TYPE_CHECKING, Any

import pluggy

from core import PROJECT_NAME

if TYPE_CHECKING:  # types of hook parameters, named without importing them at run time (as pytest does)
    from flask import Blueprint as FlaskBlueprint
    from flask_smorest import Blueprint

    from core.identity.principal import Principal
    from core.legacy.protocol import Adapter
    from core.platform.events import ReceivedEvent
    from core.retention.schedule import Retained
    from core.search.query import SearchQuery

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
    description), ``publishes`` (names of the events the module raises: subclasses of
    :class:`core.kit.Event` in its ``events.py``, their contracts), ``consumes`` (names of
    published events the module takes: while it is on for the raiser's unit, no legacy
    system gets those events pushed) and ``ingests`` (document kinds it takes through
    :func:`mips_ingest`). Every module must implement it.
    """


# ---------------------------------------------------------------------------
# HTTP surface
# ---------------------------------------------------------------------------

@hookspec
def mips_blueprints() -> list[Blueprint]:
    """Return the module's flask-smorest ``Blueprint`` objects.

    Called once at application start for every installed module. The kernel mounts each
    blueprint under ``/api/v1/<module name>/`` and adds it to the OpenAPI document. Every
    view must declare the right it needs with :func:`core.kit.requires` (or be marked
    :func:`core.kit.public`); undeclared views are refused (deny by default).
    """


@hookspec
def mips_web_pages() -> list[FlaskBlueprint]:
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
def mips_person_profile(person_id: str, user: Principal) -> dict[str, Any] | None:
    """Return the module's section of the one-person view, or ``None``.

    Called for every enabled module when a user opens a person. ``user`` is the
    :class:`core.identity.principal.Principal` asking, so the module can leave out what
    that user may not see. Return ``{"module", "title", "items": [...], "timeline":
    [{"at": aware datetime, "summary": str, "ref": str}]}``, and optionally ``"warnings":
    [{"text", "ref", "url"}]`` for what every officer who opens the person must see first
    (an outstanding warrant): shown with the warning markers. The kernel audits the
    consultation; the module must not audit it again.
    """


@hookspec
def mips_search(query: SearchQuery, user: Principal) -> list[dict[str, Any]]:
    """Return hits from the module's own records for a unified search.

    ``query`` is a :class:`core.search.query.SearchQuery` (free text and structured fields).
    Return a list of hits ``{"type", "id", "title", "summary", "score" (0..1), "source"}``
    that ``user`` is allowed to see; the kernel merges, ranks, paginates and audits them.
    Called for every enabled module and every live legacy bridge.
    """


# ---------------------------------------------------------------------------
# Domain events and ingest
# ---------------------------------------------------------------------------

@hookspec
def mips_on_event(event: ReceivedEvent) -> None:
    """React to a domain event from another module or the core.

    ``event`` is a :class:`core.kit.ReceivedEvent` (name, version, id, envelope, and the
    fields of the raiser's published contract). Called through the transactional outbox
    for every module enabled for the event's unit (every enabled module when the event
    names no unit) after the transaction that raised the event has committed, in a
    transaction of its own that also records the module's receipt of the event; an
    exception is logged, leaves the event pending for ``mips events deliver`` and does not
    undo the raiser's work. Delivery is at least once; the receipt makes the effect once.
    This is how modules talk without importing each other.
    """


@hookspec(firstresult=True)
def mips_ingest(kind: str, document: dict[str, Any], source: dict[str, Any]) -> str | None:
    """Accept a document of a kind the module declares (e.g. ``custody.detention``).

    Called by the kernel's legacy migration for the one enabled module that declares
    ``kind`` under ``ingests`` in :func:`mips_module_info`, so that adapters write into a
    module without importing it. The module validates ``document`` with the same schema
    as its REST API (:func:`core.kit.ingest.validate`) and records ``source`` (``{"system",
    "key"}``) as provenance. Return the id of the record created or found, or ``None``
    when the kind is not the module's. Must be idempotent for the same ``source``: a
    rerun creates nothing twice.
    """


# ---------------------------------------------------------------------------
# Information management (MoPI retention and erasure)
# ---------------------------------------------------------------------------

@hookspec
def mips_retention(uow: Any, person_ids: list[str]) -> list[Retained]:
    """Declare the module's records about these persons for MoPI review (read them in
    ``uow``'s transaction).

    Called for every installed module (switched on or not: what it holds is reviewed
    all the same) when the kernel recomputes review dates. Return one
    :class:`core.kit.Retained` per record: its type and id, the person, its MoPI group
    (1, 2 or 3), the contact it stands for (its date starts or restarts the clear period),
    the owning unit, and ``live=True`` with ``why`` while it must not be disposed of (a
    live case, a legal hold).
    """


@hookspec
def mips_erase(uow: Any, person_ids: list[str]) -> dict[str, int]:
    """Erase everything the module holds about these persons (one person and the
    identities merged into them), in ``uow``'s transaction. Called for every installed
    module by the kernel's disposal run, once a reviewer's decision to dispose of the
    person under MoPI has cooled off; the kernel audits it and keeps the tombstone.

    Delete the records about them, or overwrite the personal fields of records shared
    with others; rows of an append-only journal only inside
    ``core.kit.erasure_permit(uow, table)``. Raise to stop the erasure (nothing is
    erased). Return how many rows of each kind went (``{"custody.detention": 2}``): the
    tombstone keeps the counts, never the data.
    """


@hookspec
def mips_subject_access(uow: Any, person_ids: list[str]) -> dict[str, Any]:
    """What the module holds about these persons, for a subject access request (DPA 2018
    s.45). Called for every installed module by the kernel's export, in ``uow``'s
    transaction. Return ``{"module": name, "records": [...], "exempt": [...]}``: records as
    plain JSON (times in ISO 8601), and for each item withheld under an exemption
    ``{"record": ..., "reason": ..., "cite": ...}``, so nothing is dropped silently.
    """


@hookspec
def mips_seed_demo() -> int:
    """Load the module's demo records for ``mips seed`` (the force a newcomer sees).

    Called for every module enabled anywhere, inside the app with the actor ``cli:...``,
    after the demo units, users and people exist. Must be idempotent (a second seed adds
    nothing). Return how many records were added.
    """


# ---------------------------------------------------------------------------
# Legacy adapters
# ---------------------------------------------------------------------------

@hookspec
def mips_legacy_adapters() -> list[Adapter]:
    """Return the adapter objects an adapter package provides.

    Called once at start. Each object follows :class:`core.legacy.protocol.Adapter` (streaming
    extract, transform, live lookup, push, incremental sync) for one legacy system.
    """
