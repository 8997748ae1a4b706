"""Persisted state of each module's rollout.

``enabled`` with an empty ``units`` list means force-wide; with units, only users whose
home unit is listed see the module (a pilot). Disabling flips ``enabled`` and never
touches the module's own tables.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime, utcnow


class ModuleState(Base):
    __tablename__ = "core_module_states"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    units: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")

    def enabled_for(self, unit: str | None) -> bool:
        if not self.enabled:
            return False
        return not self.units or (unit is not None and unit in self.units)
