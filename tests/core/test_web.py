"""The officer pages through a plain test client: signing in and out, a session that
expires, rights and restrictions as the API has them, purposes audited, clear 4xx pages."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.audit.models import AuditEntry
from core.persons import service as persons
from core.platform.db import commit, session
from tests.core.web_client import WebClient


@pytest.fixture
def web(app):
    return lambda user=None: WebClient(app).sign_in(user) if user else WebClient(app)


@pytest.fixture
def people(app):
    """An ordinary person and a restricted one (a protected witness)."""
    with app.app_context():
        open_ = persons.create(session(), {"names": [{"given": "Robert", "family": "Fairweather"}],
                                           "dobs": ["1979-11-02"]}, system="cris", key="v/1").person
        hidden = persons.create(session(), {"names": [{"given": "Orla", "family": "Quennell"}], "dobs": ["1990-01-05"]},
                                system="mips", key="w/1", restriction="restricted").person
        commit()
        return {"open": open_.id, "restricted": hidden.id}


def audit_rows(app, **filters):
    with app.app_context():
        stmt = select(AuditEntry)
        for name, value in filters.items():
            stmt = stmt.where(getattr(AuditEntry, name) == value)
        rows = list(session().scalars(stmt))
        session().expunge_all()
        return rows


def test_signed_out_visitors_are_sent_to_a_labelled_sign_in_form(web):
    client = web()
    r = client.get("/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/sign-in")
    status, page = client.text("/sign-in")
    assert status == 200
    assert '<label class="govuk-label" for="username">' in page and 'for="password"' in page
    assert client.get("/persons/abc").headers["Location"].startswith("/sign-in?next=/persons/abc")


def test_sign_in_problems_are_explained_and_audited(app, web):
    client = web()
    client.get("/sign-in")
    r = client.post("/sign-in", {"username": "", "password": ""})
    assert r.status_code == 400 and "Enter your username" in r.get_data(as_text=True)
    r = client.post("/sign-in", {"username": "officer", "password": "wrong"})
    assert r.status_code == 401 and "username or password is not right" in r.get_data(as_text=True)
    assert audit_rows(app, action="authentication_failed", entity_id="officer")
    r = client.post("/sign-in", {"username": "officer", "password": "x"}, csrf=False)
    assert r.status_code == 400 and "form has expired" in r.get_data(as_text=True)


def test_sign_in_then_out(web):
    client = web("officer")
    status, page = client.text("/search")
    assert status == 200 and "Sign out" in page
    r = client.post("/sign-out")
    assert r.status_code == 302
    assert client.get("/search").status_code == 302
    assert "You have signed out" in client.text("/sign-in")[1]


def test_only_a_local_path_is_followed_after_sign_in(web):
    client = web()
    client.get("/sign-in")
    r = client.post("/sign-in?next=//evil.example/x", {"username": "officer", "password": "correct-horse-battery"})
    assert r.headers["Location"] == "/search"


def test_the_session_expires_with_its_token(app, kernel, web):
    kernel.settings.token_ttl_seconds = -1  # every token issued from now on is already stale
    client = web()
    client.get("/sign-in")
    client.post("/sign-in", {"username": "officer", "password": "correct-horse-battery"})
    r = client.get("/search")
    assert r.status_code == 302 and "/sign-in" in r.headers["Location"]
    assert "Your session has expired" in client.text("/sign-in")[1]


def test_a_disabled_account_is_signed_out_at_once(app, client, web):
    officer = web("officer")
    assert client.patch("/api/v1/users/officer", "admin", json={"active": False}).status_code == 200
    assert officer.get("/search").status_code == 302


def test_search_needs_a_purpose_and_audits_the_persons_shown(app, web, people):
    client = web("officer")
    status, page = client.text("/search?q=bob+fairweather&purpose=")
    assert status == 400 and "Enter why you are searching" in page
    status, page = client.text("/search?q=&purpose=CAD+1")
    assert status == 400 and "Enter a name" in page
    status, page = client.text("/search?q=bob+fareweather&purpose=CAD+4471")
    assert status == 200 and f"/persons/{people['open']}" in page
    assert "CRIS (legacy)" in page or "CRIS" in page
    rows = audit_rows(app, action="consultation", entity_id=people["open"])
    assert rows and rows[-1].justification == "CAD 4471" and rows[-1].actor == "officer"


def test_a_restricted_person_is_neither_found_nor_opened_without_the_right(web, people):
    officer = web("officer")
    status, page = officer.text("/search?q=orla+quennell&purpose=CAD+9")
    assert status == 200 and people["restricted"] not in page and "No results" in page
    status, page = officer.text(f"/persons/{people['restricted']}?purpose=CAD+9")
    assert status == 404 and "Page not found" in page and "Quennell" not in page
    vetted = web("vetted")
    assert people["restricted"] in vetted.text("/search?q=orla+quennell&purpose=CAD+9")[1]
    status, page = vetted.text(f"/persons/{people['restricted']}?purpose=CAD+9")
    assert status == 200 and "Quennell" in page and "RESTRICTED" in page


def test_the_person_page_asks_why_before_showing_anything_and_audits_the_answer(app, web, people):
    client = web("officer")
    status, page = client.text(f"/persons/{people['open']}")
    assert status == 200 and "Why are you looking at this person?" in page and "Fairweather" not in page
    status, page = client.text(f"/persons/{people['open']}?purpose=")
    assert status == 400 and "Enter why you are looking" in page
    status, page = client.text(f"/persons/{people['open']}?purpose=Crime+CR/1/26")
    assert status == 200 and "Fairweather" in page and "Timeline" in page
    assert [r.justification for r in audit_rows(app, action="consultation", entity_id=people["open"])] == ["Crime CR/1/26"]
    assert client.text("/persons/" + "0" * 32 + "?purpose=Crime+CR/1/26")[0] == 404


def test_pages_need_the_same_rights_as_the_api(app, web):
    assert web("nobody").get("/search").status_code == 403
    officer = web("officer")
    assert officer.get("/audit").status_code == 403
    r = officer.post("/admin/modules/mockmod", {"scope": "force"})
    assert r.status_code == 403 and "do not have the right" in r.get_data(as_text=True)
    assert audit_rows(app, action="access_denied", actor="officer")
    assert officer.get("/admin/users").status_code == 403
    assert web("auditor").get("/audit").status_code == 200


def test_an_auditor_sees_who_looked_at_a_person(web, people):
    web("officer").get(f"/persons/{people['open']}?purpose=CAD+77")
    status, page = web("auditor").text(f"/audit?entity_type=person&entity_id={people['open']}")
    assert status == 200 and "officer" in page and "CAD 77" in page
    status, page = web("auditor").text("/audit?since=yesterday")
    assert status == 400 and "Enter the first day as DD/MM/YYYY" in page


def test_module_pages_go_when_the_module_is_off(web, enable):
    viewer = web("viewer")
    status, page = viewer.text("/mockmod/")
    assert status == 404 and "module is off" in page
    enable(units=["Hackney"])
    assert viewer.get("/mockmod/").status_code == 404  # on, but not for the viewer's unit
    assert "Mock module" not in viewer.text("/search")[1]
    enable()
    status, page = viewer.text("/mockmod/")
    assert status == 200 and "Things" in page and "Sign out" in page  # on the base layout
    assert 'href="/mockmod/"' in viewer.text("/search")[1]
    assert viewer.get("/mockmod/undeclared").status_code == 403  # deny by default
    assert web("officer").get("/mockmod/").status_code == 403  # no role in the module
    enable(enabled=False)
    assert viewer.get("/mockmod/").status_code == 404


def test_an_admin_switches_a_module_on_for_a_unit_from_the_page(app, kernel, web):
    admin = web("admin")
    status, page = admin.text("/admin/modules")
    assert status == 200 and "Mock module" in page
    r = admin.post("/admin/modules/mockmod", {"scope": "units"})
    assert r.status_code == 400 and "Tick at least one unit" in r.get_data(as_text=True)
    r = admin.post("/admin/modules/mockmod", {"scope": "units", "units": ["Hackney"]})
    assert r.status_code == 302
    assert kernel.rollout("mockmod").units == ("Hackney",)
    assert "now on for Hackney" in admin.text("/admin/modules")[1]
    assert audit_rows(app, action="alteration", entity_type="module", entity_id="mockmod")
    r = admin.post("/admin/modules/nonesuch", {"scope": "force"})
    assert r.status_code == 404


def test_an_admin_changes_role_grants_from_the_page(app, client, web):
    admin = web("admin")
    status, page = admin.text("/admin/users/officer")
    assert status == 200 and 'value="records_manager:core"' in page
    r = admin.post("/admin/users/officer/grants", {"roles": ["officer:core", "records_manager:core"]})
    assert r.status_code == 302
    grants = client.get("/api/v1/users/officer/grants", "admin").json
    assert {(g["role"], g["module"]) for g in grants} == {("officer", "core"), ("records_manager", "core")}


def test_legacy_systems_page_lists_each_system_with_its_state(web):
    status, page = web("admin").text("/admin/legacy")
    assert status == 200 and "CRIS" in page and "Live" in page


def test_a_migrated_system_offers_its_catch_up_beside_retiring(app, kernel, web, simulated_force, modules_take_legacy):
    from core.legacy import lifecycle
    from core.platform.db import session

    simulated_force(60, 3)
    with app.app_context():
        lifecycle.migrate(session(), kernel, "ewms")
    status, page = web("admin").text("/admin/legacy")
    row = page[page.index('data-system="ewms"'):].split("</tr>")[0]
    assert status == 200 and "Migrated" in row and "Take changes since migration" in row and "Retire" in row
    live = page[page.index('data-system="copa"'):].split("</tr>")[0]
    assert "Take changes since migration" not in live and ">Migrate<" in live
    status, report = web("admin").text("/admin/legacy/ewms/report")
    assert status == 200 and "Changed in the legacy system after migration, taken again" in report


def test_api_errors_stay_json_and_page_errors_are_pages(client, web):
    r = client.get("/api/v1/nowhere")
    assert r.status_code == 404 and r.is_json
    status, page = web("officer").text("/nowhere")
    assert status == 404 and "<html" in page and "Page not found" in page


def test_a_locked_account_is_told_when_to_try_again(app, web):
    from core.identity.services import MAX_FAILED_SIGN_INS

    client = web()
    client.get("/sign-in")
    for _ in range(MAX_FAILED_SIGN_INS):
        assert client.post("/sign-in", {"username": "officer", "password": "not-the-password"}).status_code == 401
    r = client.post("/sign-in", {"username": "officer", "password": "correct-horse-battery"})
    assert r.status_code == 429 and "Too many failed sign-ins" in r.get_data(as_text=True)


def test_signing_out_in_one_browser_ends_the_session_in_another(web):
    phone, desktop = web("officer"), web("officer")
    assert desktop.get("/search").status_code == 200
    assert phone.post("/sign-out").status_code == 302
    r = desktop.get("/search")
    assert r.status_code == 302 and "/sign-in" in r.headers["Location"]
