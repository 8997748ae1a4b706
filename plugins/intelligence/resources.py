"""The intelligence REST API under ``/api/v1/intelligence``: submit a report, read one as
the access rules allow, the intelligence unit's evaluation (sanitised text beside the
original) and dissemination, warning markers raised from a report, the source register."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from core.kit import consulted, current_uow, current_user, requires
from plugins.intelligence import reading, services
from plugins.intelligence.policies import OBJ
from plugins.intelligence.schemas import (EvaluationIn, RaiseMarkerIn, RaisedMarkerOut, ReportIn, ReportOut, IntelSourceOut,
                                          SourceRegisterIn, SubmittedOut)

blp = Blueprint("intelligence", __name__, url_prefix="", description="Intelligence: 3x5x2 graded reports, "
                                                                       "sanitisation, warning markers")


def actor() -> services.Actor:
    user = current_user()
    return services.Actor(user.username, user.unit, viewer=user)


@blp.route("/reports")
class Reports(MethodView):
    @requires(OBJ, "submit")
    @blp.arguments(ReportIn)
    @blp.response(201, SubmittedOut)
    def post(self, data):
        """Submit intelligence: the source (a covert one by reference only), the text as
        given, each item graded 3x5x2 (a C item with its conditions), the subjects."""
        uow = current_uow()
        for legacy_only in ("original_grading", "grading_mapping", "original"):
            data.pop(legacy_only, None)
        data.update(restricted=False, sanitised=False, submitted_at=None)
        report = services.submit(uow, actor(), data)
        uow.commit()
        return report


@blp.route("/reports/<report_id>")
class ReportItem(MethodView):
    @requires(OBJ, "read")
    @blp.response(200, ReportOut)
    @consulted("intelligence_report", id_arg="report_id")
    def get(self, report_id):
        """One report, each item as the reader may see it (original, sanitised, or not at
        all), grades with their meanings and sources (the reader says why)."""
        uow = current_uow()
        report, shown = reading.visible(uow, report_id, current_user())
        return reading.report_view(uow, report, shown)


@blp.route("/reports/<report_id>/evaluation")
class Evaluation(MethodView):
    @requires(OBJ, "evaluate")
    @blp.arguments(EvaluationIn)
    @blp.response(201, SubmittedOut)
    def post(self, data, report_id):
        """The intelligence officer's evaluation: each item's sanitised text, written
        beside the original (refused while it still identifies the source)."""
        uow = current_uow()
        report, _ = reading.visible(uow, report_id, current_user(), lock=True)
        services.evaluate(uow, report, actor(), data)
        uow.commit()
        return report


@blp.route("/reports/<report_id>/dissemination")
class Dissemination(MethodView):
    @requires(OBJ, "evaluate")
    @blp.response(201, SubmittedOut)
    def post(self, report_id):
        """Disseminate the sanitised report (refused before it is sanitised)."""
        uow = current_uow()
        report, _ = reading.visible(uow, report_id, current_user(), lock=True)
        services.disseminate(uow, report, actor())
        uow.commit()
        return report


@blp.route("/reports/<report_id>/markers")
class Markers(MethodView):
    @requires("marker", "raise")
    @blp.arguments(RaiseMarkerIn)
    @blp.response(201, RaisedMarkerOut)
    def post(self, data, report_id):
        """Raise a warning marker on a person the report is about, with its review date;
        an officer viewing the person is told at once (server push)."""
        uow = current_uow()
        report, _ = reading.visible(uow, report_id, current_user(), lock=True)
        raised = services.raise_marker(uow, report, actor(), data)
        uow.commit()
        return raised


@blp.route("/sources")
class Sources(MethodView):
    @requires("source", "register")
    @blp.arguments(SourceRegisterIn)
    @blp.response(201, IntelSourceOut)
    def post(self, data):
        """Register a source under its reference (a covert source's name is held only to
        refuse a sanitised text that still contains it; it is never shown)."""
        uow = current_uow()
        source = services.register_source(uow, actor(), data)
        uow.commit()
        return source
