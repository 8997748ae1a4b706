"""MoPI retention at scale: review dates for a population, then erasure of many persons.

    python -m bench.retention [--persons 1000000] [--erase 10000] [--database-url URL]

1. Loads ``--persons`` synthetic persons (research.synthetic) through the bulk loader and
   times ``refresh_all`` (every person's records gathered from the kernel and every
   installed module, the schedule computed and written). Target: 1,000,000 persons in
   under 5 minutes (issue 18).
2. Marks ``--erase`` of them for disposal (decisions written directly, cooled off) and
   times the disposal run (one person a transaction, every module asked, every kernel
   table, a tombstone and an audit entry each). Target: 10,000 persons in under
   2 minutes on PostgreSQL.
3. Checks afterwards: the audit chain verifies, a sample of erased persons' names is
   found by no search and the derived rows are gone.

Without ``--database-url`` a throw-away SQLite file is used; with it, the database is
emptied first.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MIPS_PASSWORD_HASH_PROFILE", "cheapest")
# This run's own signed audit checkpoints: an earlier run on the same (emptied) database
# would otherwise be held against this one's chain.
os.environ.setdefault("MIPS_AUDIT_CHECKPOINTS", str(Path(tempfile.mkdtemp()) / "audit_checkpoints.jsonl"))

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from sqlalchemy import create_engine, func, insert, select, text, update  # noqa: E402

from core.app import create_app  # noqa: E402
from core.audit.log import verify  # noqa: E402
from core.persons import bulk  # noqa: E402
from core.persons.models import Person, PersonName, new_id  # noqa: E402
from core.platform.config import Settings  # noqa: E402
from core.platform.db import session  # noqa: E402
from core.platform.dbmigrate import upgrade  # noqa: E402
from core.platform.timeutil import utcnow  # noqa: E402
from core.retention import erasure, service  # noqa: E402
from core.retention.models import DISPOSAL_PENDING, RetentionDecision, RetentionSchedule  # noqa: E402
from research.synthetic import persons as synthetic_persons  # noqa: E402

console = Console()


def fresh(url: str | None) -> str:
    if url is None:
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'retention.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def load(app, n: int) -> None:
    def people():
        for i, data in enumerate(synthetic_persons(n, 11)):
            yield new_id(), [("bench", f"p{i}", data)]

    with app.app_context(), Progress(console=console) as bar:
        task = bar.add_task(f"loading {n:,} persons", total=n)
        bulk.load(session(), people(), batch_size=5000, progress=lambda k: bar.advance(task, k))


def review_dates(app, n: int) -> float:
    with app.test_request_context("/"), Progress(console=console) as bar:
        task = bar.add_task(f"computing review dates of {n:,} persons", total=n)
        start = time.perf_counter()
        done = service.refresh_all(session(), batch=2000, progress=lambda k: bar.advance(task, k))
        took = time.perf_counter() - start
        assert done == n, (done, n)
        scheduled = session().scalar(select(func.count()).select_from(RetentionSchedule))
        assert scheduled == n, scheduled
    return took


def mark_for_disposal(app, k: int) -> list[tuple[str, str]]:
    """``k`` persons with a cooled-off disposal decision; returns (id, family name) of a sample."""
    with app.app_context():
        ids = list(session().scalars(select(Person.id).order_by(Person.id).limit(k)))
        now = utcnow()  # decided after the last contact, cooling-off taken as over
        for start in range(0, len(ids), 5000):
            part = ids[start:start + 5000]
            session().execute(insert(RetentionDecision.__table__), [
                {"person_id": pid, "decision": "dispose", "reason": "bench: no policing purpose remains", "group": 3,
                 "decided_by": "bench", "decided_at": now, "execute_after": now,
                 "state": "pending", "closed_by": ""} for pid in part])
            session().execute(update(RetentionSchedule).where(RetentionSchedule.person_id.in_(part))
                              .values(state=DISPOSAL_PENDING))
        sample = list(session().execute(select(PersonName.person_id, PersonName.family)
                                        .where(PersonName.person_id.in_(ids[::max(1, k // 50)]))))
        session().commit()
    return sample


def erase(app, k: int) -> float:
    with app.test_request_context("/"), Progress(console=console) as bar:
        task = bar.add_task(f"erasing {k:,} persons", total=k)
        start = time.perf_counter()
        outcome = erasure.run(app.extensions["mips"].db.writer_sessionmaker, "bench",
                              progress=lambda n, _result: bar.advance(task, n))
        took = time.perf_counter() - start
    assert outcome.get("erased") == k, outcome
    return took


def check(app, sample: list[tuple[str, str]]) -> dict:
    with app.app_context():
        result = verify(session())
        gone = session().scalar(select(func.count()).select_from(PersonName).where(
            PersonName.person_id.in_([pid for pid, _ in sample])))
    return {"audit_ok": result.ok, "audit_reason": result.reason, "derived_rows_left": gone}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--erase", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = fresh(args.database_url)
    upgrade(url)
    app = create_app(Settings(database_url=url, secret_key="bench-secret-0123456789abcdef0123456789"))
    backend = url.split(":")[0].split("+")[0]
    load(app, args.persons)
    took = review_dates(app, args.persons)
    per_million = took * 1_000_000 / args.persons
    console.print(f"[bold]review dates[/bold] ({backend}): {args.persons:,} persons in {took:.1f} s "
                  f"({args.persons / took:,.0f} persons/s; 1,000,000 would take {per_million / 60:.1f} min; "
                  f"target < 5 min: {'met' if per_million < 300 else 'MISSED'})")
    sample = mark_for_disposal(app, args.erase)
    took = erase(app, args.erase)
    per_10k = took * 10_000 / args.erase
    console.print(f"[bold]erasure[/bold] ({backend}): {args.erase:,} persons in {took:.1f} s "
                  f"({args.erase / took:,.0f} persons/s; 10,000 would take {per_10k / 60:.1f} min; "
                  f"target < 2 min: {'met' if per_10k < 120 else 'MISSED'})")
    console.print(f"afterwards: {check(app, sample)}")


if __name__ == "__main__":
    main()
