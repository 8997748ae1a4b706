"""``mips resolve INPUT.csv OUTPUT.csv``: batch identity resolution from the command line."""
from __future__ import annotations

import sys

import click


@click.command("resolve")
@click.argument("input_csv", type=click.Path(dir_okay=False))
@click.argument("output_csv", type=click.Path(dir_okay=False, writable=True))
@click.option("--quiet", is_flag=True, help="No progress bars")
def resolve_command(input_csv: str, output_csv: str, quiet: bool) -> None:
    """Resolve person records into persons: writes record_id,person_id (one person_id per person).

    INPUT_CSV has the header record_id,source,given_name,family_name,dob,sex,address,
    postcode,pnc_id,cro_number,ni_number,driving_licence (all but record_id optional; dob
    as YYYY-MM-DD). Rows with a bad date keep their place with the date left out.
    """
    from core.resolution.batch import BadInput, resolve_csv

    try:
        stats = resolve_csv(input_csv, output_csv, progress=not quiet)
    except BadInput as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"{stats['records']:,} records resolved into {stats['persons']:,} persons; "
               f"{stats['review_pairs']:,} pairs for review; {stats['bad_dates']:,} rows had a bad date or id")
