"""A tiny module that implements every hook through the module kit alone (``core.kit``),
so the kernel's contract is tested without the real modules. Its one table is created by
the test fixtures, not by migrations."""
from __future__ import annotations

from flask import Blueprint as FlaskBlueprint
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

import marshmallow as ma

from dataclasses import dataclass

from core.kit import Base, Event, ReceivedEvent, current_uow, hookimpl, requires

NAME = "mockmod"
received_events: list[ReceivedEvent] = []


class MockThing(Base):
    __tablename__ = "mockmod_things"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(80))


class ThingSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    label = ma.fields.String(required=True)


@dataclass(frozen=True, kw_only=True)
class ThingCreated(Event):
    """A thing was recorded (the mock module's published contract)."""

    name = "mockmod.thing_created"
    version = 1
    label: str = ""


blp = Blueprint("mockmod_things", __name__, url_prefix="/things")


@blp.route("")
class Things(MethodView):
    @requires("thing", "read")
    @blp.response(200, ThingSchema(many=True))
    def get(self):
        return list(current_uow().session.scalars(select(MockThing).order_by(MockThing.id)))

    @requires("thing", "create")
    @blp.arguments(ThingSchema)
    @blp.response(201, ThingSchema)
    def post(self, data):
        uow = current_uow()
        thing = MockThing(label=data["label"])
        uow.session.add(thing)
        uow.session.flush()
        uow.emit(ThingCreated(actor="test", label=thing.label))
        uow.commit()
        return thing


@blp.route("/undeclared")
class Undeclared(MethodView):
    @blp.response(200)
    def get(self):
        return {"leak": True}


web = FlaskBlueprint("mockmod_web", __name__)

THINGS_PAGE = """{% extends "web/base.html" %}{% block title %}Things{% endblock %}
{% block content %}<h1 class="govuk-heading-l">Things</h1>
<ul class="govuk-list">{% for t in things %}<li>{{ t.label }}</li>{% else %}<li>No things yet.</li>{% endfor %}</ul>
{% endblock %}"""


@web.get("/")
@requires("thing", "read")
def things_page():
    """The module's one page, on the officer web UI's base layout (a module page as the contract has it)."""
    from flask import render_template_string

    return render_template_string(THINGS_PAGE, things=current_uow().session.scalars(select(MockThing).order_by(MockThing.id)))


@web.get("/undeclared")
def undeclared_page():
    """A page that declares no right: nobody may open it (deny by default)."""
    return "leak"


@hookimpl
def mips_module_info():
    return {"name": NAME, "title": "Mock module", "version": "9.9", "retires": ["MOCKSYS"],
            "roles": {"viewer": "reads things", "editor": "writes things"},
            "consumes": ["custody.charged"],  # stands in for the prosecution module in custody's tests
            "publishes": [ThingCreated.name], "ingests": ["mockmod.thing"]}


@hookimpl
def mips_blueprints():
    return [blp]


@hookimpl
def mips_web_pages():
    return [web]


@hookimpl
def mips_policies():
    return [
        "p, viewer, mockmod, thing, read",
        "p, editor, mockmod, thing, *",
        "g, editor, viewer, mockmod",
    ]


@hookimpl
def mips_person_profile(person_id, user):
    return {"module": NAME, "title": "Mock", "items": [person_id], "timeline": []}


@hookimpl
def mips_search(query, user):
    return [{"type": "thing", "id": "1", "title": f"thing for {query}", "summary": "", "score": 0.5, "source": NAME}]


@hookimpl
def mips_on_event(event):
    received_events.append(event)


@hookimpl
def mips_ingest(kind, document, source):
    return f"{kind}:{source['key']}" if kind.startswith("mockmod.") else None


@hookimpl
def mips_seed_demo():
    return 0


@hookimpl
def mips_retention(uow, person_ids):
    return []  # the mock module's things are not about persons


@hookimpl
def mips_erase(uow, person_ids):
    return {}


@hookimpl
def mips_subject_access(uow, person_ids):
    return None


@hookimpl
def mips_legacy_adapters():
    return ["mockmod-adapter"]
