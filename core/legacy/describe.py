"""What a legacy record says, in one line and one date, for the person view and search.

The adapters know their systems' tables; the timeline only needs *when* a record
happened and *what* it was. An adapter may answer that itself with a ``describe(record)``
method returning ``{"at", "summary"}``; otherwise the record's own columns are read with
the habits the seven systems share (a column named like a date, a few descriptive ones),
so a new adapter shows up sensibly without any extra code.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from core.legacy.protocol import LegacyRecord
from core.platform.timeutil import LONDON

# Columns that say when a record happened, most telling first.
DATE_COLUMNS = ("arrival_time", "reported", "created", "concern_date", "opened", "charge_date", "issued")
DATE_HINT = re.compile(r"(date|time|created|reported|opened|issued)", re.I)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d-%b-%Y", "%d/%m/%Y %H:%M")
# Columns that say what the record is about, in the order they are worth reading.
WHAT_COLUMNS = ("offence", "offences", "category", "warrant_type", "grading", "status", "outcome", "description",
                "court", "suite")
CHILD_WHAT = ("wording", "offence_code")


def parse_when(value: Any) -> datetime | None:
    """A legacy date or time as an aware datetime (legacy systems keep London local time)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=LONDON)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=LONDON)
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=LONDON)
        except ValueError:
            continue
    return None


def _when(row: dict[str, Any]) -> datetime | None:
    names = [c for c in DATE_COLUMNS if c in row] + [c for c in row if DATE_HINT.search(c) and c not in DATE_COLUMNS]
    for name in names:
        if name == "dob" or "dob" in name:
            continue
        when = parse_when(row.get(name))
        if when is not None:
            return when.astimezone(timezone.utc)
    return None


def _what(record: LegacyRecord) -> str:
    parts = [str(record.row[c]).strip() for c in WHAT_COLUMNS if record.row.get(c)]
    for rows in record.children.values():
        for child in rows:
            parts += [str(child[c]).strip() for c in CHILD_WHAT if child.get(c)][:1]
    seen: dict[str, None] = {}
    for part in parts:
        seen.setdefault(part[:120], None)
    return "; ".join(list(seen)[:4])


def describe(adapter: Any, record: LegacyRecord) -> dict[str, Any]:
    """``{"at": aware datetime or None, "summary": str}`` for one legacy record."""
    own = getattr(adapter, "describe", None)
    if callable(own):
        return own(record)
    what = _what(record)
    title = getattr(adapter, "title", record.system) or record.system
    return {"at": _when(record.row), "summary": f"{title} {record.key}" + (f": {what}" if what else "")}


def kind_of(adapter: Any) -> str:
    """A plural, readable name for the adapter's records ("Crime reports", "Custody records")."""
    name = (getattr(adapter, "main_table", "") or "records").replace("_", " ")
    return name[:1].upper() + name[1:]
