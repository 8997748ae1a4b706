"""Custody numbers: unique per suite and year, given out in order without gaps or clashes.

The number comes from the kit's gap-free counter (scope ``custody/<suite>``, period the
local year). The format ``SUITE/YY/NNNNNN`` differs from NSPIS's ``SUITE/NNNNN/YY``, so
migrated NSPIS numbers never clash with new ones.
"""
from __future__ import annotations

import re
from datetime import datetime

from core.kit import UnitOfWork, next_number as next_in_counter, to_london

PATTERN = re.compile(r"^[A-Z]{2,4}/\d{2}/\d{6}$")
SUITE_PATTERN = re.compile(r"^[A-Z]{2,4}$")


def counter_scope(suite: str) -> str:
    return f"custody/{suite}"


def next_number(uow: UnitOfWork, suite: str, when: datetime) -> str:
    year = to_london(when).year  # the custody year is the local one
    last = next_in_counter(uow, counter_scope(suite), year)
    return f"{suite}/{year % 100:02d}/{last:06d}"
