"""The public API for legacy adapters: the adapter protocol and the helpers that read a
legacy row into the kernel's shapes.

An adapter package (``adapters/<system>``) imports ``core.kit`` and this module and
nothing else of ``core`` (import-linter checks it). It subclasses :class:`Adapter`
(streaming extract, mentions of persons, the document for the replacing module's
published input kind, live look-up, push of events while the system is live), and uses
:func:`person` / :func:`dob_iso` / ``split_surname_*`` to read names and dates the way
every other adapter does.
"""
from __future__ import annotations

from core.legacy.protocol import (Adapter, LegacyRecord, Mention, Rejection, dob_iso, person, split_surname_first,
                                  split_surname_last, this_year)

__all__ = ["Adapter", "LegacyRecord", "Mention", "Rejection", "dob_iso", "person", "split_surname_first",
           "split_surname_last", "this_year"]
