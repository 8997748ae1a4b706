"""One error shape for every failure: ``{"code", "message", "errors"}``.

``code`` is a stable machine-readable string (``module_disabled``, ``validation_error``,
``unauthorized``...); ``message`` is for people; ``errors`` holds per-field details.
Raise errors with :func:`fail`; never let a traceback reach the caller.
"""
from __future__ import annotations

import logging
from typing import Any, NoReturn

import marshmallow as ma
from flask import g
from flask_smorest import Api
from flask_smorest import abort as smorest_abort
from werkzeug.exceptions import HTTPException

from core.platform.errors import DomainError

log = logging.getLogger(__name__)

DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    428: "precondition_required",
    429: "too_many_requests",
    500: "internal_error",
}


class ErrorSchema(ma.Schema):
    """The error body of every 4xx and 5xx answer."""

    code = ma.fields.String(metadata={"description": "Machine-readable error code, e.g. module_disabled"})
    message = ma.fields.String(metadata={"description": "What went wrong, for people"})
    errors = ma.fields.Dict(metadata={"description": "Details, e.g. per-field validation messages"})


def fail(status: int, code: str | None = None, message: str | None = None, errors: dict | None = None,
         headers: dict | None = None) -> NoReturn:
    """Stop the request with a JSON error."""
    kwargs: dict[str, Any] = {"code": code or DEFAULT_CODES.get(status, "error")}
    if message:
        kwargs["message"] = message
    if errors:
        kwargs["errors"] = errors
    if headers:
        kwargs["headers"] = headers
    smorest_abort(status, **kwargs)
    raise AssertionError("unreachable")


def error_body(error: HTTPException) -> tuple[dict[str, Any], int, dict[str, str]]:
    data = getattr(error, "data", None) or {}
    status = error.code or 500
    code = data.get("code") or DEFAULT_CODES.get(status, "error")
    errors = data.get("errors") or data.get("messages") or {}
    if status == 422 and code == "validation_error" and "message" not in data:
        message = "The request is not valid: see errors"
    else:
        message = data.get("message") or error.description or error.name
    if status == 400 and errors and "json" in errors and "message" not in data:
        message = "The request body is not valid JSON" if _is_json_syntax(errors) else message
    return {"code": code, "message": message, "errors": errors}, status, data.get("headers") or {}


def _is_json_syntax(errors: dict) -> bool:
    return any("Invalid JSON" in str(m) for m in errors.get("json", []))


class MipsApi(Api):
    """flask-smorest Api with the MiPS error body."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):  # type: ignore[override]
        from core.platform.db import close_session

        close_session()  # a failed request leaves nothing half-written
        body, status, headers = error_body(error)
        if status >= 500:
            original = getattr(error, "original_exception", None)
            log.error("request %s failed", getattr(g, "request_id", "?"), exc_info=original or error)
            body = {"code": "internal_error", "message": f"Something went wrong on our side (request {getattr(g, 'request_id', '')})", "errors": {}}
        return body, status, headers



def handle_domain_error(error: DomainError):
    """A rule a service enforced: the same JSON body, nothing half-written."""
    from core.platform.db import close_session

    close_session()
    return {"code": error.code, "message": error.message, "errors": error.errors}, error.status
