"""The hash chain: how an entry is hashed and linked to the one before it.

An entry's hash is ``sha256(prev_hash + content_mac)``, where ``content_mac`` is the
HMAC-SHA256, under the audit key (:mod:`core.audit.keys`, held outside the database), of
the canonical JSON of what the entry says (time, actor, action, entity, module,
justification, recipient, request id, details). Altering an entry changes its MAC;
deleting or moving one breaks the link to its neighbour; the head row (last sequence
number and hash) catches entries cut off the end, and the signed checkpoints written
outside the database (:mod:`core.audit.checkpoints`) catch the head moved back with them.
The MAC is never stored: without the key nobody can recompute a link, so an entry cannot
be rewritten, re-attributed, or deleted and the rest renumbered, without detection.

Entries written before the chain was keyed carry ``sha256(canonical JSON)`` instead
(:func:`legacy_content_hash`); they stay verifiable, and the first keyed entry after them
anchors them (its link covers their last hash). A legacy entry *after* a keyed one is a
forgery.

Because the link is a plain hash of two hex strings, PostgreSQL can compute it itself
(``sha256()``), so there an append is one statement that locks the head, links, inserts
and commits in a single round trip: Python sends the MAC, never the key. SQLite has no
sha256, so there Python links and the head's row lock is taken by updating it first;
both produce the same chain.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from sqlalchemy import JSON, bindparam, insert, text, update
from sqlalchemy.engine import Connection

from core.audit.keys import audit_key
from core.audit.models import AuditEntry, AuditHead
from core.platform.timeutil import UTCDateTime

CONTENT_FIELDS = ("at", "actor", "action", "entity_type", "entity_id", "module",
                  "justification", "recipient", "request_id", "details")


def canonical(fields: dict[str, Any]) -> bytes:
    payload = {name: fields[name] for name in CONTENT_FIELDS}
    payload["at"] = payload["at"].isoformat(timespec="microseconds")
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


def content_hash(fields: dict[str, Any], key: bytes | None = None) -> str:
    """The keyed MAC of what an entry says (``key`` defaults to this installation's)."""
    return hmac.new(key if key is not None else audit_key(), canonical(fields), hashlib.sha256).hexdigest()


def legacy_content_hash(fields: dict[str, Any]) -> str:
    """The unkeyed content hash of entries written before the chain was keyed."""
    return hashlib.sha256(canonical(fields)).hexdigest()


def link(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("ascii")).hexdigest()


_LOG = AuditEntry.__table__
_HEAD = AuditHead.__table__
_BUMP_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(seq=_HEAD.c.seq + 1).returning(_HEAD.c.seq, _HEAD.c.hash)
_BUMP_HEAD_BY = (update(_HEAD).where(_HEAD.c.id == 1).values(seq=_HEAD.c.seq + bindparam("n"))
                 .returning(_HEAD.c.seq, _HEAD.c.hash))
_SET_HEAD_HASH = update(_HEAD).where(_HEAD.c.id == 1).values(hash=bindparam("new_hash"))

_PG_APPEND = text("""
    WITH old AS (
        SELECT seq, hash FROM core_audit_head WHERE id = 1 FOR UPDATE
    ), new AS (
        UPDATE core_audit_head AS h
           SET seq = old.seq + 1,
               hash = encode(sha256(convert_to(old.hash || :content_hash, 'UTF8')), 'hex')
          FROM old
         WHERE h.id = 1
     RETURNING h.seq, h.hash, old.hash AS prev_hash
    )
    INSERT INTO core_audit_log (seq, at, actor, action, entity_type, entity_id, module, justification,
                                recipient, request_id, details, prev_hash, hash)
    SELECT new.seq, :at, :actor, :action, :entity_type, :entity_id, :module, :justification,
           :recipient, :request_id, :details, new.prev_hash, new.hash
      FROM new
    RETURNING seq, prev_hash, hash
""").bindparams(bindparam("at", type_=UTCDateTime()), bindparam("details", type_=JSON()))


def append_fields(conn: Connection, fields: dict[str, Any]) -> dict[str, Any]:
    """Link and insert one entry on ``conn``; return the fields with seq, prev_hash and hash."""
    content = content_hash(fields)
    if conn.dialect.name == "postgresql":
        seq, prev_hash, entry_hash = conn.execute(_PG_APPEND, fields | {"content_hash": content}).one()
        return fields | {"seq": seq, "prev_hash": prev_hash, "hash": entry_hash}
    # Updating the head first takes the write lock: concurrent writers queue here.
    seq, prev_hash = conn.execute(_BUMP_HEAD).one()
    row = fields | {"seq": seq, "prev_hash": prev_hash, "hash": link(prev_hash, content)}
    conn.execute(insert(_LOG), row)
    conn.execute(_SET_HEAD_HASH, {"new_hash": row["hash"]})
    return row


def append_many(conn: Connection, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Link and insert several entries, in order, on ``conn`` (one unit of work: a search
    page consulted many persons). The chain is the one :func:`append_fields` would build
    one entry at a time; on SQLite the head is moved once and the rows inserted together."""
    if conn.dialect.name == "postgresql" or len(entries) < 2:
        return [append_fields(conn, fields) for fields in entries]
    key = audit_key()
    contents = [content_hash(fields, key) for fields in entries]
    last_seq, prev_hash = conn.execute(_BUMP_HEAD_BY, {"n": len(entries)}).one()
    rows = []
    for offset, (fields, content) in enumerate(zip(entries, contents)):
        entry_hash = link(prev_hash, content)
        rows.append(fields | {"seq": last_seq - len(entries) + 1 + offset, "prev_hash": prev_hash, "hash": entry_hash})
        prev_hash = entry_hash
    conn.execute(insert(_LOG), rows)
    conn.execute(_SET_HEAD_HASH, {"new_hash": prev_hash})
    return rows
