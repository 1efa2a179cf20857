"""In a real browser, by keyboard alone: a commissioner goes from the header to the reports,
chooses a quarter and submits, opens the budgets section and sorts a table. axe runs on the
overview and the section; at 320 px wide neither scrolls sideways (a chart may scroll in its
own box); printed, the filters and the reports' menu are left out."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.budget_plans import budgets_in_2012_13

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page) -> None:
    page.wait_for_load_state("load")
    assert_accessible(page)


def press(page, target) -> None:
    tab_to(page, target)
    page.keyboard.press("Enter")


def no_sideways_scroll(page) -> None:
    """At 320 px the page fits, once the header has fitted its menu to the new width (its
    script does so a moment after the window is resized)."""
    page.set_viewport_size({"width": 320, "height": 900})
    page.wait_for_load_state("load")
    try:
        page.wait_for_function("document.documentElement.scrollWidth <= 320", timeout=5_000)
    except PlaywrightTimeoutError:
        width = page.evaluate("document.documentElement.scrollWidth")
        raise AssertionError(f"{page.url} is {width} px wide at 320 px") from None
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_commissioner_reads_the_reports_by_keyboard(page, people, pilot_tariffs):
    budgets_in_2012_13(people)
    csp = []
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_by_keyboard(page, "connor")
    menu = page.get_by_role("navigation", name="Menu")
    press(page, menu.get_by_role("link", name="Reports"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reports: ")

    tab_to(page, page.get_by_label("Financial year"))
    page.keyboard.type("2012-13")
    tab_to(page, page.get_by_label("Quarter"))
    page.keyboard.type("Q4")
    press(page, page.get_by_role("button", name="Show the figures"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reports: Q4 2012-13 (January to March)"
    )
    expect(page.locator("main")).to_contain_text("£15,300.00")
    accessible(page)
    no_sideways_scroll(page)

    press(page, page.get_by_role("link", name="Budgets", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Budgets")
    expect(page.get_by_text("Reports: Q4 2012-13 (January to March)")).to_be_visible()
    by_team = page.get_by_role("table", name="in Q4 2012-13 (January to March), by team")
    expect(by_team.get_by_role("row")).to_have_count(3)
    expect(page.locator("svg.app-chart")).to_have_count(5)
    accessible(page)

    press(page, by_team.get_by_role("link", name="Total a year"))
    total = page.locator("#by_team").get_by_role("columnheader", name="Total a year")
    expect(total).to_have_attribute("aria-sort", "ascending")
    press(page, page.locator("#by_team").get_by_role("link", name="Total a year"))
    expect(total).to_have_attribute("aria-sort", "descending")
    rows = page.locator("#by_team tbody tr")
    expect(rows.first).to_contain_text("Riverside CMHT")
    expect(rows.first).to_contain_text("£13,800.00")
    expect(rows.last).to_contain_text("Hillside CMHT")
    accessible(page)
    no_sideways_scroll(page)

    page.emulate_media(media="print")
    expect(page.locator("form.app-report-filters")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Reports")).to_be_hidden()
    expect(page.get_by_role("button", name="Show the figures")).to_be_hidden()
    expect(page.locator("svg.app-chart").first).to_be_visible()
    expect(by_team).to_be_visible()
    assert csp == []
