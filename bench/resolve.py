"""`mips resolve` at scale: wall time and peak memory on generated police-style rows, and
a plain Splink model deduplicating the same rows in the same run, with the ratio.

    python -m bench.resolve [--rows 1000000] [--skip-plain]

Each side runs in a child process under GNU time, so its peak resident memory is its own.
Targets: a million rows in under 2 minutes with peak memory under 3 GiB on the project's
2-core machine.
"""
from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.linkage_metrics import scores
from research.synthetic import CSV_COLUMNS, generate

console = Console()

PLAIN = """
import sys, pandas as pd
from bench import plain_splink
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
frame = df[["record_id", "given_name", "family_name", "dob", "postcode", "address"]].replace("", None)
frame["dob"] = frame["dob"].where(frame["dob"].str.len() == 10, None)
out = plain_splink.resolve(frame, scalable=True)
pd.DataFrame({"record_id": list(out), "person_id": list(out.values())}).to_csv(sys.argv[2], index=False)
"""


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and the child's own peak RSS in GiB (GNU time's %M, in KiB)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    return took, int(done.stderr.strip().splitlines()[-1]) / 1024 / 1024


def _read(path: Path) -> dict[str, str]:
    with path.open() as handle:
        return {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-plain", action="store_true", help="time mips resolve only")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    with console.status("generating rows"):
        rows, truth = generate(int(args.rows / 2.2) + 1, seed=args.seed)
        rows = rows[: args.rows]
        truth = {r["record_id"]: truth[r["record_id"]] for r in rows}
        src = tmp / "in.csv"
        with src.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
        del rows
    console.print(f"{len(truth):,} rows of {len(set(truth.values())):,} people in {src}")
    table = Table(title=f"mips resolve on {len(truth):,} rows")
    for col in ("model", "wall time", "peak RSS", "precision", "recall", "F1"):
        table.add_column(col)
    mips_bin = str(Path(sys.executable).parent / "mips")
    t_mips, m_mips = _timed([mips_bin, "resolve", str(src), str(tmp / "mips.csv"), "--quiet"])
    s = scores(_read(tmp / "mips.csv"), truth)
    table.add_row("mips resolve", f"{t_mips:.1f} s", f"{m_mips:.2f} GiB", f"{s['precision']:.4f}", f"{s['recall']:.4f}",
                  f"{s['f1']:.4f}")
    if not args.skip_plain:
        t_plain, m_plain = _timed([sys.executable, "-c", PLAIN, str(src), str(tmp / "plain.csv")])
        s = scores(_read(tmp / "plain.csv"), truth)
        table.add_row("plain Splink", f"{t_plain:.1f} s", f"{m_plain:.2f} GiB", f"{s['precision']:.4f}",
                      f"{s['recall']:.4f}", f"{s['f1']:.4f}")
        table.add_row("ratio mips / plain", f"{t_mips / t_plain:.2f}", f"{m_mips / m_plain:.2f}", "", "", "")
    console.print(table)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
