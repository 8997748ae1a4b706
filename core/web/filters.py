"""Jinja filters of the officer pages: times shown in Europe/London, whatever the server's zone."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask

from core.platform.timeutil import to_london


def london(value: datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """An aware datetime as London wall-clock time (GMT or BST as it was then)."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return str(value)
    return to_london(value).strftime(fmt)


def london_when(value: datetime | None) -> str:
    """Like :func:`london`, but a bare date (legacy systems often keep no time) shows no time."""
    if isinstance(value, datetime):
        local = to_london(value)
        if (local.hour, local.minute, local.second) == (0, 0, 0):
            return local.strftime("%d %b %Y")
    return london(value)


def london_date(value: datetime | None) -> str:
    return london(value, "%d %b %Y")


def dob(value: str | None) -> str:
    """A date of birth as stored (YYYY-MM-DD, YYYY-MM or YYYY) in the British order."""
    if not value:
        return ""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2])).strftime("%d/%m/%Y")
        if len(parts) == 2:
            return f"{parts[1]}/{parts[0]}"
    except ValueError:
        return value
    return value


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """Field errors as the GOV.UK error summary lists them, each linking to its field."""
    return [{"text": text, "href": f"#{name}"} for name, text in (errors or {}).items()]


def install(app: Flask) -> None:
    app.jinja_env.filters.update(london=london, london_when=london_when, london_date=london_date, dob=dob, error_list=error_list)
