"""In a real browser, as an administrator, an auditor and an officer would use it:
switching a module on for one unit by clicking (with JavaScript, and without), creating
and disabling an account, an auditor's day (land on the audit, find a person, see who
looked and why, download the CSV), what a search result tells an officer, the link chart
filtered by link type and hops, and wide tables that stay on a 390 px screen."""
from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, DESKTOP, PHONE
from tests.e2e.test_officer_ui import busiest_person, no_sideways_scroll, search


def test_an_admin_switches_a_module_on_for_one_unit_by_clicking(live, signed_in, shoot):
    admin = signed_in("admin")
    admin.goto("/admin/modules")
    card = admin.locator('[data-module-name="mockmod"]')
    camden = card.get_by_label("Camden")
    expect(camden).to_be_hidden()  # JavaScript hides the units until they are asked for
    card.get_by_label("These units only").check()
    expect(camden).to_be_visible()
    camden.check()
    card.get_by_role("button", name="Save Mock module").click()
    expect(admin.get_by_text("Mock module is now on for Camden")).to_be_visible()
    card = admin.locator('[data-module-name="mockmod"]')
    expect(card.get_by_label("These units only")).to_be_checked()  # the card shows what is in force
    expect(card.get_by_label("Camden")).to_be_visible()
    expect(card.get_by_label("Camden")).to_be_checked()
    expect(card.get_by_label("Nobody (off)")).not_to_be_checked()
    shoot(admin, "admin-modules-units")
    live.enable("mockmod", enabled=False)


def test_switching_a_module_on_for_a_unit_works_without_javascript(live, browser):
    context = browser.new_context(viewport=DESKTOP, base_url=live.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sign-in")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/modules")
    card = page.locator('[data-module-name="mockmod"]')
    card.get_by_label("These units only").check()
    card.get_by_label("Hackney").check()
    card.get_by_role("button", name="Save Mock module").click()
    expect(page.get_by_text("Mock module is now on for Hackney")).to_be_visible()
    expect(page.locator('[data-module-name="mockmod"]').get_by_label("These units only")).to_be_checked()
    context.close()
    live.enable("mockmod", enabled=False)


def test_an_admin_creates_then_disables_an_account(live, signed_in, shoot):
    admin = signed_in("admin")
    admin.goto("/admin/users")
    admin.get_by_role("link", name="Create an account").click()
    admin.get_by_label("Username").fill("pc.e2e")
    admin.get_by_label("Name shown to others").fill("PC End To End")
    admin.get_by_label("Password").fill("short")
    admin.get_by_label("Unit", exact=True).select_option("Hackney")
    admin.get_by_role("button", name="Create account").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text("at least")
    admin.get_by_label("Password").fill("long-enough-e2e")
    admin.get_by_role("button", name="Create account").click()
    expect(admin.get_by_text("The account pc.e2e has been created")).to_be_visible()
    admin.get_by_role("button", name="Disable account").click()
    expect(admin.get_by_text("The account pc.e2e is now disabled")).to_be_visible()
    expect(admin.get_by_test_id("account-state")).to_contain_text("Disabled")
    shoot(admin, "admin-account")


def test_an_auditors_day(live, signed_in, browser, shoot):
    pid, given, family, _ = busiest_person(live)
    officer = signed_in("pc.taylor")
    officer.goto(f"/persons/{pid}?purpose=Crime+CR%2F88%2F26")
    name = officer.locator("h1").inner_text()
    auditor = signed_in("auditor")
    assert auditor.url.endswith("/audit")
    expect(auditor.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(auditor.get_by_text("You do not have access")).to_have_count(0)
    auditor.get_by_label("Name, date of birth or reference").fill(f"{given} {family}")
    auditor.get_by_label("Why are you looking?").fill("Audit case 2026/7")
    auditor.get_by_role("button", name="Find person").click()
    auditor.get_by_test_id("found-persons").get_by_role("link", name=name).first.click()
    expect(auditor.get_by_test_id("audit-subject")).to_contain_text(name)
    rows = auditor.get_by_test_id("audit-entries").locator("tbody tr")
    expect(rows.filter(has_text="PC Sam Taylor").filter(has_text="Crime CR/88/26").first).to_be_visible()
    auditor.get_by_text("Filter the entries").click()
    auditor.get_by_label("Officer").fill("Taylor")
    auditor.get_by_role("button", name="Filter").click()
    expect(rows.filter(has_text="Audit case 2026/7")).to_have_count(0)  # the auditor's own look is filtered out
    with auditor.expect_download() as download:
        auditor.get_by_test_id("export-csv").click()
    table = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert any("Crime CR/88/26" in row for row in table[1:]) and all(row[2] == "pc.taylor" for row in table[1:])
    shoot(auditor, "audit-person")
    auditor.set_viewport_size(PHONE)
    assert no_sideways_scroll(auditor)


def test_a_search_result_shows_markers_age_address_and_plain_reasons(live, signed_in, shoot):
    officer = signed_in("pc.taylor")
    search(officer, "bob fairweather")
    first = officer.locator('[data-group="person"] li').first
    expect(first.get_by_test_id("result-markers")).to_contain_text("VIOLENT")
    expect(first.get_by_role("link", name="Robert Fairweather")).to_be_visible()
    expect(first.get_by_test_id("result-dob")).to_contain_text("02/11/1979 (age ")
    expect(first.get_by_test_id("result-address")).to_contain_text("NW3 2PN")
    expect(first.get_by_test_id("result-why")).to_contain_text("a nickname of the name searched")
    shoot(officer, "search-result-card")
    first.get_by_role("link", name="Robert Fairweather").click()
    expect(officer.locator("h1")).to_have_text("Robert Fairweather")


def test_the_link_chart_filters_by_link_type_and_hops(live, signed_in, shoot):
    pid, *_ = busiest_person(live)
    page = signed_in("pc.taylor")
    page.goto(f"/persons/{pid}?purpose=CAD+1")
    page.wait_for_selector('#link-chart[data-ready="true"]')
    count = "() => window.mipsChart.nodes().not('.mips-hidden').length"
    everyone = page.evaluate(count)
    page.get_by_label("Direct links only").check()
    direct = page.evaluate(count)
    assert 1 < direct < everyone or everyone == direct == page.evaluate(
        "() => window.mipsChart.nodes('[hop <= 1]').length")
    assert page.evaluate("() => window.mipsChart.nodes().not('.mips-hidden').every(n => n.data('hop') <= 1)")
    page.get_by_label("Two links away").check()
    boxes = page.get_by_test_id("link-chart-controls").locator('input[name="chart-role"]')
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    assert page.evaluate(count) == 1  # only the person, with no link shown
    expect(page.locator("#link-chart-count")).to_contain_text("Showing 1 of")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    assert page.evaluate(count) == everyone
    shoot(page, "link-chart-filtered")


def test_wide_tables_stay_on_a_phone_screen(live, signed_in):
    admin = signed_in("admin")
    for path in ("/admin/legacy", "/admin/legacy/cris/report", "/admin/users", "/audit"):
        if path == "/audit":
            admin = signed_in("auditor")
        admin.set_viewport_size(PHONE)
        admin.goto(path)
        assert no_sideways_scroll(admin), path
