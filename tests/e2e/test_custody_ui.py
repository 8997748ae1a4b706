"""The custody board and record in a real browser: the demo suite CAM (seeded by the
custody module) has a detainee whose PACE review is overdue."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_the_custody_board_shows_an_overdue_review(live, signed_in, shoot):
    live.enable("custody", ["Camden"])
    page = signed_in("sgt.patel")
    page.get_by_role("link", name="Custody").first.click()
    page.get_by_role("link", name=re.compile("CAM custody board")).click()
    expect(page.get_by_role("heading", name="Suite CAM")).to_be_visible()
    overdue_row = page.locator("tr.mips-overdue").first
    expect(overdue_row).to_contain_text("DOYLE, Kieran")
    expect(overdue_row).to_contain_text("review overdue")
    expect(page.get_by_test_id("overdue-count")).to_contain_text("overdue")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1    # the board refreshes itself
    shoot(page, "custody-board")
    overdue_row.get_by_role("link", name="DOYLE, Kieran").click()
    page.get_by_label("Why are you looking at this custody record?").fill("custody review")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("DOYLE, Kieran"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Custody record · CAM.\d{2}.\d{6}"))).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Rights and entitlements given"))).to_be_visible()
    shoot(page, "custody-record")


def test_a_detention_officer_logs_a_check_from_the_board(live, signed_in):
    live.enable("custody", ["Camden"])
    page = signed_in("dto.jones")
    page.goto("/custody/suites/CAM")
    row = page.locator("tr", has_text="PRICE, Shannon")
    expect(row).to_contain_text("check overdue")
    row.get_by_role("button", name=re.compile("Log check")).click()
    expect(page.get_by_text(re.compile(r"Check on CAM.\d{2}.\d{6} logged"))).to_be_visible()
    expect(page.locator("tr", has_text="PRICE, Shannon")).not_to_contain_text("check overdue")


def test_custody_pages_are_not_there_for_a_unit_without_the_module(live, signed_in):
    live.enable("custody", ["Camden"])
    page = signed_in("analyst.khan")            # Hackney: custody is not on there
    assert page.get_by_role("link", name="Custody").count() == 0
    response = page.goto("/custody/suites/CAM")
    assert response.status == 404
    expect(page.get_by_text("not switched on")).to_be_visible()


def _press(locator, key="Enter"):
    """Keyboard only: focus the control and press a key, as someone without a mouse does."""
    locator.focus()
    locator.press(key)


def test_a_sergeant_runs_a_whole_detention_by_keyboard_on_a_phone(live, signed_in, shoot):
    """Book in, decide, rights, risk, charge and release at 390 px, keyboard only."""
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    live.enable("custody", ["Camden"])
    page = signed_in("sgt.patel")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/custody/")
    _press(page.get_by_role("link", name="Book someone in"))
    page.get_by_label("Who is it?").fill("Zed Quartermaine")
    page.get_by_label("Who is it?").press("Enter")
    expect(page.get_by_text('Nobody found for "Zed Quartermaine"')).to_be_visible()
    page.get_by_label("Given name").fill("Zed")
    page.get_by_label("Family name").fill("Quartermaine")
    page.get_by_label("Date of birth").fill("09/09/1999")
    page.get_by_label("Custody suite").fill("CAM")
    arrested = (datetime.now(timezone.utc) - timedelta(minutes=40)).astimezone(ZoneInfo("Europe/London"))
    page.get_by_label("Arrested at (UK time)").fill(arrested.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Offences").fill("Criminal damage")
    shoot(page, "custody-book-in")
    page.set_viewport_size({"width": 390, "height": 844})
    _press(page.get_by_role("button", name="Book in"))
    expect(page.get_by_role("heading", name=re.compile("QUARTERMAINE, Zed"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"CAM/\d{2}/\d{6}: booked in"))).to_be_visible()

    _press(page.get_by_role("link", name="Decide on detention"))
    _press(page.get_by_label("Authorise detention"), " ")
    page.get_by_label("Grounds").fill("To obtain evidence by questioning")
    _press(page.get_by_role("button", name="Record the decision"))
    expect(page.get_by_text(re.compile("Decide on detention: recorded as entry 2"))).to_be_visible()

    _press(page.get_by_role("link", name="Rights and entitlements"))
    _press(page.get_by_label("The written notice of rights and entitlements was given"), " ")
    _press(page.get_by_label("Yes"), " ")
    page.get_by_label("Solicitor").fill("duty solicitor")
    _press(page.get_by_role("button", name="Record rights given"))

    _press(page.get_by_role("link", name="Risk assessment"))
    _press(page.get_by_label("Level 1: general, visited at least every hour"), " ")
    _press(page.get_by_role("button", name="Record the assessment"))
    shoot(page, "custody-record-tasks")
    page.set_viewport_size({"width": 390, "height": 844})

    _press(page.locator("summary", has_text="Record something else"))
    _press(page.get_by_role("link", name="Charge", exact=True))
    page.get_by_label("Charge wording").fill("Damaged a shop window")
    _press(page.get_by_role("button", name="Charge"))
    _press(page.get_by_role("link", name="Charge, bail or release"))
    _press(page.get_by_label("Bailed"), " ")
    _press(page.get_by_role("button", name="Record the release"))
    expect(page.get_by_text("Ended: bailed")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})  # shoot() leaves the page at desktop width
    shoot(page, "custody-record-ended")
    page.set_viewport_size({"width": 390, "height": 844})
    # nothing on the phone-width page runs off the side
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_board_shows_a_detainee_booked_in_elsewhere_without_reloading(live, signed_in):
    """Server push: a sergeant books someone in through the API while the board is open on
    another screen; the open board shows them within seconds (no one reloads it)."""
    from datetime import datetime, timedelta, timezone

    live.enable("custody", ["Camden"])
    page = signed_in("dto.jones")
    page.goto("/custody/suites/CAM")
    expect(page.get_by_role("heading", name="Suite CAM")).to_be_visible()
    page.wait_for_timeout(1500)  # the page's event stream is open
    api = live.app.test_client()
    token = api.post("/api/v1/auth/token", json={"username": "sgt.patel", "password": "demo-pass-2026"}).json["access_token"]
    arrest = (datetime.now(timezone.utc) - timedelta(minutes=30)).isoformat()
    booked = api.post("/api/v1/custody/detentions", headers={"Authorization": f"Bearer {token}"}, json={
        "suite": "CAM", "person": {"names": [{"given": "Pushkin", "family": "Ivanova"}], "dobs": ["1980-02-02"]},
        "arrest_at": arrest, "offences": [{"wording": "Criminal damage"}]})
    assert booked.status_code == 201, booked.json
    expect(page.get_by_role("link", name="IVANOVA, Pushkin")).to_be_visible(timeout=4000)
