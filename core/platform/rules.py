"""Rules as cited data: one loader for the TOML rule files of every module.

A rule a force must be able to check against the law (PACE limits, HOCR codes, 3x5x2
grades, DG6 exclusions, MoPI periods) lives in a TOML file beside the module, and
**every value carries its citation**. A value is cited when:

- its table has a ``cite`` key (the citation covers every value of that table), or
- it has a sibling ``<prefix>_cite`` whose prefix starts its own name on a ``_``
  boundary (``detention_hours`` is cited by ``detention_cite``), or
- it is written ``{ value = ..., cite = "..." }``.

:func:`load` refuses a file with an uncited value (naming it), so a rule can never be
added without its source; :class:`Rules` gives the values as plain data (a
``{value, cite}`` table reads as its value) and :meth:`Rules.cite` the citation of any.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

CITE = "cite"
SUFFIX = "_cite"


class UncitedRule(ValueError):
    """A rule file holds a value without a citation."""


class Rules(Mapping):
    """A loaded rule file: read it like the dict it holds; ask :meth:`cite` for sources."""

    def __init__(self, path: Path, data: dict[str, Any], citations: dict[str, str]):
        self.path, self._data, self._citations = path, data, citations

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def cite(self, dotted: str) -> str:
        """The citation of a value (``"limits.detention_hours"``) or of a table."""
        if dotted in self._citations:
            return self._citations[dotted]
        raise KeyError(f"{self.path.name}: no rule {dotted!r}")

    @property
    def citations(self) -> dict[str, str]:
        return dict(self._citations)


def _cite_for(key: str, table: dict[str, Any], inherited: str | None) -> str | None:
    parts = key.split("_")
    for n in range(len(parts), 0, -1):
        sibling = "_".join(parts[:n]) + SUFFIX
        if isinstance(table.get(sibling), str) and table[sibling].strip():
            return table[sibling]
    return inherited


def _walk(table: dict[str, Any], path: str, inherited: str | None, citations: dict[str, str],
          uncited: list[str]) -> dict[str, Any]:
    own = table.get(CITE) if isinstance(table.get(CITE), str) and table[CITE].strip() else None
    here = own or inherited
    if path and here:
        citations[path] = here
    out: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{path}.{key}" if path else key
        if key == CITE or key.endswith(SUFFIX):
            out[key] = value
            continue
        cite = _cite_for(key, table, here)
        if isinstance(value, dict) and set(value) == {"value", CITE}:
            citations[dotted] = value[CITE]
            out[key] = value["value"]
        elif isinstance(value, dict):
            out[key] = _walk(value, dotted, cite, citations, uncited)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out[key] = [_walk(v, f"{dotted}[{i}]", cite, citations, uncited) for i, v in enumerate(value)]
        else:
            out[key] = value
            if cite:
                citations[dotted] = cite
            else:
                uncited.append(dotted)
    return out


def parse(path: Path) -> Rules:
    """Read and check one rule file (no cache: for tests and tools)."""
    citations: dict[str, str] = {}
    uncited: list[str] = []
    data = _walk(tomllib.loads(Path(path).read_text()), "", None, citations, uncited)
    if uncited:
        raise UncitedRule(f"{Path(path).name}: values without a citation: {', '.join(uncited)}")
    return Rules(Path(path), data, citations)


@lru_cache(maxsize=None)
def load(path: Path | str) -> Rules:
    """A rule file, checked once and kept (rule files change with a deployment, not at run time)."""
    return parse(Path(path))
