"""Refuse, up front and in one place, input that no field could hold.

Some input breaks the machinery *before* any schema sees it, and then surfaces as a 500
from deep inside the JSON decoder, the driver or the database: JSON nested deeper than
the decoder's recursion limit, an integer of thousands of digits (Python refuses to
convert it), ``NaN``/``Infinity`` (not JSON at all), a lone UTF-16 surrogate (valid JSON
escape, but no UTF-8 encoding exists, so the database write fails), and the NUL
character (PostgreSQL text cannot hold it). Both guards (API and pages) call
:func:`check_request` first, so the answer is a clear 400 whatever the route, public
routes such as ``POST /api/v1/auth/token`` included.
"""
from __future__ import annotations

import json
import math
from typing import Any

from flask import request

from core.http.errors import fail

#: No MiPS document nests deeper than this (a person with names, addresses... is 4 deep).
MAX_DEPTH = 32
#: Integers a database column can hold (signed 64 bits): larger ones are refused here.
INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1


class BadInput(ValueError):
    """Input that cannot be stored or even decoded, with a message for people."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > 19:  # never ask Python to convert thousands of digits
        raise BadInput("a number is too large")
    value = int(text)
    if not INT_MIN <= value <= INT_MAX:
        raise BadInput("a number is too large")
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadInput("a number is too large")
    return value


def _constant(name: str) -> Any:
    raise BadInput(f"{name} is not a JSON value")


def check_text(value: str, where: str) -> None:
    """Refuse text a database cannot store: NUL, or an unpaired surrogate (no UTF-8 for it)."""
    if "\x00" in value:
        raise BadInput(f"{where} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"{where} contains an unpaired surrogate (not valid Unicode)") from None


def _walk(document: Any) -> None:
    """Check every string and key, iteratively (a recursive walk is what deep nesting breaks)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            check_text(value, "a text value")
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise BadInput(f"the document is nested deeper than {MAX_DEPTH} levels")
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, item in items:
                if key is not None:
                    check_text(key, "a field name")
                stack.append((item, depth + 1))


def loads(data: bytes) -> Any:
    """Decode a JSON body strictly; raise :class:`BadInput` for anything a field could not hold."""
    try:
        document = json.loads(data.decode("utf-8"), parse_int=_integer, parse_float=_float,
                              parse_constant=_constant)
    except BadInput:
        raise
    except RecursionError:
        raise BadInput(f"the document is nested deeper than {MAX_DEPTH} levels") from None
    except UnicodeDecodeError:
        raise BadInput("the body is not UTF-8") from None
    except ValueError as exc:
        raise BadInput(f"Invalid JSON: {exc}") from None
    _walk(document)
    return document


def _check_json_body() -> None:
    if not request.is_json:
        return
    data = request.get_data(cache=True)
    if not data:
        return
    try:
        loads(data)
    except BadInput as exc:
        fail(400, "bad_request", f"The request body cannot be accepted: {exc}", {"json": [str(exc)]})


def _check_url_and_form() -> None:
    try:
        check_text(request.path, "the address")
    except BadInput as exc:
        fail(400, "bad_request", f"The request cannot be accepted: {exc}", {"path": [str(exc)]})
    try:
        for name, value in request.args.items(multi=True):
            check_text(name, "a query parameter name")
            check_text(value, f"query parameter {name!r}")
        if request.method == "POST" and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, value in request.form.items(multi=True):
                check_text(value, f"form field {name!r}")
    except BadInput as exc:
        fail(400, "bad_request", f"The request cannot be accepted: {exc}", {"query": [str(exc)]})


def check_request() -> None:
    """Refuse, with a 400, a request whose address, query, form or JSON body holds what no
    field can store (see the module docstring)."""
    _check_url_and_form()
    _check_json_body()
