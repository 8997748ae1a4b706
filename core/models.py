"""Every core table, imported in one place for Alembic and for create-from-models tests."""
from __future__ import annotations

from core.audit.models import AuditEntry, AuditHead, AuditPersonal, AuditSubject
from core.persons.models import (Link, Location, MatchCandidate, MergeEvent, Object, Person, PersonAddress,
                                  PersonBlockKey, PersonDob, PersonIdentifier, PersonName, PersonShownName,
                                  SourceRecord, WarningMarker)
from core.identity.models import RoleGrant, Unit, User
from core.identity.throttle import SignInThrottle
from core.legacy.models import LegacyRecord, LegacySystem
from core.modules.models import ModuleState
from core.platform.counters import Counter
from core.platform.journal import ErasurePermit
from core.platform.outbox import EventReceipt, OutboxEvent
from core.platform.push import PushMessage
from core.platform.state import KernelState
from core.retention.models import RetentionDecision, RetentionSchedule, Tombstone

__all__ = ["AuditEntry", "AuditHead", "AuditPersonal", "AuditSubject", "Counter", "ErasurePermit", "PersonShownName",
           "RetentionDecision", "RetentionSchedule", "Tombstone", "EventReceipt", "KernelState", "LegacyRecord", "LegacySystem", "Link", "Location", "MatchCandidate", "MergeEvent", "ModuleState", "OutboxEvent", "PushMessage",
           "Object", "Person", "PersonAddress", "PersonBlockKey", "PersonDob", "PersonIdentifier", "PersonName",
           "RoleGrant", "SignInThrottle", "SourceRecord", "Unit", "User", "WarningMarker"]
