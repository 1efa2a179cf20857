"""Who sees what of a care plan: another team, a commissioner, the trail."""

import pytest
from django.urls import reverse

from tests import careplan_pages_helpers
from tests.builders import complete_draft
from tests.careplan_pages_helpers import appendix_1, pa_form, url

pytestmark = pytest.mark.django_db
person = careplan_pages_helpers.person  # the fixture: this module's, not conftest's


# -- Who sees what --------------------------------------------------------------------------------


def test_another_team_s_coordinator_gets_404_everywhere(client, people, person, pilot_tariffs):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.other_coordinator)
    for address in (
        url("detail", version),
        url("edit", version),
        url("version", version, version.number),
        url("print", version, version.number),
        url("line_add", version),
        url("decide", version),
        url("submit", version),
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(url("line_totals", version), pa_form(version, outcome)).status_code == 404
    assert client.post(url("edit", version), {"version": 1}).status_code == 404
    assert client.post(url("submit", version), {"version": 1}).status_code == 404
    assert client.post(url("decide", version), {"decision": "return"}).status_code == 404
    start = reverse("careplans:start", args=[person.pk])
    assert client.post(start).status_code == 404


def test_a_commissioner_can_read_the_plan_but_not_change_it(client, people, person, pilot_tariffs):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.commissioner)
    page = client.get(url("detail", version))
    assert page.status_code == 200
    assert "£4,774.20" in page.text
    assert "Edit the draft" not in page.text
    assert client.get(url("version", version, 1)).status_code == 200
    assert client.get(url("print", version, 1)).status_code == 200
    assert client.get(url("edit", version)).status_code == 403
    assert client.post(url("edit", version), {"version": 1}).status_code == 403
    assert client.post(url("line_totals", version), pa_form(version, outcome)).status_code == 403
    assert client.post(url("submit", version), {"version": 1}).status_code == 403
    assert client.post(reverse("careplans:start", args=[person.pk])).status_code == 403


def test_the_plan_page_is_in_the_audit_trail(client, people, person):
    from audit.models import AuditEvent

    version, _ = complete_draft(people, person)
    client.force_login(people.coordinator)
    client.get(url("detail", version))
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).latest("pk")
    assert event.object_id == str(version.plan_id)
    assert event.user == people.coordinator
