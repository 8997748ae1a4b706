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
    expect(page.get_by_role("heading", name=re.compile(r"CAM.\d{2}.\d{6}"))).to_be_visible()
    expect(page.get_by_text("Rights and entitlements given")).to_be_visible()
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
