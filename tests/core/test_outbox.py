"""The transactional outbox: an event is stored with the work that raised it, delivered
after the commit to each consumer at least once, and taken by each consumer once."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from core.cli import main
from core.platform.db import session
from core.platform.outbox import EventReceipt, OutboxEvent
from tests import mock_plugin

THINGS = "/api/v1/mockmod/things"


def _rows(app):
    with app.app_context():
        return [(r.name, r.version, r.payload, r.event_id, r.dispatched_at, r.attempts, r.last_error)
                for r in session().scalars(select(OutboxEvent).order_by(OutboxEvent.id))]


@pytest.fixture
def cli(kernel, monkeypatch):
    """``mips`` as run on this database, with the mock module installed as in the app."""
    from tests.conftest import make_app

    monkeypatch.setenv("MIPS_DATABASE_URL", kernel.settings.database_url)
    monkeypatch.setattr("core.cli.base._app", lambda: make_app(kernel.settings.database_url))
    return lambda *args: CliRunner().invoke(main, list(args))


def test_the_event_is_stored_with_its_contract_and_marked_delivered(app, client, enable):
    enable()
    mock_plugin.received_events.clear()
    assert client.post(THINGS, "editor", json={"label": "phone"}).status_code == 201
    ((name, version, payload, event_id, dispatched_at, attempts, _error),) = _rows(app)
    assert (name, version, payload["label"]) == ("mockmod.thing_created", 1, "phone")
    assert dispatched_at is not None and attempts == 1
    with app.app_context():
        assert session().scalar(select(EventReceipt.consumer).where(EventReceipt.event_id == event_id)) == "module:mockmod"


def test_work_that_fails_raises_no_event(app, client, enable):
    enable()
    mock_plugin.received_events.clear()
    assert client.post(THINGS, "editor", json={}).status_code == 422  # refused before anything is written
    assert _rows(app) == [] and mock_plugin.received_events == []


def test_a_failed_consumer_gets_the_event_again_and_takes_it_once(app, client, enable, cli, monkeypatch):
    enable()
    calls = []

    def flaky(event):
        calls.append(event.id)
        if len(calls) == 1:
            raise RuntimeError("the consumer's database is down")

    monkeypatch.setattr(mock_plugin, "mips_on_event", flaky)
    assert client.post(THINGS, "editor", json={"label": "knife"}).status_code == 201  # the raiser's work stands
    ((*_, event_id, dispatched_at, _attempts, error),) = _rows(app)
    assert dispatched_at is None and "database is down" in error
    result = cli("events", "deliver")
    assert result.exit_code == 0, result.output
    assert "1 delivered, 0 still pending" in result.output
    assert cli("events", "deliver").exit_code == 0  # again: nothing more happens
    assert calls == [event_id, event_id]
    with app.app_context():
        assert session().scalar(select(func.count()).select_from(EventReceipt)) == 1


def test_deliver_exits_1_while_an_event_cannot_be_delivered(app, client, enable, cli, monkeypatch):
    enable()

    def broken(event):
        raise RuntimeError("still down")

    monkeypatch.setattr(mock_plugin, "mips_on_event", broken)
    client.post(THINGS, "editor", json={"label": "bag"})
    result = cli("events", "deliver")
    assert result.exit_code == 1 and "1 still pending" in result.output and "still down" in result.output


def test_an_event_that_names_no_unit_reaches_a_module_on_anywhere(app, client, enable):
    enable(units=["Hackney"])
    mock_plugin.received_events.clear()
    assert client.post(THINGS, "hackney_editor", json={"label": "bike"}).status_code == 201
    assert [e.name for e in mock_plugin.received_events] == ["mockmod.thing_created"]  # the event names no unit


def test_published_contracts_are_listed(cli):
    result = cli("events", "contracts")
    assert result.exit_code == 0, result.output
    assert "custody.charged" in result.output and "mockmod.thing_created" in result.output
