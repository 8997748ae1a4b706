"""Where each legacy system's database is: ``MIPS_LEGACY_<SYSTEM>_URL`` for one system,
or ``MIPS_LEGACY_DIR`` holding ``<system>.db`` files (a simulated force). Any SQLAlchemy
URL works, so a force points an adapter at the real system's database."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

_engines: dict[str, Engine] = {}


def url_for(system: str) -> str | None:
    explicit = os.environ.get(f"MIPS_LEGACY_{system.upper()}_URL")
    if explicit:
        return explicit
    folder = os.environ.get("MIPS_LEGACY_DIR")
    if folder and (Path(folder) / f"{system}.db").exists():
        return f"sqlite:///{Path(folder).resolve() / f'{system}.db'}"
    return None


def engine_for(system: str) -> Engine | None:
    url = url_for(system)
    if url is None:
        return None
    if url not in _engines:
        _engines[url] = create_engine(url)
    return _engines[url]
