"""``mips resolve INPUT.csv OUTPUT.csv``: batch identity resolution from the command line."""
from __future__ import annotations

import getpass
import hashlib
import sys
from pathlib import Path
from typing import Any

import click


@click.command("resolve")
@click.argument("input_csv", type=click.Path(dir_okay=False))
@click.argument("output_csv", type=click.Path(dir_okay=False, writable=True))
@click.option("--review", "review_csv", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the uncertain pairs, left apart for a person to review, to this CSV")
@click.option("--quiet", is_flag=True, help="No progress bars")
def resolve_command(input_csv: str, output_csv: str, review_csv: str | None, quiet: bool) -> None:
    """Resolve person records into persons: writes record_id,person_id (one person_id per person).

    INPUT_CSV has the header record_id,source,given_name,family_name,dob,sex,address,
    postcode,pnc_id,cro_number,ni_number,driving_licence (all but record_id optional; dob
    as YYYY-MM-DD, or YYYY-MM / YYYY when only part is known). A row with a bad date keeps
    its place with the date left out; rows without a record_id, or repeating one, are
    rejected and counted.
    """
    from core.resolution.batch import BadInput, resolve_csv

    app = _audit_app()
    try:
        stats = resolve_csv(input_csv, output_csv, progress=not quiet, review_path=review_csv)
    except BadInput as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    try:
        _audit(app, input_csv, output_csv, review_csv, stats)
    except Exception as exc:  # a combination nobody logged must not be left behind
        for path in (output_csv, review_csv):
            if path:
                Path(path).unlink(missing_ok=True)
        click.echo(f"error: the run could not be audited, its output was removed: {exc}", err=True)
        sys.exit(1)
    click.echo(f"{stats['records']:,} records resolved into {stats['persons']:,} persons; "
               f"{stats['review_pairs']:,} pairs for review; {stats['bad_dates']:,} rows had a bad date; "
               f"{stats['rejected_rows']:,} rows rejected")
    for key, reason in list(stats["rejections"].items())[:10]:
        click.echo(f"  {key}: {reason}", err=True)


def _audit_app():
    """The MiPS app whose audit trail logs the run, opened before any record is read, so a
    run that cannot be logged does not start. Combining persons' records is processing the
    Data Protection Act 2018 s.62 requires to be logged, wherever the records came from."""
    from core.app import create_app
    from core.audit.models import AuditHead
    from core.platform.db import session

    try:
        app = create_app()
        with app.app_context():
            session().get(AuditHead, 1)
            session().rollback()
    except Exception as exc:
        click.echo(f"error: no MiPS database to audit the run in (set MIPS_DATABASE_URL): {exc}", err=True)
        sys.exit(1)
    return app


def _digest(path: str | None) -> str:
    if not path:
        return ""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _audit(app, input_csv: str, output_csv: str, review_csv: str | None, stats: dict[str, Any]) -> None:
    """One ``combination`` entry for the run, by ``cli:<login>``: the files by name and
    SHA-256 (their content stays out of the log) and what was resolved."""
    from flask import g

    from core.audit.log import record
    from core.platform.db import commit, session

    digest = _digest(input_csv)
    with app.app_context():
        g.actor = f"cli:{getpass.getuser()}"
        record(session(), "combination", "resolution_file", digest[:32], details={
            "command": "mips resolve", "input": Path(input_csv).name, "input_sha256": digest,
            "output": Path(output_csv).name, "output_sha256": _digest(output_csv),
            "review": Path(review_csv).name if review_csv else "", "records": stats["records"],
            "persons": stats["persons"], "review_pairs": stats["review_pairs"]})
        commit()
