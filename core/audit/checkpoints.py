"""Signed checkpoints of the audit chain's head, written outside the database.

The keyed chain (:mod:`core.audit.chain`) stops anyone without the key from rewriting
entries, but cutting entries off the end and moving the head back to an earlier entry
leaves a shorter chain that still verifies. So the head (sequence number and hash) is
written, signed with the audit key, to a file outside the database: an append-only JSON
lines file, ``MIPS_AUDIT_CHECKPOINTS`` or ``var/audit_checkpoints.jsonl`` (ship it to
write-once storage or a log host for more). ``mips audit verify`` checks that the chain
still holds every checkpointed entry with the same hash.

Checkpoints are written by each worker at most every ``MIPS_AUDIT_CHECKPOINT_SECONDS``
(60 by default) after a request, by ``mips audit checkpoint`` (cron), and by a successful
``mips audit verify``. Only committed heads are read, so a rolled-back append never
leaves a checkpoint the chain cannot meet. Entries newer than the last checkpoint are
protected by the keyed chain against rewriting, not against being cut off.

A line may also carry ``legacy_until``: ``mips audit adopt-legacy`` signs the head of a
chain written before the chain was keyed, and only entries up to there may be unkeyed.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from core.audit.keys import audit_key
from core.platform.config import var_dir

log = logging.getLogger(__name__)


def checkpoint_path() -> Path:
    return Path(os.environ.get("MIPS_AUDIT_CHECKPOINTS") or var_dir() / "audit_checkpoints.jsonl")


def database_identity(url: Any) -> str:
    """Which database a checkpoint is about (the URL without its password)."""
    return make_url(url).render_as_string(hide_password=True)


def _signature(record: dict[str, Any]) -> str:
    body = json.dumps({k: v for k, v in record.items() if k != "sig"}, sort_keys=True, separators=(",", ":"))
    return hmac.new(audit_key(), b"mips-audit-checkpoint\x00" + body.encode("utf-8"), hashlib.sha256).hexdigest()


def write(database: str, seq: int, head_hash: str, *, legacy_until: int | None = None) -> None:
    """Append one signed checkpoint line (one ``write`` on an O_APPEND file: workers never interleave)."""
    record: dict[str, Any] = {"db": database, "seq": seq, "hash": head_hash, "at": int(time.time())}
    if legacy_until is not None:
        record["legacy_until"] = legacy_until
    record["sig"] = _signature(record)
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(record, sort_keys=True) + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class Checkpoints:
    """What the file says about one database."""

    heads: dict[int, str] = field(default_factory=dict)
    legacy_until: int = 0
    forged_lines: list[int] = field(default_factory=list)

    @property
    def last_seq(self) -> int:
        return max(self.heads, default=0)


def read(database: str) -> Checkpoints:
    found = Checkpoints()
    path = checkpoint_path()
    if not path.exists():
        return found
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                record = json.loads(line)
            except ValueError:
                found.forged_lines.append(number)
                continue
            if not isinstance(record, dict) or record.get("db") != database:
                continue
            if not hmac.compare_digest(str(record.get("sig", "")), _signature(record)):
                found.forged_lines.append(number)
                continue
            found.heads[int(record["seq"])] = str(record["hash"])
            found.legacy_until = max(found.legacy_until, int(record.get("legacy_until") or 0))
    return found


def committed_head(engine: Engine) -> tuple[int, str]:
    with engine.connect() as conn:
        seq, head_hash = conn.execute(text("SELECT seq, hash FROM core_audit_head WHERE id = 1")).one()
        conn.rollback()
    return int(seq), str(head_hash)


def checkpoint_now(engine: Engine) -> tuple[int, str]:
    """Sign the committed head of ``engine``'s chain into the file; return it."""
    seq, head_hash = committed_head(engine)
    if seq > 0:
        write(database_identity(engine.url), seq, head_hash)
    return seq, head_hash


_last_written: dict[str, tuple[float, int]] = {}


def _interval() -> float:
    return float(os.environ.get("MIPS_AUDIT_CHECKPOINT_SECONDS", "60"))


def after_request(_exc: BaseException | None = None) -> None:
    """Teardown hook: checkpoint this worker's view of the head at most once per interval."""
    from core.platform.current import current_kernel

    try:
        engine = current_kernel().db.engine
        key = database_identity(engine.url)
        now = time.monotonic()
        last_at, last_seq = _last_written.get(key, (0.0, -1))
        if now - last_at < _interval():
            return
        _last_written[key] = (now, last_seq)
        seq, _ = committed_head(engine)
        if seq > 0 and seq != last_seq:
            checkpoint_now(engine)
            _last_written[key] = (now, seq)
    except Exception:  # a checkpoint must never fail the request it follows
        log.exception("audit checkpoint failed")
