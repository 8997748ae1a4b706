"""Browser tests: the real app served on a free port against a temp SQLite database with
the demo force and a small simulated legacy force, driven by Playwright through Debian's
chromium (headless; Playwright never downloads a browser of its own).

Fixtures other tests reuse (the custody board test among them):

``live``        the running app: ``live.url``, ``live.app``, ``live.enable(module, units)``
``browser``     one headless chromium for the session
``signed_in``   ``signed_in(username)`` -> a Playwright page signed in through the form, on
                the user's landing page (search for officers, the audit for an auditor)
``shoot``       ``shoot(page, name)`` saves ``tests/e2e/artefacts/<name>-desktop.png`` and
                ``-phone.png`` (1280 and 390 pixels wide)
"""
from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = Path(__file__).parent / "artefacts"
DEMO_PASSWORD = "demo-pass-2026"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


@dataclass
class Live:
    url: str
    app: object

    def enable(self, module: str, units: list[str] | None = None, enabled: bool = True) -> None:
        """Switch a module on (force-wide, or for units) or off, as an admin would."""
        from core.modules import registry
        from core.platform.db import commit, session

        kernel = self.app.extensions["mips"]
        with self.app.app_context():
            registry.set_rollout(session(), kernel.installed, module, enabled, units or [], actor="e2e")
            commit()
            kernel.refresh(session(), force=True)


def _load_force(app, legacy_dir: Path) -> None:
    from rich.console import Console

    from adapters.simulator.simulate import simulate
    from core.demo.seed import mark_demo_database, seed_demo
    from core.identity.services import create_user
    from core.legacy.bridge import bridge
    from core.persons import service as persons
    from core.platform.db import commit, session

    kernel = app.extensions["mips"]
    simulate(80, 3, legacy_dir)
    with app.app_context():
        kernel.refresh(session(), force=True)
        mark_demo_database(session())
        seed_demo(kernel, Console(file=io.StringIO()))
        known = kernel.known_roles()
        create_user(session(), known, username="pc.vetted", password=DEMO_PASSWORD, unit="Camden",
                    roles=["officer", "vetted"], display_name="PC Vetted")
        create_user(session(), known, username="mock.viewer", password=DEMO_PASSWORD, unit="Camden",
                    roles=["officer", "viewer:mockmod"], display_name="Mock viewer")
        persons.create(session(), {"names": [{"given": "Orla", "family": "Quennell"}], "dobs": ["1990-01-05"]},
                       system="mips", key="protected/1", restriction="restricted")
        commit()
        bridge(session(), kernel.plugins.adapters())
        commit()


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    from sqlalchemy import create_engine
    from werkzeug.serving import make_server

    from core.platform.dbmigrate import upgrade
    from tests import mock_plugin
    from tests.conftest import make_app

    root = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{root / 'mips.db'}"
    upgrade(url)
    engine = create_engine(url)
    mock_plugin.MockThing.__table__.create(engine)
    engine.dispose()
    os.environ["MIPS_LEGACY_DIR"] = str(root / "legacy")
    os.environ["MIPS_ENV"] = "development"  # plain http: the session cookie cannot be Secure
    app = make_app(url)
    _load_force(app, root / "legacy")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Live(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        app.extensions["mips"].db.dispose()
        os.environ.pop("MIPS_LEGACY_DIR", None)
        os.environ.pop("MIPS_ENV", None)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def signed_in(live, browser):
    contexts = []

    def _sign_in(username: str, password: str = DEMO_PASSWORD):
        context = browser.new_context(viewport=DESKTOP, base_url=live.url)
        contexts.append(context)
        page = context.new_page()
        page.goto("/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in" not in url)  # each lands where their roles allow
        return page

    yield _sign_in
    for context in contexts:
        context.close()


@pytest.fixture
def shoot():
    ARTEFACTS.mkdir(exist_ok=True)

    def _shoot(page, name: str) -> None:
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=str(ARTEFACTS / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size(DESKTOP)

    return _shoot
