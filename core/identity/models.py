"""Users, organisational units and role grants.

A grant gives a user a role in one domain: a module's name (``custody``) for that
module's roles, or ``core`` for the force-wide roles (admin, auditor, officer). Grants are
casbin's ``g`` lines; the policies that say what each role may do come from the code.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.platform.db import Base
from core.platform.timeutil import UTCDateTime, utcnow


class Unit(Base):
    """An organisational unit (borough command, custody suite's area, department)."""

    __tablename__ = "core_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")


class User(Base):
    __tablename__ = "core_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int] = mapped_column(ForeignKey("core_units.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # sign-in throttling: consecutive failures, and the lock they earn
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # signing out ends every token issued before this moment
    signed_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    unit: Mapped[Unit] = relationship(lazy="joined")
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="RoleGrant.domain, RoleGrant.role"
    )


class RoleGrant(Base):
    __tablename__ = "core_role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "domain", name="uq_core_role_grants_user_role_domain"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("core_users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(80))
    domain: Mapped[str] = mapped_column(String(80))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by: Mapped[str] = mapped_column(String(80), default="")

    user: Mapped[User] = relationship(back_populates="grants")
