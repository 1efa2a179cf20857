"""Chromium driven by Playwright against the live server, with axe-core.

Debian's Chromium is used (a download of Playwright's own browser cannot
happen here); requests to any host but the live server are refused.
"""

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import require

AXE = Path(__file__).with_name("vendor") / "axe.min.js"

# A loaded CI machine (a worker and a browser beside the tests) can be slow to
# answer; assertions wait for the page as long as actions do.
expect.set_options(timeout=10_000)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    require(executable is not None, "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        require(False, "Playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    own_host = urlsplit(live_server.url).netloc

    def only_the_live_server(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # What the page asked for and said, shown with a failing test's output.
    log: list[str] = []
    page.on("console", lambda message: log.append(f"console {message.type}: {message.text}"))
    page.on("response", lambda r: log.append(f"{r.status} {r.request.method} {r.url}"))
    page.on("requestfailed", lambda r: log.append(f"FAILED {r.method} {r.url} {r.failure}"))
    yield page
    print("\n".join(log))  # noqa: T201
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.2 A and AA, and best practice) on the page, once it has loaded:
    a page still loading its styles has links too small to touch."""
    page.wait_for_load_state("load")
    page.evaluate(AXE.read_text())
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'wcag22aa', 'best-practice']}
        })"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
