"""In a real browser: finding a person and working out their indicative budget with the
amount coming from the server as you type (htmx), and axe on the costing pages."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budgets.models import IndicativeBudget
from costing.clusters import CARE_CLUSTERS
from costing.models import Cluster
from participants.models import Participant
from participants.services import ServiceUseEntry, cluster_assign, service_use_record
from tests.browser.conftest import assert_accessible
from tests.browser.test_pages import sign_in
from tests.factories import DirectPaymentFactory, ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clusters(db) -> dict[int, Cluster]:
    """The care clusters (a transactional test database may have flushed the migration's)."""
    return {
        number: Cluster.objects.get_or_create(
            number=number,
            defaults={"name": name, "description": description, "review_period_weeks": weeks},
        )[0]
        for number, name, description, weeks in CARE_CLUSTERS
    }


@pytest.fixture
def person(people, pilot_tariffs, clusters) -> Participant:
    """Participant 8 of the pilot, 2010-11: 49 CMHT contacts, 5 crisis, 18 bed days."""
    participant = ParticipantFactory(
        team=people.team,
        given_name="Ann",
        family_name="Example",
        care_coordinator=people.coordinator,
        cohort=Participant.Cohort.BUDGET_HOLDER,
    )
    cluster_assign(participant=participant, cluster=clusters[8], start=date(2010, 4, 1))
    service_use_record(
        user=people.coordinator,
        entries=[
            ServiceUseEntry(participant, pilot_tariffs[code].intervention, day, quantity)
            for code, day, quantity in (
                ("cmht", date(2010, 5, 1), 49),
                ("crisis", date(2010, 6, 1), 5),
                ("inpatient", date(2010, 7, 1), 18),
            )
        ],
    )
    DirectPaymentFactory(
        participant=participant,
        date=date(2011, 9, 1),
        amount=Decimal("3800.00"),
        description="Laptop and college course",
        entered_by=people.coordinator,
    )
    return participant


def test_a_coordinator_finds_a_person_and_sets_their_budget_as_they_type(page, people, person):
    sign_in(page, "cara")
    page.get_by_role("link", name="Participants", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Participants")

    search = page.get_by_label("Name or NHS number")
    search.focus()
    page.keyboard.type(person.nhs_number_display)
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Example, Ann")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ann Example")
    expect(page.get_by_role("table", name="Costs of care in 2010-11: £19,464.75")).to_be_visible()

    page.get_by_role("link", name="Work out an indicative budget").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work out an indicative budget")
    page.wait_for_load_state("load")  # htmx (deferred) is listening before anyone types
    year = page.get_by_label("Financial year")
    year.fill("")
    year.type("2012-13")
    contacts = page.get_by_label("Community mental health team contact")
    contacts.focus()
    page.keyboard.type("12")

    preview = page.locator("#budget-preview")
    expect(preview).to_contain_text("£2,424.48")
    expect(preview).to_contain_text("12 × Community mental health team contact at £202.04")
    expect(page).to_have_url(f"/participants/{person.pk}/indicative-budget/")
    assert not IndicativeBudget.objects.exists()

    page.get_by_role("button", name="Save this budget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ann Example")
    expect(page.get_by_text("The indicative budget for 2012-13 is now £2,424.48.")).to_be_visible()
    budget = IndicativeBudget.objects.get()
    assert budget.amount == Decimal("2424.48")
    assert budget.set_by == people.coordinator


def test_choosing_another_method_reveals_its_inputs(page, people, person):
    sign_in(page, "cara")
    page.goto(f"/participants/{person.pk}/indicative-budget/")
    expect(page.get_by_label("Amount")).to_be_hidden()
    page.get_by_label("Set by hand, with a reason").check()
    expect(page.get_by_label("Amount")).to_be_visible()
    page.get_by_label("Amount").fill("4800")
    page.get_by_label("Reason for setting it by hand").fill("Agreed with the person")
    expect(page.locator("#budget-preview")).to_contain_text("£4,800.00")
    assert_accessible(page)


def test_the_participant_list_and_page_are_accessible(page, people, person):
    sign_in(page, "cara")
    page.goto("/participants/")
    assert_accessible(page)
    page.goto(f"/participants/{person.pk}/")
    expect(page.get_by_text("PHB direct payment (for alternative services)")).to_be_visible()
    assert_accessible(page)


def test_the_add_form_with_errors_is_accessible(page, people, clusters):
    sign_in(page, "cara")
    page.goto("/participants/add/")
    page.get_by_label("NHS number").fill("999 000 0019")
    page.get_by_label("Given name").fill("Nia")
    page.get_by_role("button", name="Add the participant").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("alert")).to_contain_text(
        "This is not a valid NHS number: check the digits"
    )
    assert_accessible(page)


def test_the_calculator_is_accessible_before_and_after_a_preview(page, people, person):
    sign_in(page, "cara")
    page.goto(f"/participants/{person.pk}/indicative-budget/")
    assert_accessible(page)
    page.get_by_label("Community mental health team contact").fill("12")
    expect(page.locator("#budget-preview")).to_contain_text("£2,424.48")
    assert_accessible(page)
    page.get_by_label("Financial year").fill("2012-14")
    page.get_by_role("button", name="Check the amount").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)


def test_an_import_preview_with_errors_is_accessible(page, people, person):
    sign_in(page, "cara")
    page.goto("/participants/import/service-use/")
    assert_accessible(page)
    page.get_by_label("Or paste the rows").fill(
        "nhs_number,intervention,date,quantity\n"
        f"{person.nhs_number},cmht,2010-06-01,1\n"
        f"{person.nhs_number},dentist,2010-06-01,0\n"
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("The file cannot be imported")
    expect(page.get_by_text("Unknown intervention “dentist”.")).to_be_visible()
    assert_accessible(page)


def test_an_import_preview_is_accessible_and_imports(page, people, person):
    sign_in(page, "cara")
    page.goto("/participants/import/service-use/")
    page.get_by_label("Or paste the rows").fill(
        f"nhs_number,intervention,date,quantity\n{person.nhs_number},cmht,2010-06-01,2\n"
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("£404.08")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import 1 row").click()
    expect(page.get_by_text("Imported 1 row of service use.")).to_be_visible()


def test_the_tariff_and_cluster_pages_are_accessible(page, people, pilot_tariffs, clusters):
    sign_in(page, "connor")
    page.goto("/tariffs/")
    assert_accessible(page)
    page.get_by_role("link", name="Community mental health team contact").click()
    page.get_by_label("New price").fill("210.50")
    page.get_by_role("group", name="In force from").get_by_label("Day").fill("01/01/2010")
    page.get_by_role("button", name="Add the price").click()
    expect(page.get_by_role("alert")).to_contain_text("A new price must start after")
    assert_accessible(page)
    page.goto("/tariffs/clusters/")
    assert_accessible(page)


def test_no_content_security_policy_violation_on_the_calculator(page, people, person):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, "cara")
    page.goto(f"/participants/{person.pk}/indicative-budget/")
    page.get_by_label("Community mental health team contact").fill("3")
    expect(page.locator("#budget-preview")).to_contain_text("£606.12")
    assert violations == []
