"""The limits of what people type and send (``costing/core``): money, quantities, years
and dates, in the digits 0 to 9, through the API and the pages. Bad input gets a message
on its field and changes nothing."""

import pytest

from careplans.models import SpendingLine
from costing.models import ClusterCost, TariffPrice
from participants.models import DirectPayment, ServiceEvent

pytestmark = pytest.mark.django_db

HUGE = 2**63
TOO_MANY_DIGITS = "99999999999999999999"


class TestMoney:
    @pytest.mark.parametrize(
        "price",
        ["1e3", "1E3", "１２", "+5", "-5", "NaN", "Infinity", "1000000.01", "12.345", "0x1"],  # noqa: RUF001
    )
    def test_a_price_is_plain_pounds_and_pence(self, commissioner, pilot_tariffs, price):
        before = TariffPrice.objects.count()
        response = commissioner.post(
            "/api/v1/tariffs/",
            {"intervention": "cmht", "price": price, "valid_from": "2011-04-01"},
            format="json",
        )
        assert response.status_code == 400
        assert "price" in response.json()
        assert TariffPrice.objects.count() == before

    def test_a_new_intervention_and_a_cluster_cost_too(self, commissioner, pilot_tariffs):
        response = commissioner.post(
            "/api/v1/interventions/",
            {
                "code": "gym",
                "name": "Gym",
                "unit": "contact",
                "price": "1e2",
                "valid_from": "2011-04-01",
            },
            format="json",
        )
        assert response.status_code == 400
        assert "price" in response.json()
        response = commissioner.post(
            "/api/v1/clusters/8/costs/",
            {"year": "2012-13", "annual_cost": "１２０４５"},  # noqa: RUF001
            format="json",
        )
        assert response.status_code == 400
        assert "annual_cost" in response.json()
        assert not ClusterCost.objects.exists()

    @pytest.mark.parametrize("amount", ["3e3", "+3800", "1000000.01", "٣٨٠٠", 1e3])
    def test_a_direct_payment_through_the_api(self, coordinator, person, amount):
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/direct-payments/",
            {"date": "2011-06-15", "amount": amount, "description": "Gym"},
            format="json",
        )
        assert response.status_code == 400
        assert "amount" in response.json()
        assert not DirectPayment.objects.exists()

    def test_a_money_field_is_a_string_in_the_schema(self, coordinator):
        schema = coordinator.get("/api/schema/?format=json").json()
        price = schema["components"]["schemas"]["TariffPrice"]["properties"]["price"]
        assert price["type"] == "string"
        assert "e" not in price["pattern"]


class TestQuantities:
    @pytest.mark.parametrize(
        ("intervention", "quantity", "message"),
        [
            ("cmht", 1_001, "at most 1,000 contacts"),
            ("inpatient", 367, "at most 366 bed days"),
            ("cmht", 2**31, "at most 1,000 contacts"),
            ("cmht", HUGE, "at most 1,000 contacts"),
        ],
    )
    def test_an_event_holds_at_most_a_years_worth(
        self, coordinator, person, intervention, quantity, message
    ):
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            {"intervention": intervention, "date": "2011-01-01", "quantity": quantity},
            format="json",
        )
        assert response.status_code == 400
        assert message in response.json()["quantity"][0]
        assert not ServiceEvent.objects.exists()

    def test_366_bed_days_is_a_year(self, coordinator, person):
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            {"intervention": "inpatient", "date": "2011-01-01", "quantity": 366},
            format="json",
        )
        assert response.status_code == 201

    def test_a_spending_line_that_would_cost_too_much(self, coordinator, draft):
        url = f"/api/v1/care-plans/{draft.plan_id}/spending-lines/"
        line = {
            "kind": "purchase",
            "description": "A personal assistant",
            "category": "personal_assistant",
            "unit_cost": "1000000.00",
            "quantity": 1_000,
            "frequency": "weekly",
            "funding_route": "notional",
        }
        response = coordinator.post(url, line, format="json")
        assert response.status_code == 400
        assert "at most £1,000,000.00 a year" in response.json()["quantity"][0]
        response = coordinator.post(url, {**line, "quantity": 1_001}, format="json")
        assert "at most 1,000" in response.json()["quantity"][0]
        clinical = {
            "kind": "clinical",
            "description": "Bed days",
            "intervention": "inpatient",
            "quantity": 367,
            "funding_route": "notional",
        }
        response = coordinator.post(url, clinical, format="json")
        assert "at most 366 bed days" in response.json()["quantity"][0]
        assert not SpendingLine.objects.exists()

    def test_an_indicative_budget_expects_at_most_a_years_use(self, coordinator, person):
        url = f"/api/v1/participants/{person.pk}/indicative-budgets/"
        for inputs in ({"cmht": 10**30}, {"inpatient": 367}, {"cmht": "1e3"}):
            response = coordinator.post(
                url, {"method": "service", "year": "2012-13", "inputs": inputs}, format="json"
            )
            assert response.status_code == 400, inputs
        assert not person.indicative_budgets.exists()


class TestYears:
    @pytest.mark.parametrize("year", ["1999-00", "2100-01", "0001-02", "２０１２-１３"])  # noqa: RUF001
    def test_a_year_outside_the_service_is_refused(self, coordinator, person, year):
        response = coordinator.get(
            f"/api/v1/participants/{person.pk}/cost-of-care/", {"year": year}
        )
        assert response.status_code == 400
        assert "year" in response.json()
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/indicative-budgets/",
            {"method": "manual", "year": year, "inputs": {"amount": "10.00"}, "reason": "x"},
            format="json",
        )
        assert response.status_code == 400
        assert "year" in response.json()

    @pytest.mark.parametrize("day", ["1066-10-14", "2000-03-31", "0001-01-01"])
    def test_a_date_of_care_outside_those_years(self, coordinator, person, day):
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/direct-payments/",
            {"date": day, "amount": "10.00", "description": "Gym"},
            format="json",
        )
        assert response.status_code == 400
        assert "1 April 2000 to 31 March 2100" in response.json()["date"][0]


class TestDigitsOfOtherScripts:
    """Only 0–9 are digits here: Python's ``int`` reads "١٢" (Arabic-Indic) as 12, and its
    ``str.isdigit`` says yes to "²", which ``int`` then cannot read."""

    def test_submitting_with_a_revision_that_is_not_a_number(self, client, people, draft):
        client.force_login(people.coordinator)
        for revision in ("²", "١"):  # noqa: RUF001
            response = client.post(
                f"/care-plans/{draft.plan_id}/submit/",
                {"version": revision, "revision": revision},
            )
            assert response.status_code < 500, revision
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_expected_contacts_in_the_calculator(self, client, people, person):
        client.force_login(people.coordinator)
        response = client.post(
            f"/participants/{person.pk}/indicative-budget/",
            {"method": "service", "year": "2012-13", "expected_cmht": "²", "reason": ""},
        )
        assert response.status_code == 200
        assert "Enter a whole number" in response.text
        assert not person.indicative_budgets.exists()

    def test_a_quantity_on_a_spending_line_page(self, client, people, draft):
        client.force_login(people.coordinator)
        response = client.post(
            f"/care-plans/{draft.plan_id}/lines/add/",
            {
                "version": draft.number,
                "revision": draft.revision,
                "kind": "purchase",
                "description": "Gym",
                "category": "exercise",
                "unit_cost": "10.00",
                "frequency": "yearly",
                "quantity": "١٢",
                "funding_route": "notional",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["quantity"] == ["Enter a whole number, 1 or more."]
        assert not SpendingLine.objects.exists()

    def test_a_quantity_of_service_use_on_its_page(self, client, people, person, pilot_tariffs):
        client.force_login(people.coordinator)
        for quantity in ("١٢", "²", "1001"):
            response = client.post(
                f"/participants/{person.pk}/service-use/add/",
                {
                    "intervention": pilot_tariffs["cmht"].intervention_id,
                    "date": "01/06/2011",
                    "quantity": quantity,
                },
            )
            assert response.status_code == 200, quantity
            assert "quantity" in response.context["form"].errors, quantity
        assert not ServiceEvent.objects.exists()

    def test_an_nhs_number_in_other_digits(self):
        from participants.nhs_number import NHSNumberError, normalise

        assert normalise("999 000 0018") == "9990000018"
        with pytest.raises(NHSNumberError):
            normalise("٩٩٩٠٠٠٠٠١٨")


class TestPerCent:
    @pytest.mark.parametrize("share", ["1e2", "１００", "NaN", "+50", "50.5.5", 50.5, True])  # noqa: RUF001
    def test_a_community_share_is_plain_digits(self, coordinator, person, share):
        from costing.models import Cluster, ClusterCost

        ClusterCost.objects.create(
            cluster=Cluster.objects.get(number=8), year=2012, annual_cost="12045.00"
        )
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/indicative-budgets/",
            {
                "method": "cluster",
                "year": "2012-13",
                "inputs": {"cluster": 8, "community_share": share},
            },
            format="json",
        )
        assert response.status_code == 400, share
        assert "community_share" in response.json()
        assert not person.indicative_budgets.exists()


def test_every_money_column_holds_what_the_limits_allow():
    from django.apps import apps
    from django.db.models import DecimalField

    from costing.core.money import MAX_AMOUNT
    from costing.core.spending import MAX_PLAN_TOTAL

    totals = {"submitted_total", "submitted_indicative"}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            is_percentage = field.name.endswith("_percent")  # a round's sample, a pass mark
            if isinstance(field, DecimalField) and field.decimal_places == 2 and not is_percentage:
                largest = MAX_PLAN_TOTAL if field.name in totals else MAX_AMOUNT
                assert largest < 10 ** (field.max_digits - 2), (model, field.name)
