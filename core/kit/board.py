"""Boards and work lists: what is overdue first, then what is due soonest.

A custody board, a list of actions, a victim-update list and a safeguarding queue are the
same pattern: rows with a "something is overdue" flag and a next deadline, read every
few seconds by someone who must act on the top row. :func:`overdue_first` orders them
the one way (overdue, then soonest deadline, then a stable tie-break, never a random
id); the view logs one consultation per read naming every record shown
(:func:`core.kit.consult`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

T = TypeVar("T")
FAR = datetime.max.replace(tzinfo=None)


def overdue_first(rows: Iterable[T], *, overdue: Callable[[T], Any], soonest: Callable[[T], datetime | None],
                  tie: Callable[[T], Any] = lambda row: "") -> list[T]:
    """Rows with anything overdue first, then by the soonest deadline, then by ``tie``."""
    def key(row: T) -> tuple:
        when = soonest(row)
        return (not overdue(row), when is None, when.timestamp() if when else 0.0, tie(row))

    return sorted(rows, key=key)
