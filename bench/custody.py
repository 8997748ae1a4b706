"""Custody under load: the board of a full suite, and check-log writes from many clients.

    python -m bench.custody [--database-url URL] [--detainees 60] [--board-requests 300]
                            [--writes 4000] [--clients 16] [--workers 4]

1. The board: a suite of ``--detainees`` detainees, each with a realistic record (arrival,
   authorisation, rights, risk assessment, cell, reviews, a check every half hour or
   hour since arrival), read ``--board-requests`` times through the WSGI test client, as
   the other API benchmarks do. Target: p95 < 100 ms.
2. Check-log writes: the app served by gunicorn (``--workers`` processes), ``--clients``
   threads posting checks to the suite's detainees as fast as they can, over real HTTP.
   Target: 200 writes a second on PostgreSQL. Afterwards every 201 answer is matched to
   its entry: none lost, none doubled, each detention's entries numbered 1..n without a
   gap, and each client's checks on a detention in the order that client wrote them.

Without ``--database-url`` a throw-away SQLite file is used.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("MIPS_PASSWORD_HASH_PROFILE", "cheapest")

import requests  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from core.app import create_app  # noqa: E402
from core.platform.config import Settings  # noqa: E402
from core.platform.db import commit, session  # noqa: E402
from core.platform.dbmigrate import upgrade  # noqa: E402
from core.platform.uow import current_uow  # noqa: E402

console = Console()
PASSWORD = "bench-password-123"
SECRET = "bench-secret-key-0123456789abcdef0123456789"
SUITE = "CAM"


def fresh_database(url: str | None) -> str:
    if url is None:
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'custody-bench.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def setup(url: str, detainees: int) -> list[str]:
    """Users, the module on, and a suite of detainees with realistic records."""
    from core.identity.services import create_unit, create_user
    from core.modules import registry
    from plugins.custody import services
    from plugins.custody.services import Actor

    upgrade(url)
    app = create_app(Settings(database_url=url, secret_key=SECRET))
    kernel = app.extensions["mips"]
    ids = []
    with app.app_context():
        create_unit(session(), "Camden")
        for username, roles in (("admin", ["admin"]), ("sergeant", ["custody_officer:custody"]),
                                ("inspector", ["inspector:custody"])):
            create_user(session(), kernel.known_roles(), username=username, password=PASSWORD, unit="Camden", roles=roles)
        registry.enable(session(), kernel.installed, "custody", actor="bench")
        commit()
        kernel.refresh(session(), force=True)
        rng = random.Random(7)
        sgt, insp = Actor("sergeant", "Camden", "custody_officer", "sergeant"), Actor("inspector", "Camden", "inspector", "inspector")
        now = datetime.now(timezone.utc)
        with Progress(console=console) as bar:
            task = bar.add_task(f"booking in {detainees} detainees", total=detainees)
            for i in range(detainees):
                arrival = now - timedelta(minutes=rng.randint(20, 20 * 60))
                person = {"names": [{"given": rng.choice(["John", "Amir", "Grace", "Tom", "Priya"]), "family": f"Bench{i:03d}"}],
                          "dobs": [f"19{rng.randint(60, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]}
                det, _ = services.book_in(current_uow(), sgt, {
                    "suite": SUITE, "person": person, "arrest_at": arrival - timedelta(minutes=40), "arrival_at": arrival,
                    "offences": [{"wording": "Theft from shop", "code": "TH68010", "indictable": rng.random() < 0.3}]})
                services.decide(current_uow(), det, sgt, {"decision": "authorise", "reason": "questioning", "at": arrival})
                services.plain_entry(current_uow(), det, sgt, {"kind": "rights", "at": arrival + timedelta(minutes=2)})
                level, drunk = rng.choice([1, 1, 1, 2, 3]), rng.random() < 0.25
                services.risk_assessment(current_uow(), det, sgt, {"observation_level": level, "intoxicated": drunk,
                                                               "at": arrival + timedelta(minutes=5)})
                services.plain_entry(current_uow(), det, sgt, {"kind": "cell", "data": {"cell": f"C{i + 1}"},
                                                           "at": arrival + timedelta(minutes=6)})
                every = 30 if drunk or level > 1 else 60
                at = arrival + timedelta(minutes=every)
                while at < now:
                    services.log_check(current_uow(), det, sgt, {"at": at})
                    at += timedelta(minutes=every + rng.choice([-5, 0, 0, 10]))
                at = arrival + timedelta(hours=5, minutes=50)
                while at < now:
                    services.review(current_uow(), det, insp, {"at": at})
                    at += timedelta(hours=9)
                commit()
                ids.append(det.id)
                bar.advance(task)
    kernel.db.dispose()
    return ids


def bench_board(url: str, n: int) -> dict:
    app = create_app(Settings(database_url=url, secret_key=SECRET))
    http = app.test_client()
    token = http.post("/api/v1/auth/token", json={"username": "sergeant", "password": PASSWORD}).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    first = http.get(f"/api/v1/custody/suites/{SUITE}/board", headers=headers)
    assert first.status_code == 200, first.json
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = http.get(f"/api/v1/custody/suites/{SUITE}/board", headers=headers)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200
    app.extensions["mips"].db.dispose()
    times.sort()
    return {"detainees": len(first.json["detainees"]), "overdue": first.json["overdue"],
            "p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "max": times[-1]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_writes(url: str, ids: list[str], writes: int, clients: int, workers: int) -> dict:
    port = free_port()
    env = dict(os.environ, MIPS_DATABASE_URL=url, MIPS_SECRET_KEY=SECRET)
    server = subprocess.Popen([str(Path(sys.executable).with_name("mips")), "serve", "--port", str(port), "--workers", str(workers)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        token = requests.post(f"{base}/api/v1/auth/token", json={"username": "sergeant", "password": PASSWORD}).json()["access_token"]
        written: dict[int, list[tuple[str, int]]] = defaultdict(list)  # client -> [(detention, seq)]
        failures: list[str] = []
        per_client = writes // clients

        def client(number: int) -> None:
            rng = random.Random(number)
            with requests.Session() as http:
                http.headers["Authorization"] = f"Bearer {token}"
                for _ in range(per_client):
                    det = rng.choice(ids)
                    r = http.post(f"{base}/api/v1/custody/detentions/{det}/checks", json={"observation": f"client {number}"})
                    if r.status_code == 201:
                        written[number].append((det, r.json()["seq"]))
                    else:
                        failures.append(f"{r.status_code} {r.text[:200]}")

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"elapsed": elapsed, "ok": sum(len(v) for v in written.values()), "failures": failures,
            "rate": sum(len(v) for v in written.values()) / elapsed, **verify(url, ids, written)}


def verify(url: str, ids: list[str], written: dict[int, list[tuple[str, int]]]) -> dict:
    """Every acknowledged check is on the record once, numbering has no gaps, and each
    client's checks on a detention are in the order it wrote them."""
    from plugins.custody.models import CustodyEntry

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(CustodyEntry.detention_id, CustodyEntry.seq, CustodyEntry.kind, CustodyEntry.text)
                            .where(CustodyEntry.detention_id.in_(ids))).all()
        counts = dict(conn.execute(select(CustodyEntry.detention_id, func.count()).where(CustodyEntry.detention_id.in_(ids))
                                   .group_by(CustodyEntry.detention_id)).all())
    engine.dispose()
    on_record = {(r.detention_id, r.seq): r for r in rows}
    acknowledged = [(c, d, s) for c, pairs in written.items() for d, s in pairs]
    lost = [(d, s) for c, d, s in acknowledged if (d, s) not in on_record or on_record[(d, s)].text != f"client {c}"]
    doubled = len(acknowledged) - len({(d, s) for _, d, s in acknowledged})
    gaps = 0
    for det in ids:
        seqs = sorted(s for d, s in on_record if d == det)
        gaps += int(seqs != list(range(1, counts.get(det, 0) + 1)))
    out_of_order = 0
    for pairs in written.values():
        last: dict[str, int] = {}
        for det, seq in pairs:
            out_of_order += int(seq <= last.get(det, 0))
            last[det] = seq
    return {"lost": len(lost), "doubled": doubled, "detentions_with_gaps": gaps, "out_of_order": out_of_order}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--detainees", type=int, default=60)
    parser.add_argument("--board-requests", type=int, default=300)
    parser.add_argument("--writes", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    url = fresh_database(args.database_url)
    backend = url.split(":")[0].split("+")[0]
    ids = setup(url, args.detainees)
    board = bench_board(url, args.board_requests)
    console.print(f"[bold]board[/bold] ({backend}): {board['detainees']} detainees ({board['overdue']} with something overdue), "
                  f"{args.board_requests} requests: p50 {board['p50']:.1f} ms, p95 {board['p95']:.1f} ms, max {board['max']:.1f} ms "
                  f"(target p95 < 100 ms: {'met' if board['p95'] < 100 else 'MISSED'})")
    w = bench_writes(url, ids, args.writes, args.clients, args.workers)
    console.print(f"[bold]check-log writes[/bold] ({backend}, {args.clients} clients, {args.workers} workers): "
                  f"{w['ok']:,} acknowledged in {w['elapsed']:.1f} s = {w['rate']:.0f} writes/s "
                  f"(target 200/s: {'met' if w['rate'] >= 200 else 'MISSED'}); refused {len(w['failures'])}; "
                  f"lost {w['lost']}, doubled {w['doubled']}, detentions with gaps {w['detentions_with_gaps']}, "
                  f"out of order {w['out_of_order']}")
    for failure in w["failures"][:5]:
        console.print(f"  refused: {failure}")


if __name__ == "__main__":
    main()
