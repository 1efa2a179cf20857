"""The care plan's live totals as a spending line is typed, with or without JS."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careplans.models import SpendingLine
from tests import careplan_pages_helpers
from tests.builders import add_line, complete_draft
from tests.careplan_pages_helpers import PA, appendix_1, appendix_1_without_pa, pa_form, url

pytestmark = pytest.mark.django_db
person = careplan_pages_helpers.person  # the fixture: this module's, not conftest's


# -- Live totals ----------------------------------------------------------------------------------


def test_live_totals_for_the_appendix_1_plan_as_the_pa_line_is_typed(
    client, people, person, pilot_tariffs
):
    version, outcome = complete_draft(people, person)
    appendix_1_without_pa(people, version, outcome, pilot_tariffs["cmht"].intervention)
    client.force_login(people.coordinator)
    lines_before = SpendingLine.objects.count()
    response = client.post(url("line_totals", version), pa_form(version, outcome))
    assert response.status_code == 200
    text = response.text
    assert "£42.00 a week, £2,184.00 a year" in text
    assert "£4,274.20" in text  # per year
    assert "£500.00" in text  # one-off
    assert "£4,774.20" in text  # total
    assert "£4,800.00" in text
    assert "£25.80" in text  # remaining
    assert "Within 15% of the indicative budget: the team’s facilitator signs it off." in text
    assert response.context["totals"].total == Decimal("4774.20")
    assert SpendingLine.objects.count() == lines_before  # nothing kept


def test_live_totals_while_editing_a_line_replace_it(client, people, person, pilot_tariffs):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    line = version.lines.get(description=PA)
    client.force_login(people.coordinator)
    response = client.post(
        url("line_totals_edit", version, line.pk), pa_form(version, outcome, quantity="7")
    )
    totals = response.context["totals"]
    assert totals.per_year == Decimal("4638.20")  # £2,548.00 instead of £2,184.00
    assert totals.total == Decimal("5138.20")


def test_typing_a_total_over_the_limit_shows_the_commissioner_route(
    client, people, person, pilot_tariffs
):
    version, outcome = complete_draft(people, person)
    appendix_1_without_pa(people, version, outcome, pilot_tariffs["cmht"].intervention)
    client.force_login(people.coordinator)
    response = client.post(
        url("line_totals", version), pa_form(version, outcome, unit_cost="12.00")
    )
    text = response.text
    assert "£3,744.00 a year" in text
    assert "£6,334.20" in text
    assert "Over the indicative budget by" in text
    assert "£1,534.20" in text
    assert (
        "More than 15% above the indicative budget (limit £5,520.00): "
        "a commissioner must approve it." in text
    )


def test_live_totals_say_why_a_line_is_not_counted_yet(client, people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    response = client.post(
        url("line_totals", version), pa_form(version, outcome, unit_cost="7.005")
    )
    assert response.status_code == 200
    assert "This line is not in the totals yet" in response.text
    assert "at most two decimal places" in response.text
    clinical = client.post(
        url("line_totals", version),
        pa_form(
            version,
            outcome,
            kind="clinical",
            intervention=pilot_tariffs["cmht"].intervention.pk,
            quantity="4",
        ),
    )
    assert "£808.16" in clinical.text


def test_without_javascript_the_line_page_shows_the_same_totals(client, people, person):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    page = client.post(url("line_add", version), {**pa_form(version, outcome), "action": "check"})
    assert page.status_code == 200
    assert "£2,184.00" in page.text
    assert not SpendingLine.objects.exists()
    saved = client.post(url("line_add", version), {**pa_form(version, outcome), "action": "save"})
    assert saved.status_code == 302
    editor = client.get(saved["Location"])
    assert "The plan now totals £2,184.00, £2,616.00 left of £4,800.00." in editor.text
    assert "£2,184.00" in editor.text


def test_money_is_not_rounded_and_quantities_are_whole(client, people, person):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    response = client.post(
        url("line_add", version),
        {**pa_form(version, outcome, unit_cost="7.005", quantity="6.5"), "action": "save"},
    )
    assert response.status_code == 200
    assert "An amount of money has at most two decimal places" in response.text
    assert "Enter a whole number, 1 or more." in response.text
    assert not SpendingLine.objects.exists()


def test_live_totals_query_count_does_not_grow_with_the_lines(client, people, person):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)

    def add_lines(count: int) -> None:
        for number in range(count):
            add_line(
                people,
                version,
                outcome,
                kind="purchase",
                description=f"Session {number}",
                category="therapies",
                unit_cost="10.00",
                quantity=1,
                frequency="monthly",
                funding_route="notional",
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url("line_totals", version), pa_form(version, outcome))
        assert response.status_code == 200
        return len(captured)

    add_lines(5)
    with_5 = queries()
    add_lines(35)
    assert queries() == with_5
    assert with_5 <= 10
