"""``mips resolve INPUT.csv OUTPUT.csv``: batch identity resolution from the command line."""
from __future__ import annotations

import sys

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

    try:
        stats = resolve_csv(input_csv, output_csv, progress=not quiet, review_path=review_csv)
    except BadInput as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"{stats['records']:,} records resolved into {stats['persons']:,} persons; "
               f"{stats['review_pairs']:,} pairs for review; {stats['bad_dates']:,} rows had a bad date; "
               f"{stats['rejected_rows']:,} rows rejected")
    for key, reason in list(stats["rejections"].items())[:10]:
        click.echo(f"  {key}: {reason}", err=True)
