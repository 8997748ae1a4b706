"""Shapes of the retention API: schedules, the queue of reviews due, decisions."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.http.fields import BoundedAwareDateTime


class DueQuerySchema(ma.Schema):
    unit = ma.fields.String(validate=validate.Length(max=80), load_default="")
    group = ma.fields.Integer(validate=validate.Range(1, 3), load_default=None)
    on = BoundedAwareDateTime(load_default=None, metadata={"description": "Due by this time (default now)"})


class ScheduleSchema(ma.Schema):
    person_id = ma.fields.String()
    group = ma.fields.Integer()
    group_name = ma.fields.Method("_group_name")
    unit = ma.fields.String()
    records = ma.fields.Integer()
    first_contact_at = ma.fields.AwareDateTime()
    last_contact_at = ma.fields.AwareDateTime()
    next_review_at = ma.fields.AwareDateTime()
    keep_until = ma.fields.AwareDateTime(allow_none=True)
    kept_until = ma.fields.AwareDateTime(allow_none=True)
    live = ma.fields.Boolean()
    live_reason = ma.fields.String()
    state = ma.fields.String()

    def _group_name(self, row) -> str:
        from core.retention.rules import group

        return group(row.group)["name"]


class RetentionDecisionInSchema(ma.Schema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(["keep", "dispose"]))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
    next_review_at = BoundedAwareDateTime(load_default=None)


class RetentionDecisionSchema(ma.Schema):
    id = ma.fields.Integer()
    person_id = ma.fields.String()
    decision = ma.fields.String()
    reason = ma.fields.String()
    group = ma.fields.Integer()
    next_review_at = ma.fields.AwareDateTime(allow_none=True)
    decided_by = ma.fields.String()
    decided_at = ma.fields.AwareDateTime()
    execute_after = ma.fields.AwareDateTime(allow_none=True)
    state = ma.fields.String()
    closed_by = ma.fields.String()
    closed_at = ma.fields.AwareDateTime(allow_none=True)


class RunSchema(ma.Schema):
    erased = ma.fields.Integer()
    superseded = ma.fields.Integer()


class ReportSchema(ma.Schema):
    on = ma.fields.AwareDateTime()
    overdue = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


class SubjectAccessInSchema(ma.Schema):
    recipient = ma.fields.String(required=True, validate=validate.Length(min=3, max=200),
                                 metadata={"description": "Who the disclosure is for (the data subject, their solicitor)"})


class SubjectAccessSchema(ma.Schema):
    """The document (its shape is ``schema``/``version``; see core/retention/subject_access.py)."""

    class Meta:
        unknown = ma.INCLUDE

    schema = ma.fields.String()
    version = ma.fields.Integer()
    cite = ma.fields.String()
    person_id = ma.fields.String()
    identities = ma.fields.List(ma.fields.String())
    produced_at = ma.fields.String()
    produced_by = ma.fields.String()
    recipient = ma.fields.String()
    person = ma.fields.Dict()
    source_records = ma.fields.List(ma.fields.Dict())
    warning_markers = ma.fields.List(ma.fields.Dict())
    links = ma.fields.List(ma.fields.Dict())
    modules = ma.fields.Dict()
    who_looked = ma.fields.List(ma.fields.Dict())
    exempt = ma.fields.List(ma.fields.Dict())
