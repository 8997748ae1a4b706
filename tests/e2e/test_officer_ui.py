"""What an officer notices in a real browser: signing in (by keyboard too), finding a
misspelt name, one person with records from several systems on one timeline, a
restricted person staying hidden, and a module's pages going when it is switched off.
Every page is photographed at desktop and phone width under tests/e2e/artefacts/."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select


VOWEL_SWAP = {"a": "e", "e": "a", "i": "y", "o": "a", "u": "o", "y": "i"}


def misspell(name: str) -> str:
    """The name with one vowel after the first letter swapped, as it is often mistyped."""
    for i, ch in enumerate(name[1:], start=1):
        if ch.lower() in VOWEL_SWAP:
            return name[:i] + VOWEL_SWAP[ch.lower()] + name[i + 1:]
    return name + name[-1]


def busiest_person(live) -> tuple[str, str, str, int]:
    """A bridged person whose records come from the most legacy systems: id, given, family, systems."""
    from core.persons.models import PersonName, SourceRecord
    from core.platform.db import session

    adapters = set(live.app.extensions["mips"].plugins.adapters())
    with live.app.app_context():
        systems = func.count(func.distinct(SourceRecord.system))
        pid, count = session().execute(select(SourceRecord.person_id, systems).where(SourceRecord.system.in_(adapters))
                                       .group_by(SourceRecord.person_id).order_by(systems.desc(), SourceRecord.person_id)
                                       .limit(1)).one()
        given, family = session().execute(select(PersonName.given, PersonName.family).where(
            PersonName.person_id == pid, PersonName.kind == "primary", PersonName.given != "").limit(1)).one()
    return pid, given, family, count


def search(page, text: str, purpose: str = "CAD 4471 street check") -> None:
    page.goto("/search")
    page.get_by_label("Name, date of birth, registration, postcode or reference").fill(text)
    page.get_by_label("Why are you searching?").fill(purpose)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=*")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_sign_in_by_keyboard_alone_and_sign_out(live, browser, shoot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live.url)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to MiPS")).to_be_visible()
    shoot(page, "sign-in")
    page.keyboard.press("Tab")  # the skip link comes first
    for _ in range(8):
        if page.evaluate("document.activeElement.id") == "username":
            break
        page.keyboard.press("Tab")
    page.keyboard.type("pc.taylor")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-pass-2026")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search")
    expect(page.get_by_text("PC Sam Taylor")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")
    expect(page.get_by_text("You have signed out")).to_be_visible()
    page.goto("/search")
    assert "/sign-in" in page.url
    context.close()


def test_a_misspelt_name_finds_the_person_and_their_timeline_has_three_sources(live, signed_in, shoot):
    pid, given, family, systems = busiest_person(live)
    assert systems >= 3, "the simulated force should have someone known to three systems"
    page = signed_in("pc.taylor")
    search(page, f"{given} {misspell(family)}")
    expect(page.get_by_role("heading", name=re.compile("People"))).to_be_visible()
    link = page.locator(f'a[href="/persons/{pid}"]')
    assert link.count() == 1, f"{given} {misspell(family)} did not find {given} {family}"
    shoot(page, "search-results")
    link.click()
    page.wait_for_url(f"**/persons/{pid}")
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    sources = set(page.locator('[data-testid="timeline"] .moj-timeline__item').evaluate_all(
        "items => items.map(i => i.dataset.source)"))
    assert len(sources) >= 3, sources
    expect(page.locator(".moj-timeline__title .govuk-tag").first).to_be_visible()  # each item names its source
    page.wait_for_selector('#link-chart[data-ready="true"]')
    shoot(page, "person")
    page.set_viewport_size({"width": 390, "height": 844})
    assert no_sideways_scroll(page)


def test_the_link_chart_opens_an_associate(live, signed_in):
    pid, *_ = busiest_person(live)
    page = signed_in("pc.taylor")
    page.set_viewport_size({"width": 1280, "height": 3000})  # the whole chart in view, as on a big screen
    page.goto(f"/persons/{pid}?purpose=CAD+1")
    page.wait_for_selector('#link-chart[data-ready="true"]')
    page.locator("#link-chart").scroll_into_view_if_needed()
    # an associate's node that no other node overlaps, where a person would click it
    target = page.evaluate("""() => {
        const cy = window.mipsChart, box = document.getElementById('link-chart').getBoundingClientRect();
        const inside = (b, p) => p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;
        const n = cy.nodes('[kind = "person"][root = 0]').filter(n => cy.nodes().every(
            m => m.same(n) || !inside(m.renderedBoundingBox(), n.renderedPosition())))[0];
        const p = n.renderedPosition();
        return {url: n.data('url'), x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url(f"**{target['url']}")


def test_an_officer_without_the_right_does_not_see_a_restricted_person(live, signed_in, shoot):
    officer = signed_in("pc.taylor")
    search(officer, "Orla Quennell")
    expect(officer.get_by_role("heading", name="No results")).to_be_visible()
    vetted = signed_in("pc.vetted")
    search(vetted, "Orla Quennell")
    link = vetted.get_by_role("link", name="Orla Quennell")
    href = link.get_attribute("href")
    link.click()
    expect(vetted.get_by_text("RESTRICTED")).to_be_visible()
    officer.goto(href.split("?")[0])  # the vetted officer's purpose is not the officer's
    expect(officer.get_by_role("heading", name="Why are you looking at this person?")).to_be_visible()  # as for anyone
    officer.goto(href.split("?")[0] + "?purpose=CAD+9")
    expect(officer.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(officer.get_by_text("Quennell")).to_have_count(0)
    shoot(officer, "not-found")


def test_turning_a_module_off_takes_its_pages_away(live, signed_in, shoot):
    admin = signed_in("admin")
    admin.goto("/admin/modules")
    card = admin.locator('[data-module-name="mockmod"]')
    card.get_by_label("The whole force").check()
    card.get_by_role("button", name="Save Mock module").click()
    expect(admin.get_by_text("Mock module is now on for the whole force")).to_be_visible()
    shoot(admin, "admin-modules")

    viewer = signed_in("mock.viewer")
    viewer.get_by_role("link", name="Mock module").click()
    expect(viewer.get_by_role("heading", name="Things")).to_be_visible()

    card = admin.locator('[data-module-name="mockmod"]')
    card.get_by_label("Nobody (off)").check()
    card.get_by_role("button", name="Save Mock module").click()
    expect(admin.get_by_text("Mock module is now off")).to_be_visible()

    viewer.reload()
    expect(viewer.get_by_role("heading", name="The mockmod module is off")).to_be_visible()
    expect(viewer.get_by_role("link", name="Mock module")).to_have_count(0)
    shoot(viewer, "module-off")


def test_admin_and_audit_pages(live, signed_in, shoot):
    pid, *_ = busiest_person(live)
    admin = signed_in("admin")
    admin.goto("/admin/legacy")
    expect(admin.get_by_role("heading", name="Legacy systems")).to_be_visible()
    assert admin.locator("tr[data-system]").count() >= 7
    shoot(admin, "admin-legacy")
    admin.get_by_role("link", name=re.compile("Reconciliation report for CRIS")).click()
    expect(admin.get_by_role("heading", name="Reconciliation report")).to_be_visible()
    shoot(admin, "reconciliation-report")
    admin.goto("/admin/users/pc.taylor")
    shoot(admin, "admin-user-roles")

    officer = signed_in("pc.taylor")
    officer.goto(f"/persons/{pid}?purpose=Crime+CR%2F77%2F26")
    auditor = signed_in("auditor")
    auditor.goto(f"/audit?entity_type=person&entity_id={pid}")
    rows = auditor.locator('[data-testid="audit-entries"] tbody tr')
    assert rows.filter(has_text="pc.taylor").filter(has_text="Crime CR/77/26").count() >= 1
    shoot(auditor, "audit")


def test_a_marker_raised_elsewhere_appears_on_an_open_person_page_within_2_seconds(live, signed_in):
    """Officer safety: the officer at the door has the person open; intelligence (or anyone)
    raises a marker; the open page shows it without a reload by hand (server push)."""
    import time

    from core.kit import current_uow, persons
    from core.platform.db import commit

    pid, *_ = busiest_person(live)
    page = signed_in("pc.taylor")
    page.goto(f"/persons/{pid}?purpose=CAD+2")
    page.wait_for_selector('[data-mips-push="persons.%s"]' % pid)
    page.wait_for_timeout(1500)  # the page is listening
    with live.app.test_request_context("/"):
        persons.raise_marker(current_uow(), pid, "firearms", detail="Seen with a handgun today, e2e",
                             source_system="intelligence", source_key="IR/e2e", by="intel.officer")
        current_uow().commit()
        commit()
    raised = time.monotonic()
    expect(page.get_by_test_id("markers").get_by_text("Seen with a handgun today, e2e")).to_be_visible(timeout=2000)
    assert time.monotonic() - raised < 2.0
