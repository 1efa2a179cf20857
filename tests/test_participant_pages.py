"""The participant pages: who sees whom, finding people, adding and changing them, their cost
of care, recording service use, CSV imports and the indicative budget calculator."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from budgets.models import IndicativeBudget
from costing.core.years import FinancialYear
from costing.models import Cluster, ClusterCost
from participants.models import ClusterAssignment, DirectPayment, Participant, ServiceEvent
from participants.services import (
    DirectPaymentEntry,
    ServiceUseEntry,
    cluster_assign,
    direct_payments_record,
    service_use_record,
)
from tests.dates import date_fields
from tests.factories import ParticipantFactory, ServiceEventFactory

# 999 000 0018 is valid by Modulus 11; 999 000 0019 has the wrong check digit.
VALID_NHS_NUMBER = "9990000018"


@pytest.fixture
def person(people):
    """A person on the Riverside caseload, coordinated by Cara, in cluster 8."""
    participant = ParticipantFactory(
        team=people.team,
        given_name="Ann",
        family_name="Example",
        care_coordinator=people.coordinator,
        cohort=Participant.Cohort.BUDGET_HOLDER,
    )
    cluster_assign(
        participant=participant, cluster=Cluster.objects.get(number=8), start=date(2010, 4, 1)
    )
    return participant


def url(name: str, participant: Participant | None = None) -> str:
    return reverse(f"participants:{name}", args=[participant.pk] if participant else [])


def record_use(user, participant, interventions, *uses) -> None:
    """Record service use through the service: (code, day, quantity) each."""
    service_use_record(
        user=user,
        entries=[
            ServiceUseEntry(participant, interventions[code].intervention, day, quantity)
            for code, day, quantity in uses
        ],
    )


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


# -- The list ------------------------------------------------------------------------------------


def test_the_list_shows_only_the_team_s_participants(client, people, person):
    hillside = ParticipantFactory(team=people.other_team, family_name="Elsewhere")
    client.force_login(people.coordinator)
    response = client.get(url("list"))
    assert list(response.context["participants"]) == [person]
    assert "999 " in response.text or person.nhs_number_display in response.text
    assert hillside.family_name not in response.text


def test_a_commissioner_lists_the_participants_of_their_organisation(client, people, person):
    hillside = ParticipantFactory(team=people.other_team)
    ParticipantFactory(team=people.foreign_team)
    client.force_login(people.commissioner)
    listed = set(client.get(url("list")).context["participants"])
    assert listed == {person, hillside}


def test_a_search_by_nhs_number_typed_with_spaces_finds_the_person(client, people, person):
    ParticipantFactory.create_batch(3, team=people.team)
    client.force_login(people.coordinator)
    response = client.get(url("list"), {"q": person.nhs_number_display})
    assert list(response.context["participants"]) == [person]
    assert person.nhs_number_display in response.text


def test_a_search_by_name_finds_the_person(client, people, person):
    ParticipantFactory(team=people.team, given_name="Bob", family_name="Other")
    client.force_login(people.coordinator)
    assert list(client.get(url("list"), {"q": "ann exam"}).context["participants"]) == [person]


def test_the_list_filters_by_current_cluster_and_cohort(client, people, person):
    control = ParticipantFactory(team=people.team, cohort=Participant.Cohort.CONTROL)
    cluster_8 = Cluster.objects.get(number=8)
    client.force_login(people.coordinator)
    by_cluster = client.get(url("list"), {"cluster": cluster_8.pk}).context["participants"]
    assert list(by_cluster) == [person]
    by_cohort = client.get(url("list"), {"cohort": "control"}).context["participants"]
    assert list(by_cohort) == [control]


def test_the_team_filter_offers_only_the_teams_the_user_can_see(client, people, person):
    hillside = ParticipantFactory(team=people.other_team)
    client.force_login(people.commissioner)
    response = client.get(url("list"), {"team": people.other_team.pk})
    assert list(response.context["participants"]) == [hillside]
    offered = set(response.context["filter"].form.fields["team"].queryset)
    assert offered == {people.team, people.other_team}
    foreign = client.get(url("list"), {"team": people.foreign_team.pk})
    assert list(foreign.context["participants"]) == []


@pytest.mark.parametrize("who", ["administrator", "peer_reviewer"])
def test_administrators_and_peer_reviewers_see_no_one_and_have_no_menu_item(client, people, who):
    ParticipantFactory(team=people.team)
    client.force_login(getattr(people, who))
    assert list(client.get(url("list")).context["participants"]) == []
    home = client.get(reverse("home"))
    assert "Participants" not in [item["text"] for item in home.context["nav_items"]]


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "commissioner"])
def test_care_teams_and_commissioners_have_the_menu_item(client, people, who):
    client.force_login(getattr(people, who))
    items = [item["text"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "Participants" in items
    assert "Tariffs and clusters" in items


def test_the_list_is_paginated_by_50(client, people):
    ParticipantFactory.create_batch(51, team=people.team)
    client.force_login(people.coordinator)
    response = client.get(url("list"))
    assert len(response.context["participants"]) == 50
    assert "Page 2 of 2" in response.text


def test_the_list_page_queries_do_not_grow_with_the_participants(client, people):
    cluster = Cluster.objects.get(number=11)
    ParticipantFactory.create_batch(
        10, team=people.team, care_coordinator=people.coordinator, cluster=cluster
    )
    client.force_login(people.coordinator)
    count_queries(client, url("list"))  # warm the caches
    with_10 = count_queries(client, url("list"))
    ParticipantFactory.create_batch(
        190, team=people.team, care_coordinator=people.facilitator, cluster=cluster
    )
    with_200 = count_queries(client, url("list"))
    assert with_200 <= with_10
    assert with_10 <= 14  # two of them the menu's count of overdue reviews and the unread count


# -- Another team, a commissioner --------------------------------------------------------------

PERSON_PAGES = [
    "detail",
    "edit",
    "cluster",
    "service_use",
    "direct_payment",
    "indicative_budget",
]


@pytest.mark.parametrize("page", PERSON_PAGES)
def test_another_team_s_coordinator_gets_404_on_every_page_of_the_person(
    client, people, person, page
):
    client.force_login(people.other_coordinator)
    assert client.get(url(page, person)).status_code == 404
    if page != "detail":
        assert client.post(url(page, person), {}).status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).exists()


def test_another_team_s_coordinator_gets_404_on_the_calculator_preview(client, people, person):
    client.force_login(people.other_coordinator)
    response = client.post(url("indicative_budget_preview", person), {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_a_commissioner_of_the_organisation_can_view_but_not_change(client, people, person):
    client.force_login(people.commissioner)
    detail = client.get(url("detail", person))
    assert detail.status_code == 200
    assert "Change their details" not in detail.text
    for page in PERSON_PAGES[1:]:
        assert client.get(url(page, person)).status_code == 403, page
    assert client.get(url("add")).status_code == 403
    assert client.get(url("import_service_use")).status_code == 403


def test_a_commissioner_elsewhere_gets_404(client, people, person):
    client.force_login(people.foreign_commissioner)
    assert client.get(url("detail", person)).status_code == 404


# -- Adding and changing a person ---------------------------------------------------------------


def add_form(**changes) -> dict:
    data = {
        "nhs_number": "999 000 0018",
        "given_name": "Nia",
        "family_name": "Jones",
        **date_fields("date_of_birth", date(1984, 3, 15)),
        "address": "1 High Street",
        "care_coordinator": "",
        "phb_category": "mental_health",
        "cohort": "none",
        "representative": "",
        "cluster": "",
        **date_fields("cluster_start", None),
    }
    return {**data, **changes}


def test_adding_a_person_with_a_wrong_check_digit_shows_the_error_on_the_field(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(nhs_number="999 000 0019"))
    assert response.status_code == 200
    assert response.context["form"].errors["nhs_number"] == [
        "This is not a valid NHS number: check the digits"
    ]
    assert "There is a problem" in response.text
    assert 'href="#id_nhs_number"' in response.text
    assert not Participant.objects.exists()


def test_adding_a_person_with_their_first_cluster(client, people):
    client.force_login(people.coordinator)
    cluster = Cluster.objects.get(number=11)
    response = client.post(
        url("add"),
        add_form(
            care_coordinator=people.coordinator.pk,
            cluster=cluster.pk,
            **date_fields("cluster_start", date(2012, 4, 1)),
            higher_financial_risk="on",
        ),
    )
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response.url == url("detail", participant)
    assert participant.nhs_number == VALID_NHS_NUMBER
    assert participant.date_of_birth == date(1984, 3, 15)
    assert participant.team == people.team
    assert participant.higher_financial_risk
    assert participant.cluster == cluster
    assert participant.cluster_history.get().start == date(2012, 4, 1)


@pytest.mark.parametrize(
    "typed",
    [
        ("15", "3", "1984"),
        ("15", "March", "1984"),
        ("15", "mar", "1984"),
        ("15 March 1984", "", ""),
        ("15/03/1984", "", ""),
        ("1984-03-15", "", ""),
    ],
)
def test_a_date_of_birth_may_be_typed_in_the_boxes_or_whole_in_the_day_box(client, people, typed):
    client.force_login(people.coordinator)
    day, month, year = typed
    client.post(
        url("add"),
        add_form(date_of_birth=day, date_of_birth_month=month, date_of_birth_year=year),
    )
    assert Participant.objects.get().date_of_birth == date(1984, 3, 15)


def test_a_two_digit_year_is_refused_on_the_date_with_its_boxes_in_error(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(date_of_birth_year="84"))
    assert response.context["form"].errors["date_of_birth"] == [
        "Enter the year in full, with 4 numbers, for example 2027"
    ]
    assert 'href="#id_date_of_birth"' in response.text
    assert (
        response.text.count("nhsuk-date-input__input nhsuk-input--width-2 nhsuk-input--error") == 2
    )
    assert not Participant.objects.exists()


def test_a_date_of_birth_that_is_not_a_date_is_an_error_on_its_field(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(date_of_birth="31/2/1984"))
    assert response.context["form"].errors["date_of_birth"]
    assert not Participant.objects.exists()


def test_a_coordinator_of_another_team_cannot_be_chosen(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(care_coordinator=people.other_coordinator.pk))
    assert "care_coordinator" in response.context["form"].errors
    assert not Participant.objects.exists()


def test_an_nhs_number_already_recorded_is_refused(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(nhs_number=person.nhs_number_display))
    assert response.context["form"].errors["nhs_number"] == [
        "A person with this NHS number is already recorded."
    ]
    assert Participant.objects.count() == 1


def test_the_team_changes_a_person_s_details(client, people, person):
    client.force_login(people.facilitator)
    form = client.get(url("edit", person)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(family_name="Changed", representative="Her sister", care_coordinator="")
    data.pop("higher_financial_risk")
    response = client.post(url("edit", person), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Changed"
    assert person.representative == "Her sister"


def test_a_refused_change_keeps_nothing(client, people, person):
    client.force_login(people.coordinator)
    form = client.get(url("edit", person)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(family_name="Changed", nhs_number="12345")
    response = client.post(url("edit", person), data)
    assert response.context["form"].errors["nhs_number"]
    person.refresh_from_db()
    assert person.family_name == "Example"


def test_changing_the_cluster_keeps_the_history(client, people, person):
    client.force_login(people.coordinator)
    cluster_11 = Cluster.objects.get(number=11)
    response = client.post(
        url("cluster", person), {"cluster": cluster_11.pk, "start": "01/10/2011"}
    )
    assert response.status_code == 302
    history = list(ClusterAssignment.objects.filter(participant=person).order_by("start"))
    assert [(h.cluster.number, h.start, h.end) for h in history] == [
        (8, date(2010, 4, 1), date(2011, 9, 30)),
        (11, date(2011, 10, 1), None),
    ]
    detail = client.get(url("detail", person))
    assert "30 Sep 2011" in detail.text


def test_a_cluster_that_starts_too_early_is_an_error_on_the_date(client, people, person):
    client.force_login(people.coordinator)
    cluster_11 = Cluster.objects.get(number=11)
    response = client.post(
        url("cluster", person), {"cluster": cluster_11.pk, "start": "01/01/2010"}
    )
    assert response.context["form"].errors["start"]
    assert ClusterAssignment.objects.filter(participant=person).count() == 1


# -- The person's page ---------------------------------------------------------------------------


def test_the_cost_of_care_is_shown_as_in_tables_9_and_10(client, people, person, pilot_tariffs):
    record_use(
        people.coordinator,
        person,
        pilot_tariffs,
        ("cmht", date(2010, 5, 1), 40),
        ("cmht", date(2011, 2, 1), 9),
        ("crisis", date(2010, 8, 1), 5),
        ("inpatient", date(2010, 9, 1), 18),
        ("cmht", date(2011, 6, 1), 39),
        ("crisis", date(2011, 7, 1), 6),
        ("inpatient", date(2011, 8, 1), 3),
    )
    direct_payments_record(
        user=people.coordinator,
        entries=[DirectPaymentEntry(person, date(2011, 9, 1), Decimal("3800.00"), "Gym")],
    )
    client.force_login(people.coordinator)
    response = client.get(url("detail", person))
    text = response.text
    assert "Costs of care in 2010-11: £19,464.75" in text
    for figure in ("£9,899.96", "£903.55", "£8,661.24", "£202.04", "£180.71", "£481.18"):
        assert figure in text
    assert "Community mental health team contact ×49" in text
    assert "Costs of care in 2011-12: £14,207.36" in text
    assert "PHB direct payment (for alternative services)" in text
    assert "£3,800.00" in text


def test_the_higher_financial_risk_flag_rules_out_a_direct_payment(client, people, person):
    Participant.objects.filter(pk=person.pk).update(higher_financial_risk=True)
    client.force_login(people.coordinator)
    response = client.get(url("detail", person))
    assert "rules out a direct payment; use a third-party budget" in response.text


def test_a_view_of_the_person_s_page_is_in_the_audit_trail(client, people, person):
    client.force_login(people.commissioner)
    client.get(url("detail", person))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW)
    assert event.user == people.commissioner
    assert event.object_id == str(person.pk)
    assert event.content_type.model == "participant"
    assert event.path == url("detail", person)


def test_the_person_s_page_queries_do_not_grow_with_the_events(
    client, people, person, pilot_tariffs
):
    cmht = pilot_tariffs["cmht"].intervention
    ServiceEventFactory.create_batch(
        10, participant=person, intervention=cmht, entered_by=people.coordinator
    )
    client.force_login(people.coordinator)
    count_queries(client, url("detail", person))  # warm the caches
    with_10 = count_queries(client, url("detail", person))
    ServiceEventFactory.create_batch(
        190,
        participant=person,
        intervention=pilot_tariffs["inpatient"].intervention,
        entered_by=people.facilitator,
        date=date(2011, 5, 1),
    )
    DirectPayment.objects.bulk_create(
        DirectPayment(
            participant=person,
            date=date(2011, 6, 1),
            amount=Decimal("10.00"),
            description="Bus fares",
            entered_by=people.coordinator,
        )
        for _ in range(60)
    )
    with_200 = count_queries(client, url("detail", person))
    assert with_200 <= with_10 + 1  # the count of direct payments, once there are 50 or more
    assert with_200 <= 21  # one of them the header's count of unread notifications


def test_the_person_s_page_shows_service_use_a_page_at_a_time(
    client, people, person, pilot_tariffs
):
    ServiceEventFactory.create_batch(
        30,
        participant=person,
        intervention=pilot_tariffs["cmht"].intervention,
        entered_by=people.coordinator,
    )
    client.force_login(people.coordinator)
    response = client.get(url("detail", person))
    assert len(response.context["events"]) == 25
    assert "30 events, latest first; page 1 of 2" in response.text


# -- Recording service use and direct payments -------------------------------------------------


def test_recording_service_use_prices_it_at_the_tariff(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("service_use", person),
        {
            "intervention": pilot_tariffs["crisis"].intervention.pk,
            "date": "01/06/2010",
            "quantity": "2",
        },
    )
    assert response.status_code == 302
    event = ServiceEvent.objects.get()
    assert (event.quantity, event.tariff_price) == (2, pilot_tariffs["crisis"])
    assert event.entered_by == people.coordinator


def test_service_use_with_no_tariff_in_force_is_an_error_on_the_date(
    client, people, person, pilot_tariffs
):
    client.force_login(people.coordinator)
    response = client.post(
        url("service_use", person),
        {"intervention": pilot_tariffs["cmht"].intervention.pk, "date": "1/3/2009", "quantity": 1},
    )
    assert response.context["form"].errors["date"] == [
        "There is no cmht tariff in force on 01 March 2009"
    ]
    assert not ServiceEvent.objects.exists()


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "two"])
def test_a_quantity_must_be_a_whole_number_above_zero(
    client, people, person, pilot_tariffs, quantity
):
    client.force_login(people.coordinator)
    response = client.post(
        url("service_use", person),
        {
            "intervention": pilot_tariffs["cmht"].intervention.pk,
            "date": "2010-06-01",
            "quantity": quantity,
        },
    )
    assert response.context["form"].errors["quantity"]
    assert not ServiceEvent.objects.exists()


def test_recording_a_direct_payment(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(
        url("direct_payment", person),
        {"date": "01/09/2011", "amount": "£3,800", "description": "Laptop"},
    )
    assert response.status_code == 302
    payment = DirectPayment.objects.get()
    assert (payment.amount, payment.description) == (Decimal("3800.00"), "Laptop")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("12.345", "An amount of money has at most two decimal places"),
        ("0", "The amount must be more than £0.00"),
        ("lots", "“lots” is not an amount of money: write pounds and pence, such as 202.04"),
        ("1e3", "“1e3” is not an amount of money: write pounds and pence, such as 202.04"),
        ("+10", "“+10” is not an amount of money: write pounds and pence, such as 202.04"),
        ("１２", "“１２” is not an amount of money: write pounds and pence, such as 202.04"),  # noqa: RUF001
        ("1000000.01", "The amount must be at most £1,000,000.00"),
    ],
)
def test_a_direct_payment_amount_is_never_rounded(client, people, person, amount, message):
    client.force_login(people.coordinator)
    response = client.post(
        url("direct_payment", person),
        {"date": "01/09/2011", "amount": amount, "description": "Laptop"},
    )
    assert response.context["form"].errors["amount"] == [message]
    assert not DirectPayment.objects.exists()


def test_a_direct_payment_in_the_future_is_an_error_on_the_date(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(
        url("direct_payment", person),
        {"date": "01/01/2999", "amount": "10", "description": "Laptop"},
    )
    assert response.context["form"].errors["date"] == ["The date cannot be in the future."]


# -- CSV imports ---------------------------------------------------------------------------------


def test_a_good_service_use_file_previews_every_row_then_imports_them(
    client, people, person, pilot_tariffs
):
    text = (
        "nhs_number,intervention,date,quantity\n"
        f"{person.nhs_number_display},cmht,2010-06-01,49\n"
        f"{person.nhs_number},crisis,01/07/2010,5\n"
    )
    client.force_login(people.coordinator)
    preview = client.post(url("import_service_use"), {"text": text})
    assert preview.status_code == 200
    assert [row["line"] for row in preview.context["rows"]] == [2, 3]
    for figure in ("£202.04", "£9,899.96", "£180.71", "£903.55", "Import 2 rows"):
        assert figure in preview.text
    assert not ServiceEvent.objects.exists()

    done = client.post(url("import_service_use"), {"csv_text": text, "confirm": "1"}, follow=True)
    assert "Imported 2 rows of service use." in done.text
    assert ServiceEvent.objects.filter(participant=person).count() == 2


def test_an_uploaded_file_is_read_too(client, people, person, pilot_tariffs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"\ufeffnhs_number,intervention,date,quantity\n{person.nhs_number},cmht,2010-06-01,1\n"
    upload = SimpleUploadedFile("use.csv", text.encode(), content_type="text/csv")
    client.force_login(people.coordinator)
    preview = client.post(url("import_service_use"), {"file": upload})
    assert len(preview.context["rows"]) == 1


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(
    client, people, person, pilot_tariffs
):
    text = (
        "nhs_number,intervention,date,quantity\n"
        f"{person.nhs_number},cmht,2010-06-01,1\n"
        f"{person.nhs_number},cmht,2009-03-01,1\n"
    )
    client.force_login(people.coordinator)
    response = client.post(url("import_service_use"), {"text": text})
    assert [(p.row, p.message) for p in response.context["problems"]] == [
        (3, "There is no cmht tariff in force on 01 March 2009")
    ]
    assert "Nothing has been imported" in response.text
    assert "rows" not in response.context or not response.context["rows"]
    # Posting the text straight to the import refuses it as well.
    client.post(url("import_service_use"), {"csv_text": text, "confirm": "1"})
    assert not ServiceEvent.objects.exists()


def test_every_kind_of_bad_row_is_listed_with_its_line(client, people, person, pilot_tariffs):
    stranger = ParticipantFactory(team=people.other_team)
    text = "\n".join(
        [
            "nhs_number,intervention,date,quantity",
            f"{person.nhs_number},cmht,2010-06-01,1",  # 2: good
            "999 000 0026,cmht,2010-06-01,1",  # 3: valid number, no such person
            f"{stranger.nhs_number},cmht,2010-06-01,1",  # 4: another team's person
            f"{person.nhs_number},dentist,2010-06-01,1",  # 5: unknown intervention
            f"{person.nhs_number},cmht,2009-06-01,1",  # 6: no tariff on that date
            f"{person.nhs_number},cmht,31/02/2011,1",  # 7: bad date
            f"{person.nhs_number},cmht,2010-06-01,0",  # 8: quantity 0
            "nhs_number,intervention,date,quantity",  # 9: repeated header
            "123,cmht,2010-06-01,1",  # 10: not an NHS number
        ]
    )
    client.force_login(people.coordinator)
    response = client.post(url("import_service_use"), {"text": text})
    problems = response.context["problems"]
    assert [p.row for p in problems] == [3, 4, 5, 6, 7, 8, 9, 10]
    messages = {p.row: p.message for p in problems}
    assert messages[3].startswith("Unknown NHS number 999 000 0026")
    assert messages[5] == "Unknown intervention “dentist”."
    assert messages[6] == "There is no cmht tariff in force on 01 June 2009"
    assert messages[7].startswith("Bad date")
    assert messages[8] == "Quantity “0” must be a whole number more than 0."
    assert messages[9] == "This row repeats the header."
    for problem in problems:
        assert problem.message in response.text
    assert "8 problems" in response.text
    assert not ServiceEvent.objects.exists()


def test_a_good_direct_payments_file_previews_then_imports(client, people, person):
    text = (
        "nhs_number,date,amount,description\n"
        f"{person.nhs_number},01/09/2011,3800,Laptop and college course\n"
    )
    client.force_login(people.coordinator)
    preview = client.post(url("import_direct_payments"), {"text": text})
    assert "£3,800.00" in preview.text
    assert "Import 1 row" in preview.text
    assert not DirectPayment.objects.exists()
    done = client.post(
        url("import_direct_payments"), {"csv_text": text, "confirm": "1"}, follow=True
    )
    assert "Imported 1 direct payment." in done.text
    assert DirectPayment.objects.get().amount == Decimal("3800.00")


def test_a_direct_payments_file_with_bad_rows_imports_nothing(client, people, person):
    text = (
        "nhs_number,date,amount,description\n"
        f"{person.nhs_number},01/09/2011,3800,Laptop\n"
        f"{person.nhs_number},01/09/2011,12.345,Gym\n"
        f"{person.nhs_number},2011-13-01,10,Gym\n"
        f"{person.nhs_number},01/09/2011,10,\n"
    )
    client.force_login(people.coordinator)
    response = client.post(url("import_direct_payments"), {"text": text})
    assert [p.row for p in response.context["problems"]] == [3, 4, 5]
    assert "An amount of money has at most two decimal places" in response.text
    assert not DirectPayment.objects.exists()


def test_an_empty_import_form_is_an_error_on_the_file(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("import_service_use"), {"text": "  "})
    assert response.context["form"].errors["file"] == [
        "Choose a CSV file to upload, or paste its rows."
    ]


def test_the_import_pages_say_which_columns_and_dates_they_expect(client, people):
    client.force_login(people.coordinator)
    service_use = client.get(url("import_service_use")).text
    assert "nhs_number, intervention, date, quantity" in service_use
    assert "2011-04-01 or 01/04/2011" in service_use
    payments = client.get(url("import_direct_payments")).text
    assert "nhs_number, date, amount, description" in payments


@pytest.mark.parametrize("who", ["commissioner", "peer_reviewer", "administrator"])
def test_only_care_teams_import(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(url("import_service_use")).status_code == 403
    assert client.post(url("import_direct_payments"), {"text": "x"}).status_code == 403


# -- The indicative budget calculator -----------------------------------------------------------


def calculator_form(**changes) -> dict:
    data = {
        "method": "service",
        "year": "2012-13",
        "expected_cmht": "",
        "expected_crisis": "",
        "expected_inpatient": "",
        "cluster": "",
        "community_share": "100",
        "amount": "",
        "reason": "",
    }
    return {**data, **changes}


def test_the_calculator_suggests_the_current_year_and_cluster(
    client, people, person, pilot_tariffs
):
    client.force_login(people.coordinator)
    response = client.get(url("indicative_budget", person))
    form = response.context["form"]
    assert form["year"].value() == FinancialYear.of(date.today()).label  # noqa: DTZ011
    assert form["cluster"].value() == "8"
    assert 'aria-live="polite"' in response.text
    assert "hx-post" in response.text


def test_the_htmx_preview_shows_the_workings_and_amount(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget_preview", person),
        calculator_form(expected_cmht="12"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "12 × Community mental health team contact at £202.04" in response.text
    assert "£2,424.48" in response.text
    assert not IndicativeBudget.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).exists()


def test_the_preview_says_what_is_missing(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget_preview", person), calculator_form(), HTTP_HX_REQUEST="true"
    )
    assert "Enter the contacts or bed days expected for at least one intervention" in (
        response.text
    )


def test_checking_without_javascript_shows_the_same_preview(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person), calculator_form(expected_cmht="12", action="check")
    )
    assert response.status_code == 200
    assert "£2,424.48" in response.text
    assert not IndicativeBudget.objects.exists()


def test_saving_keeps_the_budget_with_its_workings(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person), calculator_form(expected_cmht="12", action="save")
    )
    assert response.status_code == 302
    assert response.url == url("detail", person)
    budget = IndicativeBudget.objects.get()
    assert budget.amount == Decimal("2424.48")
    assert budget.year == 2012
    assert budget.method == "service"
    assert budget.inputs == {"cmht": 12}
    assert budget.workings[0]["description"].startswith("12 × ")
    assert budget.set_by == people.coordinator
    detail = client.get(url("detail", person))
    assert "2012-13: £2,424.48" in detail.text
    assert "In force" in detail.text


def test_the_latest_budget_for_a_year_is_the_one_in_force(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    for contacts in ("12", "24"):
        client.post(
            url("indicative_budget", person),
            calculator_form(expected_cmht=contacts, action="save"),
        )
    page = client.get(url("detail", person))
    (section,) = [s for s in page.context["sections"]["after_cost_of_care"] if "budgets" in s]
    assert [(b["budget"].amount, b["in_force"]) for b in section["budgets"]] == [
        (Decimal("4848.96"), True),
        (Decimal("2424.48"), False),
    ]


def test_a_cluster_based_budget_is_the_cluster_s_annual_cost(client, people, person):
    ClusterCost.objects.create(
        cluster=Cluster.objects.get(number=8), year=2012, annual_cost=Decimal("12045")
    )
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget_preview", person),
        calculator_form(method="cluster", cluster="8"),
        HTTP_HX_REQUEST="true",
    )
    assert "£12,045.00" in response.text
    saved = client.post(
        url("indicative_budget", person), calculator_form(method="cluster", action="save")
    )
    assert saved.status_code == 302
    assert IndicativeBudget.objects.get().amount == Decimal("12045.00")


def test_a_cluster_with_no_cost_for_the_year_is_an_error_on_the_year(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person), calculator_form(method="cluster", action="save")
    )
    assert response.context["form"].errors["year"] == [
        "Cluster 8 has no annual cost set for 2012-13"
    ]
    assert not IndicativeBudget.objects.exists()


def test_a_manual_budget_needs_a_reason(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person),
        calculator_form(method="manual", amount="4800", action="save"),
    )
    assert response.context["form"].errors["reason"]
    assert "There is a problem" in response.text
    response = client.post(
        url("indicative_budget", person),
        calculator_form(method="manual", amount="4800", reason="Agreed at panel", action="save"),
    )
    assert IndicativeBudget.objects.get().amount == Decimal("4800.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": "2012-14"}, "year"),
        ({"expected_cmht": "two"}, "expected_cmht"),
        ({"method": "guess"}, "method"),
    ],
)
def test_calculator_errors_are_on_their_fields(
    client, people, person, pilot_tariffs, changes, field
):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person), calculator_form(action="save", **changes)
    )
    assert response.context["form"].errors[field]
    assert not IndicativeBudget.objects.exists()
