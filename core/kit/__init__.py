"""The module kit: the one public API of the MiPS kernel for business modules.

A module (``plugins/<name>``) imports ``core.kit`` and nothing else of ``core``; an
import-linter contract in the test suite fails the build otherwise. Everything a module
needs is here, each with an example in ``docs/writing-a-module.md``:

Plugging in
    :data:`hookimpl` (implement a hook of :mod:`core.hookspecs`).
Rights
    :func:`requires` / :func:`public` on views, :func:`allowed` in code, :func:`current_user`.
Audit of changes
    :mod:`audit <core.kit.audit>`: ``collection``, ``alteration``, ``disclosure`` in the unit's transaction.
Errors
    :class:`DomainError`, :class:`NotFound`, :class:`Conflict`, :class:`Forbidden`;
    :func:`refuse` (code, message, citation of the rule).
Unit of work
    :class:`UnitOfWork` passed to services (``uow.session``, ``uow.emit(event)``), and
    :func:`current_uow` for the resource layer, which alone calls ``uow.commit()``.
Persons
    :mod:`persons <core.kit.persons>`: ``resolve_or_create``, ``require``, ``summaries``,
    ``visible``, ``markers``, ``party``, ``details``, ``of_mention``; the restriction rule
    applied once, "not visible" worded as "does not exist".
Journals
    :class:`JournalEntryMixin`, :class:`Journal`, :class:`Author`, :func:`append_only_ddl`.
Reference numbers
    :func:`next_number` (gap-free, per scope and period).
Printing
    :class:`Printer` (HTML + PDF from one template), :func:`london`.
Purpose and consultation
    :func:`consulted` (API views), :func:`purpose_required` (pages), :func:`consult`,
    :func:`require_purpose`, :func:`current_purpose`.
Rules as cited data
    :func:`load_rules` (:class:`Rules`, refusing any value without a citation).
Events
    :class:`Event` (published, versioned contracts owned by the raiser),
    :class:`ReceivedEvent` (what a consumer gets), :func:`published_contracts`.
Live pages
    :mod:`push <core.platform.push>`: ``push.channel(prefix, domain=, obj=)`` declares who may listen,
    ``push.publish(uow, channel, payload)`` tells the page (``data-mips-push`` + ``web/push.js``).
Ingest
    :mod:`ingest <core.kit.ingest>`: ``validate``, ``already_taken``, ``person_of_mention``.
Boards, lists and search
    :func:`overdue_first`, :class:`SelectPage` (paging a ``select()``),
    :func:`consulted_page` (the same, logging the rows returned as consulted), :func:`reference_tokens`
    (the module's reference numbers typed into the one search box).
Data and time
    :class:`Base`, :func:`new_id`, :class:`UTCDateTime`, :func:`utcnow`, :func:`to_london`, :data:`LONDON`.
"""
from __future__ import annotations

from core import hookimpl
from core.http.pagination import SelectPage, consulted_page
from core.kit import audit, ingest, persons
from core.kit.access import allowed, current_user, public, requires
from core.kit.board import overdue_first
from core.kit.consultation import consult, consulted, current_purpose, leads_to, purpose_required, require_purpose
from core.kit.errors import Conflict, DomainError, Forbidden, NotFound, refuse
from core.kit.printing import Printer, london
from core.kit.search import reference_tokens
from core.persons.models import new_id
from core.platform.counters import next_number
from core.platform.db import Base
from core.platform.events import Event, ReceivedEvent, published_contracts
from core.platform import push
from core.platform.journal import Author, Journal, JournalEntryMixin, append_only_ddl, erasure_permit
from core.platform.rules import Rules, UncitedRule
from core.platform.rules import load as load_rules
from core.platform.timeutil import LONDON, UTCDateTime, to_london, utcnow
from core.platform.uow import UnitOfWork, current_uow
from core.retention.schedule import Retained

__all__ = [
    "LONDON", "Author", "Base", "Conflict", "DomainError", "Event", "Forbidden", "Journal", "JournalEntryMixin",
    "NotFound", "Printer", "ReceivedEvent", "Retained", "Rules", "SelectPage", "consulted_page", "leads_to", "UTCDateTime", "UncitedRule",
    "UnitOfWork", "allowed", "append_only_ddl", "consult", "erasure_permit", "consulted", "current_purpose", "current_uow",
    "current_user",
    "audit", "hookimpl", "ingest", "load_rules", "london", "new_id", "next_number", "overdue_first", "persons",
    "public", "published_contracts", "push", "purpose_required", "reference_tokens", "refuse", "require_purpose", "requires", "to_london",
    "utcnow",
]
