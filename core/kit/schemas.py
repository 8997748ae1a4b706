"""The kernel's published input and output shapes that module schemas nest.

A module's REST schema that takes a person (``person = Nested(PersonRecordIn)``) takes
exactly what ``POST /api/v1/persons`` takes, so a person is described one way everywhere;
:class:`SourceIn` names a contribution (``{"system", "key"}``); :class:`MarkerOut` is a
warning marker as every surface shows it; :class:`BoundedAwareDateTime` is a time with its
zone within sane years (1900-2200), so a typo never becomes year 1.
"""
from __future__ import annotations

from core.http.fields import BoundedAwareDateTime
from core.http.persons_schemas import MarkerOut, PersonIn as PersonRecordIn, SourceIn

__all__ = ["BoundedAwareDateTime", "MarkerOut", "PersonRecordIn", "SourceIn"]
