"""A care plan's versions: a new draft from a decided one, and the print view."""

import pytest

from careplans import decisions
from tests import careplan_pages_helpers
from tests.careplan_pages_helpers import PA, appendix_1, submitted_plan, url

pytestmark = pytest.mark.django_db
person = careplan_pages_helpers.person  # the fixture: this module's, not conftest's


# -- Versions and the print view ------------------------------------------------------------------


def test_a_new_draft_is_started_from_a_decided_version(client, people, person, pilot_tariffs):
    version = submitted_plan(people, person, pilot_tariffs)
    decisions.decide(user=people.facilitator, version=version, kind="sign_off")
    client.force_login(people.coordinator)
    page = client.get(url("detail", version))
    assert "Start a new draft" in page.text
    response = client.post(url("new_draft", version))
    assert response["Location"] == url("edit", version)
    assert version.plan.versions.get(number=2).lines.count() == 6
    old = client.get(url("version", version, 1))
    assert old.status_code == 200
    assert "This version is kept as it was and cannot change." in old.text


def test_the_print_view_has_the_appendix_1_figures(client, people, person, pilot_tariffs):
    version, _ = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.coordinator)
    response = client.get(url("print", version, version.number))
    assert response.status_code == 200
    text = response.text
    assert "Spending plan for Ann Example" in text
    assert "Care plan version 1" in text
    assert "Money in" in text
    assert "Personal Health Budget" in text
    assert "Money out (help/service costs)" in text
    assert "Additional items/costs required" in text
    html = " ".join(text.split())
    assert (
        f'scope="row">{PA}</th> <td class="nhsuk-table__cell app-table-numeric">£42.00</td> '
        '<td class="nhsuk-table__cell app-table-numeric">£2,184.00</td>' in html
    )
    assert 'Total per year</th> <td class="nhsuk-table__cell app-table-numeric">£4,274.20' in html
    assert 'Personal Computer</th> <td class="nhsuk-table__cell app-table-numeric">£500.00' in html
    assert "<strong>£4,774.20</strong>" in html
    assert 'Remaining</th> <td class="nhsuk-table__cell app-table-numeric"><strong>£25.80' in html
    assert "£4,800.00" in html
