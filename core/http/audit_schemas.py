"""Schemas of the audit endpoints."""
from __future__ import annotations

import marshmallow as ma
from flask import g
from marshmallow import validate

from core.audit.log import ACTIONS
from core.http.fields import BoundedAwareDateTime
from core.http.users_schemas import LondonDateTime


class AuditQuerySchema(ma.Schema):
    actor = ma.fields.String(validate=validate.Length(max=80))
    action = ma.fields.String(validate=validate.OneOf(ACTIONS))
    entity_type = ma.fields.String(validate=validate.Length(max=80))
    entity_id = ma.fields.String(validate=validate.Length(max=120))
    module = ma.fields.String(validate=validate.Length(max=80))
    since = BoundedAwareDateTime(metadata={"description": "ISO 8601 with offset, inclusive"})
    until = BoundedAwareDateTime(metadata={"description": "ISO 8601 with offset, exclusive"})


class AuditEntrySchema(ma.Schema):
    seq = ma.fields.Integer()
    at = LondonDateTime()
    actor = ma.fields.String()
    action = ma.fields.String()
    entity_type = ma.fields.String()
    entity_id = ma.fields.String()
    module = ma.fields.String()
    justification = ma.fields.String()
    recipient = ma.fields.String()
    request_id = ma.fields.String()
    details = ma.fields.Method("_details")
    prev_hash = ma.fields.String()
    hash = ma.fields.String()

    @ma.pre_dump(pass_collection=True)
    def _hold(self, entries, many, **kwargs):
        """The personal values held beside the chain for the whole page, in one read (kept
        on the request: one schema instance serves every request and thread)."""
        from core.audit import personal
        from core.platform.db import session

        page = entries if many else [entries]
        wanted = [e.seq for e in page if any(personal.is_placeholder(v) for v in (e.details or {}).values())]
        g.mips_audit_held = personal.held(session(), wanted)
        return entries

    def _details(self, entry) -> dict:
        """The details with the personal values put back (or said to be erased)."""
        from core.audit import personal

        return personal.shown(entry.details or {}, g.get("mips_audit_held", {}).get(entry.seq, {}))


class VerifySchema(ma.Schema):
    ok = ma.fields.Boolean()
    checked = ma.fields.Integer()
    first_bad_seq = ma.fields.Integer(allow_none=True)
    reason = ma.fields.String()
    legacy = ma.fields.Integer(metadata={"description": "Entries from before the chain was keyed"})
    checkpoints = ma.fields.Integer(metadata={"description": "Signed checkpoints outside the database held against"})
