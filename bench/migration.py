"""Migrating a simulated force: time, memory, and person clusters against the truth, with
a plain Splink model on the same mentions in the same run.

    python -m bench.migration [--persons 300000] [--database-url URL] [--bridge-first]
                              [--kill-after SECONDS] [--activity ROWS] [--skip-plain]

Steps, each a `mips` command in a child process: simulate the seven systems, then migrate
all seven into an empty database (`mips legacy migrate --all`: one read of each system,
every mention resolved into persons, every record taken with its report). With
``--bridge-first``, `mips legacy bridge` runs before the migration, as when a force
bridged its live systems first, and both are timed. Memory is the peak of the sum of the
resident sizes of the command's processes (its worker processes included), sampled
every 0.2 s. Then `mips legacy mentions` is scored against `truth.csv`, and plain Splink
resolves the same mentions. The recall ceiling (:mod:`bench.recall_ceiling`) says how much
of the recall left out rests on records that share nothing but a name with their person.
With ``--kill-after``, a first `mips legacy migrate --all` is
killed (with its workers) that long after it starts, and the timed run is the rerun that
resumes it; its clusters are scored the same way. With ``--activity``, the systems stay in
use after the migration (`mips legacy simulate-activity --rows ROWS`: new records and
edited ones) and the catch-up (`mips legacy migrate --all` again, which takes what was
added and changed since) is timed and scored against the updated truth.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
from rich.console import Console

from bench import plain_splink
from bench.linkage_metrics import scores
from bench.recall_ceiling import ceiling

console = Console()
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as handle:
                rss[int(entry)] = int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError):
            continue
        parents[int(entry)] = int(fields[1])
    total = 0
    for pid, size in rss.items():
        p = pid
        while p and p != root:
            p = parents.get(p, 0)
        if p == root:
            total += size
    return total


def _run(args: list[str], env: dict, kill_after: float | None = None) -> tuple[float, float, str]:
    """(seconds, peak GiB of the process tree, stdout) of a mips command; with
    ``kill_after``, the command and its workers are killed (SIGKILL) after that long."""
    start = time.perf_counter()
    mips = [sys.executable, "-c", "from core.cli import main; main()"]  # the mips command of this checkout
    proc = subprocess.Popen(mips + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    if kill_after is not None:
        threading.Timer(kill_after, lambda: os.killpg(proc.pid, signal.SIGKILL)).start()
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    if proc.returncode and kill_after is None:
        raise SystemExit(f"mips {' '.join(args)} failed:\n{err[-3000:]}")
    return time.perf_counter() - start, peak[0] / 2**30, out


def _read(path: Path, column: str) -> dict[str, str]:
    with path.open() as handle:
        return {row["mention_key"]: row[column] for row in csv.DictReader(handle)}


def _count(env: dict, sql: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(env["MIPS_DATABASE_URL"])
    with engine.connect() as conn:
        count = conn.scalar(text(sql))
    engine.dispose()
    return count


def _load() -> str:
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def _catch_up(rows: int, legacy: Path, tmp: Path, env: dict) -> dict[str, str]:
    """The systems stay in use after their migration; the catch-up takes what changed.
    Returns the updated truth."""
    _, _, out = _run(["legacy", "simulate-activity", str(legacy), "--rows", str(rows)], env)
    console.print(out.strip().splitlines()[-1] if out.strip() else "activity simulated")
    load = _load()
    t_catch, m_catch, _ = _run(["legacy", "migrate", "--all"], env)
    changed = _count(env, "SELECT count(*) FROM core_legacy_records WHERE updated_at IS NOT NULL")
    console.print(f"catch-up migrate --all {t_catch:.1f} s, peak {m_catch:.2f} GiB (load average before: {load}); "
                  f"records changed since taken: {changed:,}")
    return _score("after the catch-up", legacy, tmp, env)


def _score(label: str, legacy: Path, tmp: Path, env: dict) -> dict[str, str]:
    """Score the persons MiPS holds against ``truth.csv``; returns the truth."""
    _run(["legacy", "mentions", str(tmp / "mentions.csv")], env)
    truth = _read(legacy / "truth.csv", "true_person")
    mips = _read(tmp / "mentions.csv", "person_id")
    s = scores(mips, truth)
    console.print(f"{label}: precision {s['precision']:.4f}, recall {s['recall']:.4f}, F1 {s['f1']:.4f}; "
                  f"mentions accounted for: {len(mips):,} of {len(truth):,}")
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--bridge-first", action="store_true", help="run `mips legacy bridge` before migrating")
    parser.add_argument("--work-dir", type=Path, default=None, help="where the simulated force and SQLite go")
    parser.add_argument("--kill-after", type=float, default=None, metavar="SECONDS",
                        help="kill the migration this long after it starts, then time the rerun that resumes it")
    parser.add_argument("--activity", type=int, default=None, metavar="ROWS",
                        help="after migrating, add about ROWS new mentions and edits, then time the catch-up")
    parser.add_argument("--skip-plain", action="store_true", help="do not run plain Splink")
    args = parser.parse_args()
    if args.work_dir is not None:
        args.work_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=args.work_dir))
    legacy = tmp / "legacy"
    env = dict(os.environ, MIPS_VAR_DIR=str(tmp / "var"), MIPS_LEGACY_DIR=str(legacy),
               MIPS_DATABASE_URL=args.database_url or f"sqlite:///{tmp / 'mips.db'}")
    t_sim, _, _ = _run(["legacy", "simulate", "--persons", str(args.persons), "--out", str(legacy)], env)
    manifest = json.loads((legacy / "manifest.json").read_text())
    _run(["db", "upgrade"], env)
    console.print(f"{args.persons:,} people simulated in {t_sim:.1f} s: {manifest['rows']:,} legacy rows, "
                  f"{sum(manifest['records'].values()):,} records, {manifest['mentions']:,} mentions")
    t_bridge = m_bridge = 0.0
    if args.bridge_first:
        load = _load()
        t_bridge, m_bridge, _ = _run(["legacy", "bridge"], env)
        console.print(f"bridge {t_bridge:.1f} s, peak {m_bridge:.2f} GiB (load average before: {load})")
    if args.kill_after is not None:
        load = _load()
        _run(["legacy", "migrate", "--all"], env, kill_after=args.kill_after)
        _, _, status = _run(["legacy", "status"], env)
        console.print(f"migrate --all killed after {args.kill_after:.0f} s (load average before: {load}); "
                      f"persons then held: {_count(env, 'SELECT count(*) FROM core_persons'):,}")
        console.print(status)
    load = _load()
    t_migrate, m_migrate, _ = _run(["legacy", "migrate", "--all"], env)
    total = t_bridge + t_migrate
    console.print(f"migrate --all {t_migrate:.1f} s, peak {m_migrate:.2f} GiB (load average before: {load}, after: "
                  f"{_load()}): {manifest['rows'] / total:,.0f} legacy rows/s, {manifest['mentions'] / total:,.0f} "
                  f"mentions/s")
    truth = _score("MiPS clusters", legacy, tmp, env)
    if args.activity:
        truth = _catch_up(args.activity, legacy, tmp, env)
    from core.legacy.bridge import BridgeReport, collect
    from core.plugins import PluginHost
    from core.resolution.features import from_columns

    os.environ["MIPS_LEGACY_DIR"] = str(legacy)
    intake = collect(PluginHost().adapters(), BridgeReport())
    raw = intake.frame()
    del intake
    features, _ = from_columns(raw)
    person = pd.factorize(features["record_id"].map(truth))[0]
    console.print(f"recall ceiling without joining on a name alone (bench.recall_ceiling): "
                  f"{ceiling(features, person):.4f}, or {ceiling(features, person, with_year=True):.4f} "
                  f"with the year of birth as evidence")
    del features, person
    if args.skip_plain:
        return
    frame = raw[["record_id", "given_name", "family_name", "dob", "postcode", "address"]]
    del raw
    start = time.perf_counter()
    plain = plain_splink.resolve(frame, scalable=len(frame) > 100_000)
    p = scores(plain, truth)
    console.print(f"plain Splink on the same mentions: precision {p['precision']:.4f}, recall {p['recall']:.4f}, "
                  f"F1 {p['f1']:.4f} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
