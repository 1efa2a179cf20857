"""The whole journey by keyboard (bench/keyboard_plan.py): from the person's page, start a
plan, fill it in, add 2 outcomes, 1 risk and 3 lines, and submit it. Page by page (as it
still works without JavaScript) it takes 16 page loads and 663 key presses, 400 of them
the characters of the plan's own words; with the editor in place, at most 3 loads and
at most 150 keys besides those words (3 and 142 when counted)."""

import pytest

from bench.keyboard_plan import journey
from budgets.services import indicative_budget_set
from careplans.models import CarePlanVersion, PlanStatus
from tests.browser.test_careplan_pages import sign_in_by_keyboard
from tests.builders import YEAR
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person(people, pilot_tariffs):
    person = ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, given_name="Ann"
    )
    indicative_budget_set(
        user=people.coordinator,
        participant=person,
        method="manual",
        year=YEAR,
        inputs={"amount": "4800.00"},
        reason="Agreed with the person",
    )
    return person


def run(page, people, person, with_js: bool):
    sign_in_by_keyboard(page, "cara")
    page.wait_for_load_state("load")  # the home page's load is not the journey's
    figures = journey(
        page,
        f"/participants/{person.pk}/",
        coordinator=people.coordinator.get_full_name()[:4],
        start="01/04/2012",
        first_review="28/06/2012",
        with_js=with_js,
    )
    version = CarePlanVersion.objects.get(plan__participant=person)
    assert version.status == PlanStatus.SUBMITTED
    assert version.lines.count() == 3
    assert version.outcomes.count() == 2
    return figures


def test_the_keyboard_journey_takes_half_the_page_loads_and_key_presses(page, people, person):
    figures = run(page, people, person, with_js=True)
    print(figures.summary("with JavaScript"))  # noqa: T201
    # Page by page it took 16 loads and 663 keys, 263 of them not the plan's own words.
    assert len(figures.loads) <= 3, figures.loads
    assert figures.keys - figures.typed <= 150, figures.tabs
    assert figures.typed == 400  # the same words typed: the journey did not change


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_same_journey_works_page_by_page_without_javascript(page_without_js, people, person):
    figures = run(page_without_js, people, person, with_js=False)
    print(figures.summary("without JavaScript"))  # noqa: T201
    assert len(figures.loads) == 16
