"""Migrating a legacy system from the admin page, in a real browser: the "Migrate" button
asks first (with JavaScript and without), and a system no installed module takes is
refused on that page with the reason. Nothing here confirms a migration, so the shared
demo force stays as the other browser tests expect it."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, DESKTOP


def _row(page, system: str):
    return page.locator(f'tr[data-system="{system}"]')


def test_migrate_asks_for_confirmation_and_going_back_changes_nothing(live, signed_in, shoot):
    admin = signed_in("admin")
    admin.goto("/admin/legacy")
    admin.get_by_role("button", name="Migrate NSPIS (custody)").click()
    expect(admin.get_by_role("heading", name="Are you sure you want to migrate NSPIS (custody)?")).to_be_visible()
    expect(admin.get_by_text("No record disappears from search or from a person's page")).to_be_visible()
    expect(admin.get_by_role("button", name="Yes, migrate NSPIS (custody)")).to_be_visible()
    shoot(admin, "legacy-migrate-confirm")
    admin.get_by_role("link", name="No, go back").click()
    expect(admin.get_by_role("heading", name="Legacy systems")).to_be_visible()
    expect(_row(admin, "nspis")).to_contain_text("Live")


def test_without_javascript_a_system_no_module_takes_is_refused_with_the_reason(live, browser, shoot):
    context = browser.new_context(viewport=DESKTOP, base_url=live.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/sign-in")
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto("/admin/legacy")
        page.get_by_role("button", name="Migrate Airspace (anti-social behaviour)").click()
        expect(page.get_by_role("heading", name="Airspace (anti-social behaviour) cannot be migrated")).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text(re.compile("investigation module does not take its records"))
        expect(page.get_by_role("button", name=re.compile("Yes, migrate"))).to_have_count(0)
        shoot(page, "legacy-migrate-refused")
        page.goto("/admin/legacy")
        expect(_row(page, "airspace")).to_contain_text("Live")
    finally:
        context.close()
