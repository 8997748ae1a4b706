"""Field types shared by the API schemas, bounded to what the service and its database hold.

A date-time in year 1 or 9999 is valid ISO 8601 but meaningless to a police record, and
converting ``9999-12-31T23:59:59-14:00`` to UTC overflows Python's datetime: a 500 from
deep in the driver. Every time an API takes is therefore between :data:`EARLIEST` and
:data:`LATEST` and carries its zone (a naive time is refused rather than guessed).
"""
from __future__ import annotations

from datetime import datetime, timezone

import marshmallow as ma

#: No record MiPS keeps (custody, crime, audit) is dated before 1900.
EARLIEST = datetime(1900, 1, 1, tzinfo=timezone.utc)
#: ...nor after 2200 (a review or retention date is decades ahead, not centuries).
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)


class BoundedAwareDateTime(ma.fields.AwareDateTime):
    """An ISO 8601 date-time with an offset, between 1900 and 2200 (UTC)."""

    default_error_messages = {"out_of_range": "Must be between 1900-01-01 and 2200-01-01 (UTC)."}

    def _deserialize(self, value, attr, data, **kwargs):
        parsed = super()._deserialize(value, attr, data, **kwargs)
        try:
            in_utc = parsed.astimezone(timezone.utc)
        except OverflowError:
            raise self.make_error("out_of_range") from None
        if not EARLIEST <= in_utc < LATEST:
            raise self.make_error("out_of_range")
        return parsed
