"""The one-person view service and its API: markers first, one timeline from every live
legacy system (read live through the adapters) and every enabled module, each item with
its source; associates two hops out; the same rights, restriction and audit as the page."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from core.cli import main
from core.legacy import lifecycle
from core.legacy.bridge import bridge
from core.legacy.models import LegacySystem
from core.persons.models import SourceRecord, WarningMarker
from core.platform.db import commit, session
from tests.conftest import add_users


@pytest.fixture
def force(app, kernel, tmp_path, monkeypatch):
    """A small simulated force, bridged: its people are MiPS persons whose records live in seven systems."""
    out = tmp_path / "legacy"
    assert CliRunner().invoke(main, ["legacy", "simulate", "--persons", "60", "--seed", "2", "--out", str(out)]).exit_code == 0
    monkeypatch.setenv("MIPS_LEGACY_DIR", str(out))
    with app.app_context():
        bridge(session(), kernel.plugins.adapters())
        commit()
        systems = func.count(func.distinct(SourceRecord.system))
        pid = session().execute(select(SourceRecord.person_id).group_by(SourceRecord.person_id)
                                .order_by(systems.desc(), SourceRecord.person_id).limit(1)).scalar()
        session().add(WarningMarker(person_id=pid, marker="weapons", detail="Carries a knife", source_system="crimint"))
        commit()
    # CrimInt and Merlin records are read only with the intelligence module's rights (issue 21)
    add_users(app, {"analyst": ["reader:intelligence", "safeguarding:intelligence", "officer"]})
    return pid


def test_the_view_has_one_timeline_from_every_live_system_with_markers_first(client, force):
    r = client.read(f"/api/v1/persons/{force}/view", as_user="analyst")
    assert r.status_code == 200, r.json
    view = r.json
    assert view["markers"][0]["marker"] == "weapons"
    legacy = [i for i in view["timeline"] if i["source_kind"] == "legacy"]
    assert len({i["source"] for i in legacy}) >= 3
    assert all(i["found"] and i["at"] and i["summary"] for i in legacy)  # read live from the systems
    assert all("+00:00" in i["at"] or "+01:00" in i["at"] for i in legacy)  # London time
    dated = [i["at"] for i in view["timeline"] if i["at"]]
    assert dated == sorted(dated, reverse=True) or len(dated) < 2
    assert view["associates"] and view["chart"]["nodes"][0]["id"] == f"person:{force}"


def test_a_retired_systems_records_stay_on_the_timeline_from_the_held_copy(app, client, kernel, force,
                                                                           modules_take_legacy):
    first = client.read(f"/api/v1/persons/{force}/view").json
    item = next(i for i in first["timeline"] if i["source_kind"] == "legacy")
    system = item["source"]
    with app.app_context():
        lifecycle.migrate(session(), kernel, system)
        session().merge(LegacySystem(system=system, state="retired"))
        commit()
    again = client.read(f"/api/v1/persons/{force}/view").json
    kept = [i for i in again["timeline"] if i["source"] == system and i["ref"] == item["ref"]]
    assert len(kept) == 1 and kept[0]["held"] and kept[0]["found"] and kept[0]["summary"] == item["summary"]


def test_an_enabled_modules_section_joins_the_view(client, enable, force):
    assert not any(s["module"] == "mockmod" for s in client.read(f"/api/v1/persons/{force}/view").json["sections"])
    enable()
    sections = client.read(f"/api/v1/persons/{force}/view").json["sections"]
    assert any(s["module"] == "mockmod" and force in s["items"] for s in sections)


def test_the_view_needs_a_purpose_and_is_audited(client, force):
    assert client.get(f"/api/v1/persons/{force}/view", "officer").status_code == 400
    client.read(f"/api/v1/persons/{force}/view", purpose="CAD 12")
    entries = client.get("/api/v1/audit", "auditor", query_string={"entity_id": force, "action": "consultation"}).json
    assert entries[0]["justification"] == "CAD 12" and entries[0]["actor"] == "officer"
    assert client.get(f"/api/v1/persons/{force}/view", "nobody", headers={"X-MiPS-Purpose": "x"}).status_code == 403


def test_a_reference_typed_into_search_finds_the_live_legacy_record(app, client, force):
    with app.app_context():
        key = session().scalar(select(SourceRecord.key).where(SourceRecord.person_id == force,
                                                              SourceRecord.system == "cris"))
    if key is None:
        pytest.skip("the busiest simulated person has no CRIS record")
    reference = key.split(":")[1].split("#")[0]
    hits = client.read("/api/v1/search", query_string={"q": reference}).json
    assert any(h["source"] == "cris" and reference in h["title"] for h in hits)


def test_the_person_page_shows_the_legacy_timeline(app, force):
    from tests.core.web_client import WebClient

    page = WebClient(app).sign_in("analyst").text(f"/persons/{force}?purpose=CAD+3")[1]
    assert page.count('data-source-kind="legacy"') >= 3 and "WEAPONS" in page
    assert page.index("WEAPONS") < page.index("Timeline")  # officer safety first
