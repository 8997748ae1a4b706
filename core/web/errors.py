"""Error pages for people: the API keeps its JSON bodies, pages get a GOV.UK error page.

flask-smorest registers one handler for every HTTP error, app-wide, answering JSON. The
web layer wraps it: a request under ``/api/`` still gets exactly that JSON; any other
gets a page that says plainly what went wrong and what to do next (sign in, check the
address, ask for the right, the module is off). A failed request leaves nothing half-written.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException

from core.platform.errors import DomainError

log = logging.getLogger(__name__)

TITLES = {
    400: "There is a problem with what you sent",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That cannot be done here",
    409: "That cannot be done now",
    413: "What you sent is too large",
    422: "There is a problem",
    500: "Sorry, there is a problem with the service",
}


def is_api() -> bool:
    return request.path.startswith("/api/")


def render_error(status: int, message: str, code: str = "") -> tuple[str, int]:
    from core.platform.db import close_session

    close_session()
    module_off = g.pop("module_off", None)
    title = f"The {module_off} module is off" if module_off else TITLES.get(status, TITLES[500] if status >= 500 else "There is a problem")
    return render_template("web/error.html", status=status, title=title, message=message, code=code,
                           module_off=module_off), status


def install(app: Flask, api: Any, domain_handler: Any) -> None:
    def on_http_error(error: HTTPException):
        if is_api():
            return api.handle_http_exception(error)
        status = error.code or 500
        if status >= 500:
            log.error("page %s failed", request.path, exc_info=getattr(error, "original_exception", None) or error)
            return render_error(status, "Try again later. If it keeps happening, tell the service desk.")
        return render_error(status, error.description or TITLES.get(status, ""))

    def on_domain_error(error: DomainError):
        if is_api():
            return domain_handler(error)
        return render_error(error.status, error.message, error.code)

    app.register_error_handler(HTTPException, on_http_error)
    app.register_error_handler(DomainError, on_domain_error)
