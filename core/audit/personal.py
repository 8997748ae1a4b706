"""Personal data an audit entry must show but the law may later require erased.

The chain must never change (every entry's hash covers its content), yet an officer's
search text ("Zebedee Quillfeather 03/02/1971") or a source record's previous contents
are personal data that MoPI disposal must erase. So such a value is not written into the
chained entry: the entry holds ``{"personal": <keyed digest>}`` in its place, and the value
itself goes into ``core_audit_personal`` beside it, with the persons it concerns. The
audit pages and API show the value while it is held; erasing a person blanks the values
about them (or naming them) and the chain still verifies, since it only ever held the
digest. A held value is checked against its digest by ``mips audit verify``.

A caller marks a value with :class:`Personal` in an entry's details.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from core.audit.keys import audit_key
from core.audit.models import AuditPersonal
from core.platform.db import any_of_chunks

PLACEHOLDER = "personal"
#: The key under which :func:`split` leaves an entry's side rows for the appender.
SIDE = "_personal"


@dataclass(frozen=True)
class Personal:
    """A value of an entry's details that is personal data about ``persons`` (ids)."""

    value: Any
    persons: tuple[str, ...] = field(default_factory=tuple)


def digest(value: Any, key: bytes | None = None) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hmac.new(key if key is not None else audit_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def split(details: dict[str, Any] | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The details as chained (each :class:`Personal` replaced by its digest) and the side rows."""
    clean, rows = {}, []
    for name, value in (details or {}).items():
        if isinstance(value, Personal):
            plain = json.loads(json.dumps(value.value, default=str))
            mark = digest(plain)
            clean[name] = {PLACEHOLDER: mark}
            rows.append({"path": name, "value": plain, "digest": mark,
                         "persons": " ".join(sorted({p for p in value.persons if p}))})
        else:
            clean[name] = value
    return clean, rows


def store(conn: Connection, seq: int, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(AuditPersonal.__table__), [row | {"seq": seq} for row in rows])


def held(session: Session, seqs: Iterable[int]) -> dict[int, dict[str, Any]]:
    """``{seq: {path: value}}`` of the values still held (erased ones are absent)."""
    out: dict[int, dict[str, Any]] = {}
    wanted = sorted(set(seqs))
    if not wanted:
        return out
    for seq, path, value in session.execute(select(AuditPersonal.seq, AuditPersonal.path, AuditPersonal.value)
                                            .where(AuditPersonal.seq.in_(wanted), AuditPersonal.erased_at.is_(None))):
        out.setdefault(seq, {})[path] = value
    return out


def is_placeholder(value: Any) -> bool:
    """Whether a value of chained details stands for a personal value held beside the chain."""
    return isinstance(value, dict) and set(value) == {PLACEHOLDER}


def shown(details: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """An entry's details as an auditor sees them: held values back in place, an erased one
    said to be erased."""
    out = dict(details or {})
    for name, value in out.items():
        if is_placeholder(value):
            out[name] = values.get(name, "[erased: personal data disposed of under MoPI]")
    return out


def erase(session: Session, person_ids: list[str], words: Iterable[str], at: Any) -> int:
    """Blank the values about these persons, or naming them (``words``: their names, dates
    of birth, identifiers); the digests stay, so the chain and the index still verify."""
    table = AuditPersonal.__table__
    about = [table.c.persons.contains(pid) for pid in person_ids]
    naming = [cast(table.c.value, String).ilike(f"%{w}%") for w in sorted({w.strip() for w in words}) if len(w.strip()) >= 3]
    done = 0
    for any_of in any_of_chunks(about + naming):
        result = session.execute(update(table).where(table.c.erased_at.is_(None), any_of).values(value=None, erased_at=at))
        done += max(result.rowcount or 0, 0)
    return done


def mismatched(session: Session) -> int | None:
    """The first entry whose held personal value no longer matches its digest, if any."""
    key = audit_key()
    for seq, value, mark in session.execute(select(AuditPersonal.seq, AuditPersonal.value, AuditPersonal.digest)
                                            .where(AuditPersonal.erased_at.is_(None)).order_by(AuditPersonal.seq)):
        if not hmac.compare_digest(digest(value, key), mark):
            return seq
    return None
