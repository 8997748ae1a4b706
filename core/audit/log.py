"""Appending to the audit trail and checking its chain.

The six kinds of processing that the Data Protection Act 2018 s.62 requires a
law-enforcement controller to log each have an action name here. Everything that
changes data writes its entry in the same transaction as the change (no change without
its entry, no entry without its change); a consultation is written in a short unit of its
own before the data leaves, so reads stay reads.
"""
from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.audit import checkpoints, personal
from core.audit.chain import CONTENT_FIELDS, append_many, content_hash, legacy_content_hash, link
from core.audit.keys import audit_key
from core.audit.models import GENESIS_HASH, SUBJECTS, AuditEntry, AuditHead, AuditSubject
from core.platform.timeutil import utcnow

# DPA 2018 s.62(1): collection, alteration, consultation, disclosure (transfers
# included), combination and erasure. The rest are the kernel's own security events.
S62_ACTIONS = ("collection", "alteration", "consultation", "disclosure", "combination", "erasure")
SECURITY_ACTIONS = ("authentication", "authentication_failed", "access_denied")
ACTIONS = S62_ACTIONS + SECURITY_ACTIONS

PURPOSE_HEADER = "X-MiPS-Purpose"


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str = "",
    entity_id: str | int = "",
    module: str = "core",
    justification: str = "",
    recipient: str = "",
    request_id: str = "",
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Append one entry in ``session``'s transaction (the caller commits); return its fields.

    Written with Core statements on the session's connection (see :mod:`core.audit.chain`):
    every audited request pays for this, and the ORM's unit of work would double its cost.
    """
    fields = entry_fields(actor=actor, action=action, entity_type=entity_type, entity_id=entity_id, module=module,
                          justification=justification, recipient=recipient, request_id=request_id, details=details)
    return _link(session.connection(), [fields])[0]


def _link(conn: Any, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Link entries (from :func:`entry_fields`) into the chain on ``conn``, with what goes
    beside each: its personal values (:mod:`core.audit.personal`) and, for an entry naming
    several records (``details["subjects"]``), their rows in the subjects index."""
    sides = [entry.pop(personal.SIDE) for entry in entries]
    rows = append_many(conn, entries)
    for row, side in zip(rows, sides):
        personal.store(conn, row["seq"], side)
    subjects = [{"seq": row["seq"], "entity_type": row["entity_type"], "entity_id": str(entity_id)}
                for row in rows if not row["entity_id"] for entity_id in row["details"].get(SUBJECTS, [])]
    if subjects:
        conn.execute(insert(AuditSubject.__table__), subjects)
    return rows


def entry_fields(*, actor: str, action: str, entity_type: str = "", entity_id: str | int = "", module: str = "core",
                 justification: str = "", recipient: str = "", request_id: str = "",
                 details: dict[str, Any] | None = None) -> dict[str, Any]:
    """What an entry says, checked and made JSON-plain, ready to be linked into the chain;
    its personal values (:class:`core.audit.personal.Personal`) set aside under ``SIDE``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    chained, side = personal.split(details)
    return {
        "at": utcnow(), "actor": actor, "action": action, "entity_type": entity_type, "entity_id": str(entity_id),
        "module": module, "justification": justification or "", "recipient": recipient or "",
        "request_id": request_id or "", "details": json.loads(json.dumps(chained, default=str)), personal.SIDE: side,
    }


# ---------------------------------------------------------------------------
# Request-aware helpers
# ---------------------------------------------------------------------------

#: A justification says something: a few characters, a letter or digit among them ("x" or "." do not).
MIN_PURPOSE = 3


def meaningful_purpose(text: str | None) -> str:
    """``text`` as a justification (trimmed, at most 500 characters), or "" when it says
    nothing a reader of the log could use (DPA 2018 s.62: the justification is logged)."""
    text = (text or "").strip()[:500]
    return text if len(text) >= MIN_PURPOSE and any(ch.isalnum() for ch in text) else ""


def request_purpose() -> str:
    """The justification a caller gave for a read: the X-MiPS-Purpose header or ?purpose=."""
    if not has_request_context():
        return ""
    return meaningful_purpose(request.headers.get(PURPOSE_HEADER) or request.args.get("purpose"))


def _request_fields() -> dict[str, str]:
    if not has_request_context():
        # A CLI command names its actor on g (see core.cli); anything else is the system.
        return {"actor": g.get("actor", "system") if has_app_context() else "system", "request_id": ""}
    principal = getattr(g, "principal", None)
    return {
        "actor": principal.username if principal else "anonymous",
        "request_id": getattr(g, "request_id", ""),
    }


def current_actor() -> str:
    """Who is acting: the signed-in user, the CLI user, or the system."""
    return _request_fields()["actor"]


def record(session: Session, action: str, entity_type: str = "", entity_id: str | int = "", **kw: Any) -> dict[str, Any]:
    """Log a change (or other event) of the current request in its own transaction."""
    fields = _request_fields()
    fields.update({k: v for k, v in kw.items() if k in ("actor", "request_id")})
    kw = {k: v for k, v in kw.items() if k not in ("actor", "request_id")}
    return append(session, action=action, entity_type=entity_type, entity_id=entity_id, **fields, **kw)


def record_many(session: Session, action: str, entity_type: str, entity_ids: list[str], **kw: Any) -> dict[str, Any]:
    """Log one change (or event) that touched many records, e.g. a batch of persons
    collected from a legacy system, in ``session``'s transaction (the caller commits): one
    entry naming them all in its hashed ``details["subjects"]`` and one row each in the
    subjects index, so "what happened to this person" finds it as readily as an entry
    naming the person alone (issue 21: not "517 persons" and no names)."""
    ids = list(dict.fromkeys(str(i) for i in entity_ids))
    details = {**(kw.pop("details", None) or {}), SUBJECTS: ids}
    return record(session, action, entity_type, "", details=details, **kw)  # the index rows: _link


def record_now(action: str, entity_type: str = "", entity_id: str | int = "", **kw: Any) -> dict[str, Any]:
    """Log an event of the current request in a short writing unit of its own, whatever the
    request's session holds: an ``access_denied`` entry is written while the request's
    session has only read (on SQLite a deferred read transaction cannot take the write lock
    under load, so the denial was lost and answered 500: issue 21)."""
    from core.platform.db import database

    fields = _request_fields()
    fields.update({k: v for k, v in kw.items() if k in ("actor", "request_id")})
    kw = {k: v for k, v in kw.items() if k not in ("actor", "request_id")}
    entry = entry_fields(action=action, entity_type=entity_type, entity_id=entity_id, **fields, **kw)
    with database().writer_engine.connect() as conn:
        (row,) = _link(conn, [entry])
        conn.commit()
    return row


def record_consultation(entity_type: str, entity_ids: list[str] | str, *, module: str = "core",
                        justification: str | None = None, details: dict[str, Any] | None = None) -> None:
    """Log that the current user read these records, committed before the data is sent.

    One entry per record read, so "who looked at this person" is a plain filter. The
    justification is the purpose the caller gave unless the caller passes one.
    """
    ids = [entity_ids] if isinstance(entity_ids, str | int) else list(entity_ids)
    record_consultations([(entity_type, ids, details)], module=module, justification=justification)


def record_consultations(groups: list[tuple[str, list[str], dict[str, Any] | None]], *, module: str = "core",
                         justification: str | None = None) -> None:
    """:func:`record_consultation` for several kinds of record read together (a board and
    the persons on it), all written in one unit.

    A read of one record is one entry naming it. A read of several is one entry whose
    details name them all (``subjects``, hashed with the rest of the entry) and one row
    each in the subjects index, so "who looked at this person" finds it as readily.
    """
    purpose = request_purpose() if justification is None else justification
    who = _request_fields()
    entries = []
    for entity_type, ids, details in groups:
        ids = list(dict.fromkeys(str(i) for i in ids))
        if len(ids) == 1:
            entries.append(entry_fields(action="consultation", entity_type=entity_type, entity_id=ids[0],
                                        module=module, justification=purpose, details=details, **who))
        elif ids:
            entries.append(entry_fields(action="consultation", entity_type=entity_type, module=module,
                                        justification=purpose, details={**(details or {}), SUBJECTS: ids}, **who))
    _write_apart(entries)


def record_refusal(entity_type: str, entity_id: str, *, module: str = "core",
                   details: dict[str, Any] | None = None) -> None:
    """Log a refused read (``access_denied``) of the current request, committed apart from
    the request's own transaction, so the refusal stays logged whatever the answer."""
    _write_apart([entry_fields(action="access_denied", entity_type=entity_type, entity_id=entity_id, module=module,
                               justification=request_purpose(), details=details, **_request_fields())])


def _write_apart(entries: list[dict[str, Any]]) -> None:
    """Append entries on a connection of their own and commit them now."""
    from core.platform.db import database

    if not entries:
        return
    db = database()
    # On PostgreSQL an append is one autocommitted statement; SQLite needs a write
    # transaction (BEGIN IMMEDIATE), one for the whole page. A bare connection: a
    # session's bookkeeping would cost more than the entries.
    engine = db.reader_engine if db.dialect == "postgresql" else db.writer_engine
    with engine.connect() as conn:
        _link(conn, entries)
        conn.commit()


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------

@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""
    #: Entries written before the chain was keyed (accepted up to a signed ``legacy_until``).
    legacy: int = 0
    #: Signed checkpoints outside the database that the chain was held against.
    checkpoints: int = 0


def _entries(session: Session) -> Iterator[AuditEntry]:
    yield from session.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000))


def _content_ok(entry: AuditEntry, key: bytes, legacy_until: int) -> str:
    """"keyed", "legacy", or "" when the entry's content does not match its hash."""
    fields = {name: getattr(entry, name) for name in CONTENT_FIELDS}
    if hmac.compare_digest(link(entry.prev_hash, content_hash(fields, key)), entry.hash):
        return "keyed"
    if entry.seq <= legacy_until and link(entry.prev_hash, legacy_content_hash(fields)) == entry.hash:
        return "legacy"
    return ""


class _SubjectsIndex:
    """Holds the subjects index against the entries, a run of entries at a time: every
    record an entry names has its row, and no row names a record its entry does not."""

    RUN = 5000

    def __init__(self, session: Session) -> None:
        self.session, self.first, self.last = session, None, None
        self.expected: set[tuple[int, str, str]] = set()

    def add(self, entry: AuditEntry) -> int | None:
        self.first = entry.seq if self.first is None else self.first
        self.last = entry.seq
        if not entry.entity_id and isinstance(entry.details, dict):
            self.expected.update((entry.seq, entry.entity_type, str(i)) for i in entry.details.get(SUBJECTS, []))
        return self.flush() if self.last - self.first + 1 >= self.RUN else None

    def flush(self) -> int | None:
        if self.first is None:
            return None
        found = {tuple(row) for row in self.session.execute(
            select(AuditSubject.seq, AuditSubject.entity_type, AuditSubject.entity_id)
            .where(AuditSubject.seq.between(self.first, self.last)))}
        wrong = found ^ self.expected
        self.first, self.expected = None, set()
        return min(seq for seq, _, _ in wrong) if wrong else None


def _subjects_broken(checked: int, seq: int, legacy: int) -> VerifyResult:
    return VerifyResult(False, checked, seq, f"the subjects index of entry {seq} does not match the records the "
                                             "entry names (a read hidden from, or added to, the index)", legacy)


def verify(session: Session, *, legacy_ok: bool = False) -> VerifyResult:
    """Recompute the keyed chain from the first entry and hold it against the signed
    checkpoints outside the database; report the first entry that breaks either.

    ``legacy_ok`` accepts unkeyed entries anywhere before the first keyed one (only
    ``mips audit adopt-legacy`` asks for it, to sign such a chain once).
    """
    key = audit_key()
    marks = checkpoints.read(checkpoints.database_identity(session.get_bind().url))
    if marks.forged_lines:
        return VerifyResult(False, 0, None, f"the checkpoint file {checkpoints.checkpoint_path()} was altered "
                                             f"(lines {', '.join(map(str, marks.forged_lines[:5]))} fail their signature)")
    legacy_until = 2 ** 62 if legacy_ok else marks.legacy_until
    expected_seq, prev_hash, checked, legacy = 1, GENESIS_HASH, 0, 0
    subjects = _SubjectsIndex(session)
    for entry in _entries(session):
        if entry.seq != expected_seq:
            what = "missing (deleted)" if entry.seq > expected_seq else "out of order"
            return VerifyResult(False, checked, expected_seq, f"entry {expected_seq} is {what}; found {entry.seq} in its place", legacy)
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, checked, entry.seq, f"entry {entry.seq} does not follow the entry before it (reordered or predecessor removed)", legacy)
        kind = _content_ok(entry, key, legacy_until)
        if not kind:
            hint = (" (or it predates the keyed chain: run 'mips audit adopt-legacy' once)"
                    if checked == 0 and not marks.legacy_until else "")
            return VerifyResult(False, checked, entry.seq, f"entry {entry.seq} was altered: its content no longer matches its keyed hash{hint}", legacy)
        if kind == "legacy":
            legacy += 1
        else:
            legacy_until = min(legacy_until, entry.seq)  # nothing unkeyed may follow a keyed entry
        signed = marks.heads.get(entry.seq)
        if signed is not None and signed != entry.hash:
            return VerifyResult(False, checked, entry.seq, f"entry {entry.seq} differs from the signed checkpoint of it "
                                                           "outside the database: the chain was rewritten from here", legacy)
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
        if bad := subjects.add(entry):
            return _subjects_broken(checked, bad, legacy)
    altered = personal.mismatched(session)
    if altered:
        return VerifyResult(False, checked, altered, f"a personal value held beside entry {altered} no longer matches "
                                                     "the digest its entry chained", legacy)
    bad = subjects.flush() or session.scalar(select(AuditSubject.seq).where(AuditSubject.seq > checked).limit(1))
    if bad:
        return _subjects_broken(checked, bad, legacy)
    if marks.last_seq > checked:
        return VerifyResult(False, checked, checked + 1, f"entries {checked + 1} to {marks.last_seq} are missing: a signed "
                                                         "checkpoint outside the database records them (cut off the end)", legacy)
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return VerifyResult(False, checked, checked + 1, f"entries {checked + 1} to {head.seq} are missing (deleted from the end)", legacy)
    return VerifyResult(True, checked, legacy=legacy, checkpoints=len(marks.heads))
