"""`mips resolve` at scale: wall time and peak memory on generated police-style rows, and
plain Splink deduplicating the same rows in the same run, with the ratio.

    python -m bench.resolve [--rows 1000000]

Each side runs in a child process under GNU time, so its peak resident memory is its own.
"""
from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from bench.linkage_metrics import scores
from bench.police_population import generate
from core.resolution.batch import CSV_COLUMNS

console = Console()

PLAIN = """
import sys, pandas as pd
from bench import plain_splink
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
frame = df[["record_id", "given_name", "family_name", "dob", "postcode", "address"]].replace("", None)
out = plain_splink.resolve(frame)
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
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    with console.status("generating rows"):
        rows, truth = generate(int(args.rows / 2.17) + 1)
        rows = rows[: args.rows]
        truth = {r["record_id"]: truth[r["record_id"]] for r in rows}
        src = tmp / "in.csv"
        with src.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
    console.print(f"{len(rows):,} rows of {len(set(truth.values())):,} people in {src}")
    mips_bin = str(Path(sys.executable).parent / "mips")
    t_mips, m_mips = _timed([mips_bin, "resolve", str(src), str(tmp / "mips.csv"), "--quiet"])
    s_mips = scores(_read(tmp / "mips.csv"), truth)
    console.print(f"mips resolve: {t_mips:.1f} s, peak RSS {m_mips:.2f} GiB; precision {s_mips['precision']:.4f}, "
                  f"recall {s_mips['recall']:.4f}, F1 {s_mips['f1']:.4f}")
    t_plain, m_plain = _timed([sys.executable, "-c", PLAIN, str(src), str(tmp / "plain.csv")])
    s_plain = scores(_read(tmp / "plain.csv"), truth)
    console.print(f"plain Splink: {t_plain:.1f} s, peak RSS {m_plain:.2f} GiB; precision {s_plain['precision']:.4f}, "
                  f"recall {s_plain['recall']:.4f}, F1 {s_plain['f1']:.4f}")
    console.print(f"time ratio mips/plain: {t_mips / t_plain:.2f}")


if __name__ == "__main__":
    main()
