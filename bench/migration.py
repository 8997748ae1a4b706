"""Migrating a simulated force: time, memory, and person clusters against the truth, with
a plain Splink model on the same mentions in the same run.

    python -m bench.migration [--persons 300000] [--database-url URL]

Steps, each a `mips` command in a child process under GNU time: simulate the seven
systems, bridge them (every mention resolved into persons), migrate all seven (every
record taken in with its report). Then `mips legacy mentions` is scored against
`truth.csv`, and plain Splink resolves the same mentions.
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from rich.console import Console

from bench import plain_splink
from bench.linkage_metrics import scores

console = Console()


def _run(args: list[str], env: dict) -> tuple[float, float, str]:
    start = time.perf_counter()
    mips = [sys.executable, "-c", "from core.cli import main; main()"]  # the mips command of this checkout
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *mips, *args], env=env, capture_output=True, text=True,
                          check=True)
    return time.perf_counter() - start, int(done.stderr.strip().splitlines()[-1]) / 1024 / 1024, done.stdout


def _read(path: Path, column: str) -> dict[str, str]:
    with path.open() as handle:
        return {row["mention_key"]: row[column] for row in csv.DictReader(handle)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    legacy = tmp / "legacy"
    env = dict(os.environ, MIPS_VAR_DIR=str(tmp / "var"), MIPS_LEGACY_DIR=str(legacy),
               MIPS_DATABASE_URL=args.database_url or f"sqlite:///{tmp / 'mips.db'}")
    t_sim, _, _ = _run(["legacy", "simulate", "--persons", str(args.persons), "--out", str(legacy)], env)
    _run(["db", "upgrade"], env)
    t_bridge, m_bridge, _ = _run(["legacy", "bridge"], env)
    t_migrate, m_migrate, _ = _run(["legacy", "migrate", "--all"], env)
    _run(["legacy", "mentions", str(tmp / "mentions.csv")], env)
    truth = _read(legacy / "truth.csv", "true_person")
    mips = _read(tmp / "mentions.csv", "person_id")
    rows = sum(1 for _ in truth)
    s = scores(mips, truth)
    console.print(f"{args.persons:,} people, {rows:,} mentions (simulated in {t_sim:.1f} s)")
    console.print(f"bridge {t_bridge:.1f} s ({m_bridge:.2f} GiB), migrate all {t_migrate:.1f} s ({m_migrate:.2f} GiB): "
                  f"{t_bridge + t_migrate:.1f} s in all, {rows / (t_bridge + t_migrate):,.0f} mentions/s")
    console.print(f"MiPS clusters: precision {s['precision']:.4f}, recall {s['recall']:.4f}, F1 {s['f1']:.4f}; "
                  f"mentions accounted for: {len(mips):,} of {rows:,}")
    from core.legacy.bridge import _csv_row, collect, BridgeReport
    from core.plugins import PluginHost

    os.environ["MIPS_LEGACY_DIR"] = str(legacy)
    mentions = collect(PluginHost().adapters(), BridgeReport())
    frame = pd.DataFrame([_csv_row(m) for _, m in mentions])
    frame = frame[["record_id", "given_name", "family_name", "dob", "postcode", "address"]]
    start = time.perf_counter()
    plain = plain_splink.resolve(frame)
    p = scores(plain, truth)
    console.print(f"plain Splink on the same mentions: precision {p['precision']:.4f}, recall {p['recall']:.4f}, "
                  f"F1 {p['f1']:.4f} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
