"""HTTP endpoints of MoPI review: the queue of reviews due, a person's schedule, decisions,
and the run that executes disposals once their cooling-off period is over.

The queue lists person ids, groups and dates only (no names): the reviewer opens the
person view, which logs the consultation with its purpose, to see what is held.
"""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from core.http.pagination import SelectPage
from core.http.retention_schemas import (SubjectAccessInSchema, SubjectAccessSchema, RetentionDecisionInSchema, RetentionDecisionSchema, DueQuerySchema, ReportSchema, RunSchema,
                                         ScheduleSchema)
from core.identity.access import requires
from core.platform.current import current_kernel
from core.platform.timeutil import utcnow
from core.platform.uow import current_uow
from core.retention import erasure, service, subject_access
from core.retention.models import RetentionDecision

blp = Blueprint("retention", __name__, url_prefix="/api/v1/retention",
                description="MoPI review and retention: reviews due, decisions, disposal (information management)")


@blp.route("/reviews/due")
class ReviewsDue(MethodView):
    @requires("retention", "read", "core")
    @blp.arguments(DueQuerySchema, location="query")
    @blp.response(200, ScheduleSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """Persons whose review is due (by unit, group and date), most overdue first."""
        return service.due_statement(on=args["on"], unit=args["unit"], group=args["group"])


@blp.route("/report")
class OverdueReport(MethodView):
    @requires("retention", "read", "core")
    @blp.response(200, ReportSchema)
    def get(self):
        """How many reviews are overdue in each MoPI group, now."""
        now = utcnow()
        return {"on": now, "overdue": {str(k): v for k, v in service.overdue_by_group(current_uow().session, now).items()}}


@blp.route("/persons/<person_id>")
class PersonSchedule(MethodView):
    @requires("retention", "read", "core")
    @blp.response(200, ScheduleSchema)
    def get(self, person_id):
        """Where a person stands under MoPI: group, last contact, next review, holds."""
        return service.schedule_of(current_uow().session, person_id)


@blp.route("/persons/<person_id>/decisions")
class Decisions(MethodView):
    @requires("retention", "read", "core")
    @blp.response(200, RetentionDecisionSchema(many=True))
    def get(self, person_id):
        """Every decision taken on the person, oldest first."""
        return list(current_uow().session.scalars(select(RetentionDecision).where(
            RetentionDecision.person_id == person_id).order_by(RetentionDecision.id)))

    @requires("retention", "decide", "core")
    @blp.arguments(RetentionDecisionInSchema)
    @blp.response(201, RetentionDecisionSchema)
    def post(self, body, person_id):
        """Keep (reason and next review date) or dispose (reason; executed after the
        cooling-off period unless cancelled). Refused with the rule's citation where MoPI
        does not allow it."""
        uow = current_uow()
        made = service.decide(uow.session, person_id, body["decision"], body["reason"], g.principal.username,
                              next_review_at=body["next_review_at"])
        uow.commit()
        return made


@blp.route("/decisions/<int:decision_id>/cancel")
class CancelDisposal(MethodView):
    @requires("retention", "decide", "core")
    @blp.response(200, RetentionDecisionSchema)
    def post(self, decision_id):
        """Stop a pending disposal."""
        uow = current_uow()
        made = service.cancel(uow.session, decision_id, g.principal.username)
        uow.commit()
        return made


@blp.route("/persons/<person_id>/subject-access")
class SubjectAccess(MethodView):
    @requires("retention", "disclose", "core")
    @blp.arguments(SubjectAccessInSchema)
    @blp.response(200, SubjectAccessSchema)
    def post(self, body, person_id):
        """Everything held about the person (every system, module and identity, who looked
        at them and why, and what is withheld with its provision), audited as a disclosure
        to ``recipient`` (DPA 2018 s.45)."""
        uow = current_uow()
        document = subject_access.export(uow.session, person_id, requested_by=g.principal.username,
                                         recipient=body["recipient"])
        uow.commit()
        return document


@blp.route("/run")
class RunDisposals(MethodView):
    @requires("retention", "erase", "core")
    @blp.response(200, RunSchema)
    def post(self):
        """Execute the disposals whose cooling-off period is over, one person at a time."""
        uow = current_uow()
        uow.rollback()
        return erasure.run(current_kernel().db.writer_sessionmaker, g.principal.username)
