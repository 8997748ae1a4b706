"""Every core table, imported in one place for Alembic and for create-from-models tests."""
from __future__ import annotations

from core.audit.models import AuditEntry, AuditHead
from core.identity.models import RoleGrant, Unit, User
from core.modules.models import ModuleState
from core.state import KernelState

__all__ = ["AuditEntry", "AuditHead", "KernelState", "ModuleState", "RoleGrant", "Unit", "User"]
