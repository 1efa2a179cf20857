"""The national PHB category of each person: on their page, form and API, set many at once
by a CSV import (all or nothing), and the old pathways mapped by the migration."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from participants.categories import category_named
from participants.models import Participant
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

CATEGORIES = "import_categories"


def url(name: str, participant: Participant | None = None) -> str:
    return reverse(f"participants:{name}", args=[participant.pk] if participant else [])


@pytest.fixture
def person(people):
    return ParticipantFactory(team=people.team, care_coordinator=people.coordinator)


# -- The person's page, form and API ------------------------------------------------------------


def test_the_person_s_page_shows_the_category_for_the_national_return(client, people, person):
    Participant.objects.filter(pk=person.pk).update(phb_category="fast_track")
    client.force_login(people.coordinator)
    page = client.get(url("detail", person)).text
    assert "PHB category (for NHS England’s return)" in page
    assert "Adult fast track" in page


def test_a_new_person_is_in_mental_health_unless_told(people):
    assert ParticipantFactory(team=people.team).phb_category == "mental_health"


def test_the_form_changes_the_category_and_the_history_keeps_it(client, people, person):
    client.force_login(people.coordinator)
    form = client.get(url("edit", person)).context["form"]
    assert form.fields["phb_category"].label == "PHB category (for NHS England’s return)"
    assert form.fields["phb_category"].help_text
    data = {name: form[name].value() or "" for name in form.fields}
    data.pop("higher_financial_risk")
    data.update(phb_category="wheelchair", care_coordinator="")
    assert client.post(url("edit", person), data).status_code == 302
    person.refresh_from_db()
    assert person.phb_category == "wheelchair"
    latest = person.history.first()
    assert (latest.phb_category, latest.history_user) == ("wheelchair", people.coordinator)


def test_the_api_reads_and_writes_phb_category_and_no_pathway(coordinator, people, person):
    address = f"/api/v1/participants/{person.pk}/"
    body = coordinator.get(address).json()
    assert body["phb_category"] == "mental_health"
    assert "pathway" not in body
    changed = coordinator.patch(address, {"phb_category": "ehcp"}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["phb_category"] == "ehcp"
    refused = coordinator.patch(address, {"phb_category": "end_of_life"}, format="json")
    assert refused.status_code == 400
    assert "phb_category" in refused.text
    person.refresh_from_db()
    assert person.phb_category == "ehcp"


# -- The import ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "category"),
    [
        ("fast_track", "fast_track"),
        ("FAST_TRACK", "fast_track"),
        ("adult fast track", "fast_track"),
        ("Children's education, health and care plan", "ehcp"),
        ("  learning   disability and AUTISM ", "learning_disability_autism"),
        ("Mental health, including section 117 aftercare", "mental_health"),
        ("Mental health", None),
        ("end_of_life", None),
    ],
)
def test_a_category_is_named_by_its_code_or_its_name_in_any_case(typed, category):
    assert category_named(typed) == category


def test_a_good_file_previews_every_person_then_changes_their_categories(client, people, person):
    second = ParticipantFactory(team=people.team, phb_category="continuing_healthcare")
    third = ParticipantFactory(team=people.team)
    text = (
        "nhs_number,phb_category\n"
        f"{person.nhs_number_display},Learning disability and autism\n"
        f"{second.nhs_number},continuing_healthcare\n"
        f"{third.nhs_number},WHEELCHAIR\n"
    )
    client.force_login(people.coordinator)
    preview = client.post(url(CATEGORIES), {"text": text})
    assert [row["line"] for row in preview.context["rows"]] == [2, 3, 4]
    assert "NHS Continuing Healthcare (no change)" in preview.text
    assert "Import 3 rows" in preview.text
    assert Participant.objects.get(pk=person.pk).phb_category == "mental_health"

    done = client.post(url(CATEGORIES), {"csv_text": text, "confirm": "1"}, follow=True)
    assert "Changed the category of 2 people." in done.text
    assert dict(
        Participant.objects.filter(pk__in=[person.pk, second.pk, third.pk]).values_list(
            "pk", "phb_category"
        )
    ) == {
        person.pk: "learning_disability_autism",
        second.pk: "continuing_healthcare",
        third.pk: "wheelchair",
    }
    latest = person.history.first()
    assert (latest.phb_category, latest.history_user) == (
        "learning_disability_autism",
        people.coordinator,
    )
    assert second.history.count() == 1  # unchanged: no empty change in its history


def test_a_file_with_bad_rows_changes_no_one_and_lists_every_bad_row(client, people, person):
    stranger = ParticipantFactory(team=people.other_team)
    foreigner = ParticipantFactory(team=people.foreign_team)
    text = "\n".join(
        [
            "nhs_number,phb_category",
            f"{person.nhs_number},wheelchair",  # 2: good
            "999 000 0026,other",  # 3: no such person
            f"{stranger.nhs_number},other",  # 4: another team's person
            f"{foreigner.nhs_number},other",  # 5: another organisation's person
            f"{person.nhs_number},other",  # 6: the person again
            f"{person.nhs_number},end of life",  # 7: the person again, and no such category
            "123,other",  # 8: not an NHS number
        ]
    )
    client.force_login(people.coordinator)
    response = client.post(url(CATEGORIES), {"text": text})
    problems = [(p.row, p.message) for p in response.context["problems"]]
    assert [row for row, _ in problems] == [3, 4, 5, 6, 7, 7, 8]
    assert problems[0][1].startswith("Unknown NHS number 999 000 0026")
    # Another team's or organisation's person reads exactly as an unknown number.
    for row, someone in ((1, stranger), (2, foreigner)):
        assert problems[row][1] == problems[0][1].replace(
            "999 000 0026", someone.nhs_number_display
        )
    assert problems[3][1] == f"{person.nhs_number_display} is on line 2 already: give each " + (
        "person once."
    )
    assert problems[5][1].startswith("Unknown PHB category “end of life”")
    assert "Nothing has been imported" in response.text
    # Posting the text straight to the import refuses it too.
    client.post(url(CATEGORIES), {"csv_text": text, "confirm": "1"})
    assert Participant.objects.get(pk=person.pk).phb_category == "mental_health"
    assert person.history.count() == 1


def test_a_wrong_header_is_named(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(url(CATEGORIES), {"text": f"nhs_number,pathway\n{person.nhs_number},x"})
    [problem] = response.context["problems"]
    assert problem.row == 1
    assert "nhs_number, phb_category" in problem.message


def test_the_import_page_lists_the_categories(client, people):
    client.force_login(people.coordinator)
    page = client.get(url(CATEGORIES)).text
    assert "nhs_number, phb_category" in page
    for code, name in Participant.PhbCategory.choices:
        assert f'<code class="app-code">{code}</code>' in page
        assert name in page
    assert reverse("participants:import_categories") in client.get(url("list")).text


@pytest.mark.parametrize("who", ["commissioner", "peer_reviewer", "administrator"])
def test_only_care_teams_import_categories(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(url(CATEGORIES)).status_code == 403
    assert client.post(url(CATEGORIES), {"text": "x"}).status_code == 403


# -- The migration ------------------------------------------------------------------------------


def test_the_migration_maps_the_old_pathways_to_the_return_s_categories(people):
    migration = importlib.import_module("participants.migrations.0003_phb_category")
    old = ["mental_health", "continuing_healthcare", "childrens_continuing_care", "end_of_life"]
    people_by_old = {value: ParticipantFactory(team=people.team) for value in [*old, "other"]}
    for value, participant in people_by_old.items():
        Participant.objects.filter(pk=participant.pk).update(phb_category=value)

    migration.forwards(apps, None)

    assert {
        value: Participant.objects.get(pk=p.pk).phb_category for value, p in people_by_old.items()
    } == {
        "mental_health": "mental_health",
        "continuing_healthcare": "continuing_healthcare",
        "childrens_continuing_care": "other",
        "end_of_life": "fast_track",
        "other": "other",
    }
    assert [value for value, _ in migration.CHOICES] == Participant.PhbCategory.values
