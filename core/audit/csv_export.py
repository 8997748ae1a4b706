"""The audit trail as CSV for an auditor's spreadsheet, safe to open.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, and audit entries carry text typed by officers (the reason for a
search, a searched name): such a cell is written with a leading apostrophe, which the
spreadsheet shows as plain text (OWASP, "CSV Injection").
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from core.platform.timeutil import to_london

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("seq", "when (UK time)", "user", "user's name", "action", "module", "record type", "record id",
           "record name", "why", "recipient", "request")


def safe_cell(value: Any) -> str:
    """The value as text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows(entries: Iterable[Any], officers: dict[str, str], records: dict[tuple[str, str], str]) -> Iterator[str]:
    """The CSV text, a line at a time (header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield flush()
    for e in entries:
        writer.writerow([safe_cell(v) for v in (
            e.seq, to_london(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor, officers.get(e.actor, ""), e.action,
            e.module, e.entity_type, e.entity_id or " ".join(map(str, (e.details or {}).get("subjects", []))), records.get((e.entity_type, e.entity_id), ""), e.justification,
            e.recipient, e.request_id)])
        yield flush()
