"""Accounts from the administration pages and the API: create, disable and re-enable,
unlock after failed sign-ins, set a new password; admin only, CSRF-checked, audited the
same way whichever door is used, and refusals explained on the form (never a 500)."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.core.test_web import audit_rows
from tests.core.web_client import WebClient


@pytest.fixture
def web(app):
    return lambda user=None: WebClient(app).sign_in(user) if user else WebClient(app)


def _lock(web_client_factory, username: str) -> None:
    """Five wrong passwords in a row, through the sign-in form: the account locks."""
    browser = web_client_factory()
    browser.get("/sign-in")
    for _ in range(5):
        browser.post("/sign-in", {"username": username, "password": "wrong-wrong-wrong"})


def test_an_admin_creates_an_account_that_can_sign_in(app, web):
    admin = web("admin")
    status, page = admin.text("/admin/users/new")
    assert status == 200 and "Create an account" in page
    r = admin.post("/admin/users/new", {"username": "pc.jones", "display_name": "PC Alex Jones", "unit": "Hackney",
                                        "password": "long-enough-pass", "roles": ["officer:core"]})
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/users/pc.jones")
    assert "The account pc.jones has been created" in admin.text("/admin/users/pc.jones")[1]
    WebClient(app).sign_in("pc.jones", "long-enough-pass")
    created = audit_rows(app, action="collection", entity_type="user", entity_id="pc.jones")
    assert len(created) == 1 and created[0].actor == "admin"


@pytest.mark.parametrize("form, field, message", [
    ({"username": "", "unit": "Camden", "password": "long-enough-pass"}, "username", "Enter a username"),
    ({"username": "Bad Name", "unit": "Camden", "password": "long-enough-pass"}, "username", "Usernames are"),
    ({"username": "officer", "unit": "Camden", "password": "long-enough-pass"}, "username", "already exists"),
    ({"username": "pc.new", "unit": "Camden", "password": "short"}, "password", "at least 10"),
    ({"username": "pc.new", "unit": "Nowhere", "password": "long-enough-pass"}, "unit", "No unit named"),
])
def test_a_refused_account_is_explained_on_the_form(web, form, field, message):
    r = web("admin").post("/admin/users/new", form)
    page = r.get_data(as_text=True)
    assert 400 <= r.status_code < 500
    assert "govuk-error-summary" in page and message in page and f'href="#{field}"' in page


def test_disable_then_enable_from_the_page_ends_and_restores_access(app, web):
    admin = web("admin")
    officer = web("officer")
    r = admin.post("/admin/users/officer/active", {"active": "no"})
    assert r.status_code == 302
    assert "is now disabled" in admin.text("/admin/users/officer")[1]
    assert officer.get("/search").status_code == 302  # sent to sign in
    admin.post("/admin/users/officer/active", {"active": "yes"})
    WebClient(app).sign_in("officer")
    changes = [e.details.get("active") for e in audit_rows(app, action="alteration", entity_type="user", entity_id="officer")]
    assert changes == [False, True]


def test_a_locked_account_is_shown_locked_and_unlocked_by_an_admin(app, web):
    _lock(web, "officer")
    admin = web("admin")
    status, page = admin.text("/admin/users/officer")
    assert "Locked" in page and "Unlock account" in page
    assert admin.post("/admin/users/officer/unlock").status_code == 302
    status, page = admin.text("/admin/users/officer")
    assert "is unlocked" in page and "Unlock account" not in page
    WebClient(app).sign_in("officer")
    entry = audit_rows(app, action="alteration", entity_type="user", entity_id="officer")[-1]
    assert entry.details["unlocked"] is True and entry.actor == "admin"


def test_a_new_password_ends_the_users_sessions_and_is_not_logged(app, web):
    officer = web("officer")
    admin = web("admin")
    r = admin.post("/admin/users/officer/password", {"password": "a-brand-new-secret"})
    assert r.status_code == 302
    assert officer.get("/search").status_code == 302  # the old session has ended
    WebClient(app).sign_in("officer", "a-brand-new-secret")
    entry = audit_rows(app, action="alteration", entity_type="user", entity_id="officer")[-1]
    assert entry.details == {"password_reset": True} and "a-brand-new-secret" not in str(entry.details)
    r = admin.post("/admin/users/officer/password", {"password": "short"})
    assert r.status_code == 400 and "govuk-error-summary" in r.get_data(as_text=True)


def test_account_actions_need_the_admin_right_and_the_csrf_token(app, web):
    officer = web("officer")
    assert officer.get("/admin/users/new").status_code == 403
    assert officer.post("/admin/users/admin/active", {"active": "no"}).status_code == 403
    admin = web("admin")
    assert admin.post("/admin/users/officer/unlock", csrf=False).status_code == 400
    assert admin.post("/admin/users/officer/active", {"active": "maybe"}).status_code == 400
    assert admin.post("/admin/users/nobody-here/unlock").status_code == 404


def test_the_api_unlocks_and_resets_a_password(app, client, web):
    _lock(web, "officer")
    r = client.post("/api/v1/users/officer/unlock", "admin")
    assert r.status_code == 200 and r.json["username"] == "officer"
    assert client.post("/api/v1/users/officer/unlock", "officer").status_code == 403
    r = client.put("/api/v1/users/officer/password", "admin", json={"password": "another-long-secret"})
    assert r.status_code == 200
    assert client.put("/api/v1/users/officer/password", "admin", json={"password": "short"}).status_code == 422
    assert client.put("/api/v1/users/nobody-here/password", "admin", json={"password": "another-long-secret"}).status_code == 404
    ok = client.http.post("/api/v1/auth/token", json={"username": "officer", "password": "another-long-secret"})
    assert ok.status_code == 200
    assert client.http.post("/api/v1/auth/token", json={"username": "officer", "password": PASSWORD}).status_code == 401
