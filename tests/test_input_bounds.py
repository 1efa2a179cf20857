"""No input makes a server error: ids in addresses, bodies, forms and query strings; the
size, depth and list length of a body. Bad input gets a message on its field and changes
nothing. (Money, quantities, years and digits: ``test_input_limits``.)"""

import json

import pytest

from careplans.models import SpendingLine
from participants.models import DirectPayment, ServiceEvent

pytestmark = pytest.mark.django_db

HUGE = 2**63
TOO_MANY_DIGITS = "99999999999999999999"


class TestIdsInAddresses:
    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/participants/abc/",
            "/api/v1/participants/-1/",
            f"/api/v1/participants/{TOO_MANY_DIGITS}/",
            f"/api/v1/care-plans/{TOO_MANY_DIGITS}/",
            "/api/v1/care-plans/null/versions/",
            "/api/v1/care-plans/true/decision/",
            "/api/v1/care-plans/١/",  # an Arabic-Indic one  # noqa: RUF001
            f"/api/v1/reviews/{TOO_MANY_DIGITS}/",
            "/api/v1/review-packs/not-a-uuid/",
            f"/api/v1/teams/{TOO_MANY_DIGITS}/",
            f"/api/v1/clusters/{TOO_MANY_DIGITS}/",
            "/api/v1/interventions/%00/",  # PostgreSQL cannot even look for a NUL
            "/api/v1/interventions/cmht%E2%80%AE/",
        ],
    )
    def test_an_id_that_is_not_a_record_number_is_not_found(self, coordinator, path):
        response = coordinator.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."} or "detail" in response.json()

    def test_ids_of_a_draft_part_too(self, coordinator, draft):
        plan = draft.plan_id
        for part in ("outcomes", "risks", "spending-lines"):
            for bad in ("x", TOO_MANY_DIGITS):
                response = coordinator.delete(f"/api/v1/care-plans/{plan}/{part}/{bad}/")
                assert response.status_code == 404, (part, bad)
        assert draft.outcomes.count() == 1

    @pytest.mark.parametrize("path", ["/participants/{}/", "/care-plans/{}/", "/teams/{}/"])
    def test_pages_too(self, client, people, path):
        client.force_login(people.coordinator)
        assert client.get(path.format(TOO_MANY_DIGITS)).status_code == 404

    @pytest.mark.parametrize("team", ["abc", "1e300", TOO_MANY_DIGITS, "-1", "1.5"])
    def test_a_filter_by_id_says_what_is_wrong(self, coordinator, person, team):
        response = coordinator.get("/api/v1/participants/", {"team": team})
        assert response.status_code == 400
        assert "team" in response.json()


class TestIdsInBodies:
    def test_outcomes_of_a_line_must_be_ids(self, coordinator, draft):
        line = {
            "kind": "purchase",
            "description": "Gym",
            "category": "exercise",
            "unit_cost": "10.00",
            "quantity": 1,
            "frequency": "yearly",
            "funding_route": "notional",
        }
        url = f"/api/v1/care-plans/{draft.plan_id}/spending-lines/"
        for outcomes in (["x"], [HUGE], [None], "x", [{"id": 1}]):
            response = coordinator.post(url, {**line, "outcomes": outcomes}, format="json")
            assert response.status_code == 400, outcomes
            assert "outcomes" in response.json()
        assert not SpendingLine.objects.exists()

    @pytest.mark.parametrize("participant", [HUGE, "x", -1, None, 1.5, [1]])
    def test_a_plan_for_no_such_person(self, coordinator, person, participant):
        response = coordinator.post(
            "/api/v1/care-plans/", {"participant": participant}, format="json"
        )
        assert response.status_code == 400
        assert "participant" in response.json()

    def test_a_review_pack_of_no_such_version_or_review(self, coordinator, draft):
        url = f"/api/v1/care-plans/{draft.plan_id}/review-packs/"
        for body in ({"version": HUGE}, {"review": HUGE}, {"version": "x"}, {"review": -5}):
            response = coordinator.post(url, body, format="json")
            assert response.status_code == 400, body


class TestBodies:
    def test_a_body_nested_too_deep_is_refused(self, coordinator, person):
        body = "[" * 100_000 + "]" * 100_000
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            body,
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "nests more than 10 levels" in response.json()["detail"]

    def test_a_body_too_large_is_refused(self, coordinator, person):
        body = json.dumps({"description": "x" * (1024 * 1024), "amount": "1.00"})
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/direct-payments/",
            body,
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "too large" in response.json()["detail"]
        assert not DirectPayment.objects.exists()

    def test_nan_and_infinity_are_not_json(self, coordinator, person):
        response = coordinator.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            '{"intervention": "cmht", "date": "2011-01-01", "quantity": NaN}',
            content_type="application/json",
        )
        assert response.status_code == 400

    def test_a_list_holds_at_most_1000_items(self, coordinator, person):
        event = {"intervention": "cmht", "date": "2011-01-01", "quantity": 1}
        url = f"/api/v1/participants/{person.pk}/service-events/"
        response = coordinator.post(url, [event] * 1_001, format="json")
        assert response.status_code == 400
        assert response.json() == {
            "non_field_errors": ["Send at most 1,000 items in one list: this one has 1,001."]
        }
        assert not ServiceEvent.objects.exists()
        assert coordinator.post(url, [event] * 1_000, format="json").status_code == 201

    def test_a_query_parameter_with_a_control_character_is_refused(self, coordinator, person):
        response = coordinator.get("/api/v1/participants/", {"search": "Smith\x00"})
        assert response.status_code == 400
        assert "U+0000" in response.json()["search"][0]
        assert coordinator.get("/api/v1/tariffs/", {"intervention": "\x00"}).status_code == 400


class TestWhatTheFuzzerFound:
    """Faults ``test_fuzz_api`` found, each kept as a rule."""

    def test_a_new_intervention_is_not_crisis_care_unless_said(self, commissioner, db):
        response = commissioner.post(
            "/api/v1/interventions/",
            {
                "code": "gym",
                "name": "Gym",
                "unit": "contact",
                "price": "10.00",
                "valid_from": "2011-04-01",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["acute_or_crisis"] is False


class TestIdsInForms:
    def test_outcomes_of_a_line_on_its_page(self, client, people, draft):
        client.force_login(people.coordinator)
        for outcome in (TOO_MANY_DIGITS, str(HUGE), "x", "-1"):
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
                    "quantity": "1",
                    "funding_route": "notional",
                    "outcomes": [outcome],
                },
            )
            assert response.status_code == 200, outcome
            assert "outcomes" in response.context["form"].errors
        assert not SpendingLine.objects.exists()

    def test_a_coordinator_or_cluster_on_a_persons_page(self, client, people, person):
        client.force_login(people.coordinator)
        for value in (TOO_MANY_DIGITS, str(HUGE), "x"):
            response = client.post(
                f"/participants/{person.pk}/cluster/", {"cluster": value, "start": "01/05/2012"}
            )
            assert response.status_code == 200, value
            assert "cluster" in response.context["form"].errors

    def test_an_unanswered_reconsideration_is_described_as_the_api_sends_it(self, coordinator):
        schema = coordinator.get("/api/schema/?format=json").json()
        properties = schema["components"]["schemas"]["Reconsideration"]["properties"]
        # Sent as null until answered, and for a reduced budget (which has no version).
        assert properties["answered_by"]["nullable"] is True
        assert properties["version"]["nullable"] is True
        assert "BlankEnum" in json.dumps(properties["outcome"])  # "" until answered
