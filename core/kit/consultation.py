"""Purpose and consultation: every read of person-level data says why, and is logged.

The Data Protection Act 2018 s.62 requires a log of every consultation with its
justification, time and reader. A module does not call the audit log for reads: it
decorates the view.

- API views: ``@consulted("custody_detention", id_arg="detention_id")`` refuses a read
  without a purpose (400 ``purpose_required``: send ``X-MiPS-Purpose``), runs the view,
  then logs one consultation for the record and one for each person whose data the view
  read through the persons facade, before the answer leaves.
- Web pages: ``@purpose_required("custody_detention", id_arg="detention_id")`` asks the
  officer why (the ``web/purpose.html`` page, one form for every module) when no
  purpose is given, remembers it for this record and the persons it showed (not for
  unrelated records), and logs the same way.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import g, render_template, request

from core.audit.log import meaningful_purpose, record_consultations, request_purpose
from core.http.errors import fail
from core.platform.uow import current_uow

F = TypeVar("F", bound=Callable[..., Any])


def require_purpose() -> str:
    """The purpose the caller gave for this read, or a 400 asking for one."""
    purpose = request_purpose()
    if not purpose:
        fail(400, "purpose_required", "Say why you are looking: send an X-MiPS-Purpose header (e.g. the case reference)")
    g.mips_purpose = purpose
    return purpose


def current_purpose() -> str:
    """The purpose of this request (after :func:`consulted` or :func:`purpose_required`)."""
    return g.get("mips_purpose", "") or request_purpose()


def consult(entity_type: str, entity_ids: Iterable[str] | str, *, module: str, justification: str | None = None,
            persons: Iterable[str] = (), details: dict[str, Any] | None = None) -> None:
    """Log a consultation of records and of the persons they show, now (before the data leaves)."""
    ids = [entity_ids] if isinstance(entity_ids, str) else [i for i in entity_ids if i]
    purpose = current_purpose() if justification is None else justification
    shown = [p for p in persons if p]
    # one entry a record and one a person (each small: the record's entry has the details), in one unit
    record_consultations([(entity_type, ids, details), ("person", shown, {"via": entity_type, "records": ids[:5]})],
                         module=module, justification=purpose)


def _module_of(fn: Callable[..., Any]) -> str:
    parts = fn.__module__.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "plugins" else parts[0]


def _logged(fn: Callable[..., Any], entity_type: str, id_arg: str | None, module: str | None,
            kwargs: dict[str, Any], details: dict[str, Any] | None = None) -> None:
    uow = current_uow()
    uow.release()  # a page that rolled back and re-read must not hold SQLite's write lock while the log is written
    ids = [str(kwargs[id_arg])] if id_arg and kwargs.get(id_arg) else []
    consult(entity_type, ids, module=module or _module_of(fn), persons=list(uow.persons_read), details=details)
    uow.persons_read.clear()


def consulted(entity_type: str, *, id_arg: str | None = None, module: str | None = None) -> Callable[[F], F]:
    """An API view that reads person-level data: purpose required, read logged."""

    def decorate(fn: F) -> F:
        @wraps(fn)
        def view(*args: Any, **kwargs: Any) -> Any:
            require_purpose()
            result = fn(*args, **kwargs)
            _logged(fn, entity_type, id_arg, module, kwargs)
            return result

        return view  # type: ignore[return-value]

    return decorate


LEADS_TO = "mips_leads_to"


def leads_to(record_ids: Iterable[str]) -> None:
    """Say which records a list page links to: the purpose given for the list covers
    opening them (a case worker's "preparing files" carries from their list to each file),
    and nothing else."""
    g.setdefault(LEADS_TO, []).extend(str(i) for i in record_ids)


def purpose_required(entity_type: str, *, id_arg: str | None = None, module: str | None = None,
                     question: str = "Why are you looking at this record?") -> Callable[[F], F]:
    """A web page that shows person-level data: asks why first, then logs the read."""
    from core.web import session as web_session

    def decorate(fn: F) -> F:
        @wraps(fn)
        def page(*args: Any, **kwargs: Any) -> Any:
            given = request.args.get("purpose")
            # a remembered purpose covers only the records the page it was given on led to
            scope = str(kwargs[id_arg]) if id_arg and kwargs.get(id_arg) else request.path
            purpose = meaningful_purpose(given if given is not None else web_session.purpose(scope))
            if not purpose:
                error = "Enter why you are looking at this record, in a few words" if given is not None else None
                return render_template("web/purpose.html", action=request.path, question=question,
                                       error=error), 400 if error else 200
            g.mips_purpose = purpose
            result = fn(*args, **kwargs)
            web_session.remember_purpose(purpose, [scope, *current_uow().persons_read, *g.get(LEADS_TO, [])])
            _logged(fn, entity_type, id_arg, module, kwargs, {"via": "web"})
            return result

        return page  # type: ignore[return-value]

    return decorate
