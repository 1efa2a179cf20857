"""Administrators read the audit trail but see no care record through it: for a change to a
record about a person they see its kind and id, who changed it, when and which fields, never
the values nor the record's name. Whether a model holds care data is declared on the model."""

import pytest
from django.core.checks import Error
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from audit.checks import care_data_declared
from audit.selectors import tracked_models
from careplans.models import Outcome
from common.care_data import NOT_CARE_DATA, care_data_of
from participants.models import Participant
from people.models import Team
from tests.builders import add_line, complete_draft
from tests.factories import ParticipantFactory

NAME = ("Morwenna", "Treloar")
ADDRESS = "1 Quay Street, Northshire"
NEW_FAMILY_NAME = "Penhaligon"
NEW_ADDRESS = "7 Harbour Row, Northshire"
OUTCOME = "I want to feel confident going out on my own."
WHAT_MATTERS = "Feeling safe at home and seeing my friends."


@pytest.fixture
def person(people):
    given, family = NAME
    return ParticipantFactory(
        team=people.team, given_name=given, family_name=family, address=ADDRESS
    )


@pytest.fixture
def changed_person(client, people, person):
    """The coordinator changes the person's family name and address on the edit page."""
    client.force_login(people.coordinator)
    edit = reverse("participants:edit", args=[person.pk])
    form = client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(family_name=NEW_FAMILY_NAME, address=NEW_ADDRESS, care_coordinator="")
    data.pop("higher_financial_risk")
    assert client.post(edit, data).status_code == 302
    client.logout()
    return person


def assert_no_care_values(text: str) -> None:
    for value in (*NAME, NEW_FAMILY_NAME, "Quay Street", "Harbour Row", OUTCOME, WHAT_MATTERS):
        assert value not in text


def test_the_change_list_shows_who_changed_which_fields_of_a_person_but_no_value(
    client, people, changed_person
):
    client.force_login(people.administrator)
    page = client.get(reverse("audit:changes"), {"model": "participants.Participant"})
    assert page.status_code == 200
    assert_no_care_values(page.text)
    latest = page.context["changes"][0]
    assert (latest.model_label, latest.object_id) == (
        "participants.Participant",
        str(changed_person.pk),
    )
    assert latest.action == "Changed"
    assert latest.user == str(people.coordinator)
    assert latest.record == ""
    assert latest.fields == ("address", "family name")
    assert f"participants.Participant {changed_person.pk}" in page.text
    assert "Family name" in page.text
    assert "Address" in page.text


def test_the_change_detail_names_the_fields_of_a_person_but_no_value(
    client, people, changed_person
):
    client.force_login(people.administrator)
    latest = Participant.history.filter(id=changed_person.pk).latest()
    page = client.get(reverse("audit:change", args=["participants.Participant", latest.history_id]))
    assert page.status_code == 200
    assert_no_care_values(page.text)
    assert "Family name" in page.text
    assert "Address" in page.text
    assert escape(str(people.coordinator)) in page.text
    assert "Before" not in page.text


def test_the_whole_change_list_shows_no_outcome_text(client, people, person, pilot_tariffs):
    _, outcome = complete_draft(people, person)
    client.force_login(people.administrator)
    page = client.get(reverse("audit:changes"))
    assert_no_care_values(page.text)
    labels = {change.model_label for change in page.context["changes"]}
    assert {"careplans.Outcome", "careplans.CarePlanVersion", "people.Team"} <= labels

    created = Outcome.history.get(id=outcome.pk, history_type="+")
    detail = client.get(reverse("audit:change", args=["careplans.Outcome", created.history_id]))
    assert detail.status_code == 200
    assert_no_care_values(detail.text)


def test_the_events_page_shows_which_person_was_viewed_but_not_their_name(client, people, person):
    client.force_login(people.coordinator)
    client.get(reverse("participants:detail", args=[person.pk]))
    client.force_login(people.administrator)
    page = client.get(reverse("audit:events"), {"kind": "view"})
    assert page.status_code == 200
    assert_no_care_values(page.text)
    assert f"Participant {person.pk}" in page.text


def test_records_about_no_one_still_show_their_values(client, people):
    team = people.team
    team.name = "Riverside Recovery Team"
    team.save()
    client.force_login(people.administrator)
    page = client.get(reverse("audit:changes"), {"model": "people.Team"})
    assert page.context["changes"][0].record == "Riverside Recovery Team"
    assert page.context["changes"][0].fields == ("name",)


class TestWhoSeesTheValuesOfACareRecord:
    """The rule, in ``people.access``: the values of a care record only for someone whose
    caseload holds the person; a record about no one for anyone who reads the trail."""

    @pytest.mark.parametrize(
        ("who", "sees"),
        [
            ("coordinator", True),
            ("facilitator", True),
            ("commissioner", True),
            ("other_coordinator", False),
            ("foreign_commissioner", False),
            ("peer_reviewer", False),
            ("administrator", False),
        ],
    )
    def test_a_person_and_the_parts_of_their_plan(self, people, person, pilot_tariffs, who, sees):
        version, outcome = complete_draft(people, person)
        user = getattr(people, who)
        for record in (person, version, outcome):
            assert user.has_perm("audit.view_record_values", record) is sees

    def test_a_deleted_care_record_shows_its_values_to_no_one(self, people, person):
        historical = Participant.history.get(id=person.pk).instance
        person.delete()
        assert not people.coordinator.has_perm("audit.view_record_values", historical)

    @pytest.mark.parametrize("who", ["administrator", "coordinator"])
    def test_a_team_is_about_no_one(self, people, who):
        assert getattr(people, who).has_perm("audit.view_record_values", people.team)


class TestTheDeclaration:
    def test_every_model_with_a_history_declares_whether_it_holds_care_data(self):
        undeclared = [
            label for label, model in tracked_models().items() if care_data_of(model) is None
        ]
        assert undeclared == []
        assert care_data_declared(app_configs=None) == []

    def test_a_model_that_declares_nothing_is_an_error_and_counts_as_care_data(self, people):
        class Undeclared:
            pk = 1

        errors = care_data_declared(app_configs=None, models={"audit.Undeclared": Undeclared})
        assert [(type(error), error.id) for error in errors] == [(Error, "audit.E001")]
        assert not people.coordinator.has_perm("audit.view_record_values", Undeclared())

    def test_care_records_and_records_about_no_one(self):
        declared = {label: care_data_of(model) for label, model in tracked_models().items()}
        about_no_one = {label for label, care in declared.items() if care == NOT_CARE_DATA}
        assert about_no_one == {
            "people.Organisation",
            "people.Team",
            "people.User",
            "costing.Intervention",
            "costing.TariffPrice",
            "costing.Cluster",
            "costing.ClusterCost",
            "peer_audit.AuditRound",  # names plans by id only, as the draw took them
        }
        assert {
            "participants.Participant",
            "participants.ClusterAssignment",
            "participants.ServiceEvent",
            "participants.DirectPayment",
            "budgets.IndicativeBudget",
            "careplans.CarePlan",
            "careplans.Outcome",
            "careplans.Decision",
            "careplans.Reconsideration",
            "reviews.Review",
            "reviews.ReviewPack",
            "peer_audit.PeerAudit",
            "peer_audit.AuditAnswer",
            "peer_audit.AuditAction",
        } <= set(declared) - about_no_one

    def test_every_care_record_leads_to_the_person_it_is_about(self):
        for label, model in tracked_models().items():
            for path in care_data_of(model).person_paths:
                reached = model
                for step in filter(None, path.split("__")):
                    reached = reached._meta.get_field(step).related_model
                assert reached is Participant, (label, path)


def test_a_team_declares_it_holds_no_care_data():
    assert care_data_of(Team) == NOT_CARE_DATA


def test_the_changes_pages_do_not_grow_queries_with_rows(client, people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)

    def add_gym_line() -> None:
        add_line(
            people,
            version,
            outcome,
            kind="purchase",
            description="Gym membership",
            category="exercise",
            unit_cost="580.00",
            quantity=1,
            frequency="yearly",
            funding_route="direct_payment",
        )

    def queries(model: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("audit:changes"), {"model": model}).status_code == 200
        return len(captured)

    add_gym_line()
    person.address = "2 Quay Street"
    person.save()
    client.force_login(people.administrator)
    few = {
        model: queries(model) for model in ("participants.Participant", "careplans.SpendingLine")
    }
    for n in range(30):
        add_gym_line()
        person.address = f"{n} Quay Street"
        person.save()
    many = {model: queries(model) for model in few}
    assert many == few
