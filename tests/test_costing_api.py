"""Cost of care through the API: the pilot's figures to the penny, dated tariffs,
validation, and who may see what."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from participants.models import Participant, ServiceEvent
from phb.demo.pilot import PILOT, load_pilot, pilot_nhs_numbers
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

# Tables 5 to 8 of the 2014 document: each person's cost of care in 2010-11 and 2011-12.
TABLES_5_TO_8 = {
    "control 1": ("2020.40", "404.08"),
    "control 2": ("6039.87", "12526.48"),
    "control 3": ("6869.36", "3434.68"),
    "control 4": ("6082.24", "1616.32"),
    "control 5": ("9686.66", "4242.84"),
    "control 6": ("5859.16", "11186.26"),
    "control 7": ("6667.32", "10867.50"),
    "control 8": ("35236.71", "45062.04"),
    "budget 1": ("7475.48", "4849.48"),
    "budget 2": ("20001.96", "6426.76"),
    "budget 3": ("2626.52", "4019.08"),
    "budget 4": ("10506.08", "9639.36"),
    "budget 5": ("4444.88", "3183.36"),
    "budget 6": ("10506.08", "10176.52"),
    "budget 7": ("5051.00", "3982.90"),
    "budget 8": ("19464.75", "14207.36"),
    "budget 9": ("56291.89", "16903.11"),
    "budget 10": ("6263.24", "11068.84"),
    "budget 11": ("40934.71", "4259.08"),
    "budget 12": ("15527.88", "3056.16"),
}


@pytest.fixture
def pilot(people):
    load_pilot([people.team, people.other_team])
    numbers = pilot_nhs_numbers()
    return {key: Participant.objects.get(nhs_number=number) for key, number in numbers.items()}


def cost_of_care(api, participant, year):
    response = api.get(f"/api/v1/participants/{participant.pk}/cost-of-care/?year={year}")
    assert response.status_code == 200, response.json()
    return response.json()


class TestThePilotToThePenny:
    def test_participant_8_in_2010_11_as_table_9(self, api, people, pilot):
        api.force_authenticate(people.coordinator)
        assert cost_of_care(api, pilot["budget 8"], "2010-11") == {
            "year": "2010-11",
            "lines": [
                {
                    "intervention": "cmht",
                    "quantity": "49",
                    "unit_price": "202.04",
                    "cost": "9899.96",
                },
                {
                    "intervention": "crisis",
                    "quantity": "5",
                    "unit_price": "180.71",
                    "cost": "903.55",
                },
                {
                    "intervention": "inpatient",
                    "quantity": "18",
                    "unit_price": "481.18",
                    "cost": "8661.24",
                },
            ],
            "direct_payments": "0.00",
            "total": "19464.75",
        }

    def test_participant_8_in_2011_12_as_table_9(self, api, people, pilot):
        api.force_authenticate(people.coordinator)
        body = cost_of_care(api, pilot["budget 8"], "2011-12")
        assert [(ln["intervention"], ln["quantity"], ln["cost"]) for ln in body["lines"]] == [
            ("cmht", "39", "7879.56"),
            ("crisis", "6", "1084.26"),
            ("inpatient", "3", "1443.54"),
        ]
        assert body["direct_payments"] == "3800.00"
        assert body["total"] == "14207.36"

    def test_participant_11_as_table_10_with_its_true_2011_12_total(self, api, people, pilot):
        api.force_authenticate(people.other_coordinator)  # participant 11 is in Hillside
        first = cost_of_care(api, pilot["budget 11"], "2010-11")
        assert [(ln["quantity"], ln["cost"]) for ln in first["lines"]] == [
            ("35", "7071.40"),
            ("1", "180.71"),
            ("70", "33682.60"),
        ]
        assert first["total"] == "40934.71"
        second = cost_of_care(api, pilot["budget 11"], "2011-12")
        assert second["lines"] == [
            {"intervention": "cmht", "quantity": "2", "unit_price": "202.04", "cost": "404.08"}
        ]
        assert second["direct_payments"] == "3855.00"
        assert second["total"] == "4259.08"  # Table 10 misprints £14,207.36

    @pytest.mark.parametrize("key", sorted(TABLES_5_TO_8))
    def test_every_person_of_tables_5_to_8(self, api, people, pilot, key):
        api.force_authenticate(people.commissioner)
        baseline, follow_up = TABLES_5_TO_8[key]
        assert cost_of_care(api, pilot[key], "2010-11")["total"] == baseline
        assert cost_of_care(api, pilot[key], "2011-12")["total"] == follow_up

    def test_the_control_group_rises_13_9_percent(self, api, people, pilot):
        api.force_authenticate(people.commissioner)
        report = self._report(api, "control")
        assert report["baseline_total"] == "78461.72"
        assert report["compare_total"] == "89340.20"
        assert report["change_percent"] == "13.9"  # the text's 12% is a slip
        # Split by each person's own baseline events: controls 2, 4, 5 and 8 used
        # crisis or inpatient care in 2010-11 (the document puts 6 and 7 there).
        used = self._names(report, used=True)
        assert used == self._names_of(pilot, ["control 2", "control 4", "control 5", "control 8"])

    def test_the_budget_group_falls_53_9_percent(self, api, people, pilot):
        api.force_authenticate(people.commissioner)
        report = self._report(api, "budget_holder")
        assert report["baseline_total"] == "199094.47"
        assert report["compare_total"] == "91772.01"
        assert report["change_percent"] == "-53.9"
        acute = next(g for g in report["groups"] if g["used_acute_or_crisis"])
        assert self._names(report, used=True) == self._names_of(
            pilot, ["budget 8", "budget 9", "budget 11", "budget 12"]
        )
        # Budget holder 10's £6,263.24 in 2010-11 is 31 CMHT contacts exactly: by the
        # events no crisis or inpatient care, so the person sits with Table 7's group.
        assert acute["baseline_total"] == "132219.23"
        assert acute["compare_total"] == "38425.71"
        assert acute["change_percent"] == "-70.9"
        rows = {
            r["name"]: (r["baseline"], r["compare"])
            for g in report["groups"]
            for r in g["participants"]
        }
        for key in [f"budget {n}" for n in range(1, 13)]:
            assert rows[pilot[key].full_name] == TABLES_5_TO_8[key]

    def test_a_coordinator_sees_the_report_of_their_own_team_only(self, api, people, pilot):
        api.force_authenticate(people.coordinator)
        report = self._report(api, "budget_holder")
        names = {r["name"] for g in report["groups"] for r in g["participants"]}
        assert pilot["budget 1"].full_name in names
        assert pilot["budget 11"].full_name not in names  # Hillside

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("cohort=everyone&baseline=2010-11&compare=2011-12", "cohort"),
            ("cohort=control&baseline=2010-12&compare=2011-12", "baseline"),
            ("cohort=control&baseline=2010-11", "compare"),
        ],
    )
    def test_a_report_with_bad_parameters_says_which(self, api, people, query, field):
        api.force_authenticate(people.commissioner)
        response = api.get(f"/api/v1/reports/cost-of-care/?{query}")
        assert response.status_code == 400
        assert field in response.json()

    def test_table_11_indicative_budgets_and_cluster_costs(self, api, people, pilot):
        api.force_authenticate(people.commissioner)
        expected = {
            "budget 1": (1, "2424.48"),
            "budget 3": (1, "6061.20"),
            "budget 2": (8, "9697.92"),
            "budget 8": (8, "4848.96"),
            "budget 5": (11, "4848.96"),
            "budget 9": (11, "16971.36"),
        }
        for key, (cluster, amount) in expected.items():
            budgets = api.get(f"/api/v1/participants/{pilot[key].pk}/indicative-budgets/").json()
            assert [(b["year"], b["method"], b["amount"]) for b in budgets["results"]] == [
                ("2012-13", "service", amount)
            ]
            assert pilot[key].cluster.number == cluster
        costs = {c["number"]: c["costs"] for c in api.get("/api/v1/clusters/").json()["results"]}
        assert costs[1] == [{"year": "2012-13", "annual_cost": "5475.00"}]
        assert costs[8] == [{"year": "2012-13", "annual_cost": "12045.00"}]
        assert costs[11] == [{"year": "2012-13", "annual_cost": "8030.00"}]

    @staticmethod
    def _report(api, cohort):
        response = api.get(
            f"/api/v1/reports/cost-of-care/?cohort={cohort}&baseline=2010-11&compare=2011-12"
        )
        assert response.status_code == 200, response.json()
        return response.json()

    @staticmethod
    def _names(report, *, used):
        group = next(g for g in report["groups"] if g["used_acute_or_crisis"] is used)
        return sorted(r["name"] for r in group["participants"])

    @staticmethod
    def _names_of(pilot, keys):
        return sorted(pilot[k].full_name for k in keys)


def test_the_pilot_loads_once(people):
    assert load_pilot([people.team, people.other_team]) == len(PILOT)
    assert load_pilot([people.team, people.other_team]) == 0
    assert Participant.objects.count() == len(PILOT)


class TestDatedTariffs:
    def test_a_price_change_on_1_october_prices_events_by_their_date(
        self, api, people, pilot_tariffs
    ):
        api.force_authenticate(people.commissioner)
        response = api.post(
            "/api/v1/tariffs/",
            {"intervention": "cmht", "price": "210.00", "valid_from": "2010-10-01"},
        )
        assert response.status_code == 201, response.json()
        prices = api.get("/api/v1/tariffs/?intervention=cmht").json()["results"]
        assert [(p["price"], p["valid_from"], p["valid_to"]) for p in prices] == [
            ("202.04", "2010-04-01", "2010-09-30"),
            ("210.00", "2010-10-01", None),
        ]

        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        response = api.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            [
                {"intervention": "cmht", "date": "2010-09-30", "quantity": 3},
                {"intervention": "cmht", "date": "2010-10-01", "quantity": 2},
            ],
        )
        assert response.status_code == 201, response.json()
        assert [e["unit_price"] for e in response.json()] == ["202.04", "210.00"]
        body = cost_of_care(api, person, "2010-11")
        assert [(ln["quantity"], ln["unit_price"], ln["cost"]) for ln in body["lines"]] == [
            ("3", "202.04", "606.12"),
            ("2", "210.00", "420.00"),
        ]
        assert body["total"] == "1026.12"

    def test_31_march_and_1_april_fall_in_different_years(self, api, people, pilot_tariffs):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        response = api.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            [
                {"intervention": "cmht", "date": "2011-03-31", "quantity": 1},
                {"intervention": "crisis", "date": "2011-04-01", "quantity": 1},
            ],
        )
        assert response.status_code == 201
        assert cost_of_care(api, person, "2010-11")["total"] == "202.04"
        assert cost_of_care(api, person, "2011-12")["total"] == "180.71"

    def test_an_event_with_no_tariff_in_force_is_rejected(self, api, people, pilot_tariffs):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        response = api.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            {"intervention": "cmht", "date": "2010-03-31", "quantity": 1},
        )
        assert response.status_code == 400
        assert response.json() == {"date": ["There is no cmht tariff in force on 31 March 2010"]}
        assert not ServiceEvent.objects.exists()

    def test_a_list_with_one_bad_event_records_none(self, api, people, pilot_tariffs):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        response = api.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            [
                {"intervention": "cmht", "date": "2010-05-01", "quantity": 1},
                {"intervention": "cmht", "date": "2009-05-01", "quantity": 1},
                {"intervention": "crisis", "date": "2010-05-01", "quantity": 1},
            ],
        )
        assert response.status_code == 400
        errors = response.json()
        assert errors[0] == {}
        assert errors[2] == {}
        assert "no cmht tariff" in errors[1]["date"][0]
        assert not ServiceEvent.objects.exists()

    @pytest.mark.parametrize(
        ("event", "field"),
        [
            ({"intervention": "cmht", "date": "2010-05-01", "quantity": 0}, "quantity"),
            ({"intervention": "cmht", "date": "2010-05-01", "quantity": 1.5}, "quantity"),
            ({"intervention": "gym", "date": "2010-05-01", "quantity": 1}, "intervention"),
            ({"intervention": "cmht", "date": "31/13/2010", "quantity": 1}, "date"),
            ({"intervention": "cmht", "date": "2999-05-01", "quantity": 1}, "date"),
        ],
    )
    def test_bad_events_are_refused_on_their_field(self, api, people, pilot_tariffs, event, field):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        response = api.post(f"/api/v1/participants/{person.pk}/service-events/", event)
        assert response.status_code == 400
        assert field in response.json()
        assert not ServiceEvent.objects.exists()

    def test_a_price_that_events_use_is_not_rewritten(self, api, people, pilot_tariffs):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        api.post(
            f"/api/v1/participants/{person.pk}/service-events/",
            {"intervention": "cmht", "date": "2010-11-15", "quantity": 1},
        )
        api.force_authenticate(people.commissioner)
        response = api.post(
            "/api/v1/tariffs/",
            {"intervention": "cmht", "price": "210.00", "valid_from": "2010-10-01"},
        )
        assert response.status_code == 400
        assert "15 November 2010" in response.json()["valid_from"][0]
        assert (
            pilot_tariffs["cmht"].__class__.objects.get(pk=pilot_tariffs["cmht"].pk).valid_to
            is None
        )

    def test_a_new_price_cannot_start_before_the_current_one(self, api, people, pilot_tariffs):
        api.force_authenticate(people.commissioner)
        response = api.post(
            "/api/v1/tariffs/",
            {"intervention": "cmht", "price": "210.00", "valid_from": "2010-01-01"},
        )
        assert response.status_code == 400
        assert "must start after 01 April 2010" in response.json()["valid_from"][0]

    def test_only_commissioners_set_prices_and_cluster_costs(self, api, people, pilot_tariffs):
        api.force_authenticate(people.coordinator)
        response = api.post(
            "/api/v1/tariffs/",
            {"intervention": "cmht", "price": "1.00", "valid_from": "2011-01-01"},
        )
        assert response.status_code == 403
        response = api.post("/api/v1/clusters/8/costs/", {"year": "2013-14", "annual_cost": "1.00"})
        assert response.status_code == 403

    def test_a_commissioner_adds_an_intervention_and_a_cluster_cost(self, api, people, db):
        api.force_authenticate(people.commissioner)
        response = api.post(
            "/api/v1/interventions/",
            {
                "code": "day-hospital",
                "name": "Day hospital attendance",
                "unit": "contact",
                "acute_or_crisis": False,
                "price": "150.00",
                "valid_from": "2013-04-01",
            },
        )
        assert response.status_code == 201, response.json()
        body = api.get("/api/v1/interventions/day-hospital/").json()
        assert body["prices"] == [{"price": "150.00", "valid_from": "2013-04-01", "valid_to": None}]
        response = api.post(
            "/api/v1/clusters/8/costs/", {"year": "2013-14", "annual_cost": "12500"}
        )
        assert response.status_code == 201
        assert response.json() == {"year": "2013-14", "annual_cost": "12500.00"}


class TestParticipants:
    def payload(self, **changes):
        return {
            "nhs_number": "999 000 0018",
            "given_name": "Morwenna",
            "family_name": "Treloar",
            "date_of_birth": "1979-05-04",
            "address": "1 Quay Street, Northshire",
            "phb_category": "mental_health",
            "cohort": "budget_holder",
            **changes,
        }

    def test_a_coordinator_adds_a_person_to_their_team(self, api, people, db):
        api.force_authenticate(people.coordinator)
        response = api.post(
            "/api/v1/participants/",
            self.payload(
                care_coordinator=people.coordinator.pk, cluster=8, cluster_start="2012-04-01"
            ),
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["nhs_number"] == "9990000018"
        assert body["team"] == people.team.pk
        person = Participant.objects.get()
        assert person.cluster.number == 8
        assert [(a.cluster.number, a.start, a.end) for a in person.cluster_history.all()] == [
            (8, date(2012, 4, 1), None)
        ]

    @pytest.mark.parametrize(
        ("number", "message"),
        [
            ("9990000017", "not a valid NHS number"),  # wrong check digit
            ("999000001", "this has 9"),
            ("99900000180", "this has 11"),
            ("99900A0018", "10 digits"),
        ],
    )
    def test_an_invalid_nhs_number_is_refused(self, api, people, db, number, message):
        api.force_authenticate(people.coordinator)
        response = api.post("/api/v1/participants/", self.payload(nhs_number=number))
        assert response.status_code == 400
        assert message in response.json()["nhs_number"][0]
        assert not Participant.objects.exists()

    def test_a_check_digit_of_10_is_refused(self, api, people, db):
        from participants.nhs_number import check_digit

        first_nine = next(
            f"{n:09d}" for n in range(999_000_000, 999_001_000) if check_digit(f"{n:09d}") is None
        )
        api.force_authenticate(people.coordinator)
        response = api.post("/api/v1/participants/", self.payload(nhs_number=first_nine + "0"))
        assert response.status_code == 400

    def test_an_nhs_number_is_recorded_once(self, api, people, db):
        # Another team's person: see test_known_elsewhere.
        ParticipantFactory(nhs_number="9990000018", team=people.team)
        api.force_authenticate(people.coordinator)
        response = api.post("/api/v1/participants/", self.payload())
        assert response.status_code == 400
        assert "already recorded" in response.json()["nhs_number"][0]

    def test_the_coordinator_must_belong_to_the_team(self, api, people, db):
        api.force_authenticate(people.coordinator)
        response = api.post(
            "/api/v1/participants/", self.payload(care_coordinator=people.other_coordinator.pk)
        )
        assert response.status_code == 400
        assert "care_coordinator" in response.json()

    def test_a_commissioner_may_read_but_not_write(self, api, people, db):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.commissioner)
        assert api.get(f"/api/v1/participants/{person.pk}/").status_code == 200
        assert (
            api.patch(f"/api/v1/participants/{person.pk}/", {"given_name": "X"}).status_code == 403
        )
        assert api.post("/api/v1/participants/", self.payload()).status_code == 403

    def test_list_filters_and_search(self, api, people, db):
        a = ParticipantFactory(team=people.team, family_name="Penrose", cohort="control")
        b = ParticipantFactory(team=people.team, family_name="Angove", cohort="budget_holder")
        ParticipantFactory(team=people.other_team, family_name="Penrose")
        api.force_authenticate(people.coordinator)

        def ids(query):
            return [p["id"] for p in api.get(f"/api/v1/participants/?{query}").json()["results"]]

        assert ids("") == [b.pk, a.pk]
        assert ids("search=penrose") == [a.pk]
        spaced = f"{a.nhs_number[:3]} {a.nhs_number[3:6]} {a.nhs_number[6:]}"
        assert ids(f"search={spaced}") == [a.pk]
        assert ids("cohort=budget_holder") == [b.pk]
        assert ids(f"team={people.other_team.pk}") == []

    def test_reading_a_person_is_in_the_audit_trail(self, api, people, db):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        api.get(f"/api/v1/participants/{person.pk}/")
        event = AuditEvent.objects.get(kind="view")
        assert (event.channel, event.object_id, event.username) == ("api", str(person.pk), "cara")

    def test_changes_are_in_the_history(self, api, people, db):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        api.patch(f"/api/v1/participants/{person.pk}/", {"higher_financial_risk": True})
        latest = person.history.first()
        assert latest.higher_financial_risk is True
        assert latest.history_user == people.coordinator

    def test_the_cluster_moves_from_a_date_and_keeps_its_history(self, api, people, db):
        api.force_authenticate(people.coordinator)
        pk = api.post(
            "/api/v1/participants/", self.payload(cluster=3, cluster_start="2012-04-01")
        ).json()["id"]
        response = api.post(
            f"/api/v1/participants/{pk}/cluster-history/", {"cluster": 14, "start": "2013-01-10"}
        )
        assert response.status_code == 201
        history = api.get(f"/api/v1/participants/{pk}/cluster-history/").json()
        assert history == [
            {"cluster": 14, "start": "2013-01-10", "end": None},
            {"cluster": 3, "start": "2012-04-01", "end": "2013-01-09"},
        ]
        assert api.get(f"/api/v1/participants/{pk}/").json()["cluster"] == 14


class TestIndicativeBudgets:
    def test_service_based_keeps_its_workings(self, api, people, pilot_tariffs):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        response = api.post(
            f"/api/v1/participants/{person.pk}/indicative-budgets/",
            {"method": "service", "year": "2012-13", "inputs": {"cmht": 24}},
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["amount"] == "4848.96"
        assert body["workings"] == [
            {
                "description": "24 × Community mental health team contact at £202.04",
                "quantity": 24,
                "unit_price": "202.04",
                "amount": "4848.96",
            }
        ]

    def test_cluster_based_takes_the_cluster_cost_of_the_year(self, api, people, db):
        from costing.models import Cluster, ClusterCost

        ClusterCost.objects.create(
            cluster=Cluster.objects.get(number=8), year=2012, annual_cost=Decimal("12045")
        )
        person = ParticipantFactory(team=people.team, cluster=Cluster.objects.get(number=8))
        api.force_authenticate(people.coordinator)
        response = api.post(
            f"/api/v1/participants/{person.pk}/indicative-budgets/",
            {"method": "cluster", "year": "2012-13", "inputs": {"community_share": "50"}},
        )
        assert response.status_code == 201, response.json()
        assert response.json()["amount"] == "6022.50"
        response = api.post(
            f"/api/v1/participants/{person.pk}/indicative-budgets/",
            {"method": "cluster", "year": "2013-14", "inputs": {}},
        )
        assert response.status_code == 400
        assert "no annual cost set for 2013-14" in response.json()["year"][0]

    def test_manual_needs_a_reason(self, api, people, db):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.coordinator)
        url = f"/api/v1/participants/{person.pk}/indicative-budgets/"
        response = api.post(
            url, {"method": "manual", "year": "2012-13", "inputs": {"amount": "4800.00"}}
        )
        assert response.status_code == 400
        assert "reason" in response.json()
        response = api.post(
            url,
            {
                "method": "manual",
                "year": "2012-13",
                "inputs": {"amount": "4800.00"},
                "reason": "Agreed with the person",
            },
        )
        assert response.status_code == 201
        assert response.json()["amount"] == "4800.00"
        assert len(api.get(url).json()["results"]) == 1


class TestScope:
    """Another team's coordinator, another organisation's commissioner, an administrator and
    a peer reviewer: the person and everything under them is not found."""

    SUB_RESOURCES = [
        "",
        "service-events/",
        "direct-payments/",
        "cost-of-care/?year=2010-11",
        "indicative-budgets/",
        "cluster-history/",
    ]

    @pytest.mark.parametrize(
        "who", ["other_coordinator", "foreign_commissioner", "administrator", "peer_reviewer"]
    )
    @pytest.mark.parametrize("path", SUB_RESOURCES)
    def test_reads_are_404(self, api, people, pilot_tariffs, who, path):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(getattr(people, who))
        assert api.get(f"/api/v1/participants/{person.pk}/{path}").status_code == 404

    @pytest.mark.parametrize(
        ("path", "payload"),
        [
            ("service-events/", {"intervention": "cmht", "date": "2010-05-01", "quantity": 1}),
            ("direct-payments/", {"date": "2011-05-01", "amount": "10.00", "description": "Gym"}),
            (
                "indicative-budgets/",
                {"method": "service", "year": "2012-13", "inputs": {"cmht": 1}},
            ),
            ("cluster-history/", {"cluster": 3, "start": "2012-04-01"}),
        ],
    )
    def test_writes_are_404_and_change_nothing(self, api, people, pilot_tariffs, path, payload):
        person = ParticipantFactory(team=people.team)
        api.force_authenticate(people.other_coordinator)
        assert api.post(f"/api/v1/participants/{person.pk}/{path}", payload).status_code == 404
        assert (
            api.patch(f"/api/v1/participants/{person.pk}/", {"given_name": "X"}).status_code == 404
        )
        person.refresh_from_db()
        assert person.given_name != "X"
        assert not ServiceEvent.objects.exists()

    def test_the_list_holds_only_the_users_scope(self, api, people, db):
        mine = ParticipantFactory(team=people.team)
        theirs = ParticipantFactory(team=people.other_team)
        ParticipantFactory(team=people.foreign_team)
        api.force_authenticate(people.coordinator)
        assert [p["id"] for p in api.get("/api/v1/participants/").json()["results"]] == [mine.pk]
        api.force_authenticate(people.commissioner)
        ids = {p["id"] for p in api.get("/api/v1/participants/").json()["results"]}
        assert ids == {mine.pk, theirs.pk}
        api.force_authenticate(people.administrator)
        assert api.get("/api/v1/participants/").json()["results"] == []


def test_direct_payments_all_or_nothing(api, people, db):
    person = ParticipantFactory(team=people.team)
    api.force_authenticate(people.coordinator)
    url = f"/api/v1/participants/{person.pk}/direct-payments/"
    response = api.post(
        url,
        [
            {"date": "2011-06-01", "amount": "3800.00", "description": "Gym and a laptop"},
            {"date": "2011-06-01", "amount": "12.345", "description": "Too precise"},
        ],
    )
    assert response.status_code == 400
    assert "amount" in response.json()[1]
    assert api.get(url).json()["count"] == 0
    response = api.post(url, {"date": "2011-06-01", "amount": "3800.00", "description": "Gym"})
    assert response.status_code == 201
    assert api.get(url).json()["results"][0]["amount"] == "3800.00"


def test_the_schema_describes_the_costing_endpoints(api, people):
    api.force_authenticate(people.coordinator)
    schema = api.get("/api/schema/?format=json").json()
    for path in [
        "/api/v1/interventions/",
        "/api/v1/tariffs/",
        "/api/v1/clusters/",
        "/api/v1/participants/",
        "/api/v1/participants/{id}/service-events/",
        "/api/v1/participants/{id}/direct-payments/",
        "/api/v1/participants/{id}/cost-of-care/",
        "/api/v1/participants/{id}/indicative-budgets/",
        "/api/v1/reports/cost-of-care/",
    ]:
        assert path in schema["paths"], path


def test_reading_a_persons_cost_of_care_is_in_the_audit_trail(api, people, pilot_tariffs):
    person = ParticipantFactory(team=people.team)
    api.force_authenticate(people.commissioner)
    api.get(f"/api/v1/participants/{person.pk}/cost-of-care/?year=2010-11")
    event = AuditEvent.objects.get(kind="view")
    assert event.object_id == str(person.pk)
    assert event.path.endswith("cost-of-care/?year=2010-11")


def test_a_price_that_events_use_cannot_be_edited_in_place(people, pilot_tariffs):
    from django.core.exceptions import ValidationError

    from tests.factories import ServiceEventFactory

    price = pilot_tariffs["cmht"]
    ServiceEventFactory(intervention=price.intervention, date=date(2010, 6, 1))
    price.price = Decimal("1.00")
    with pytest.raises(ValidationError):
        price.save()
    price.refresh_from_db()
    price.valid_to = date(2010, 5, 31)
    with pytest.raises(ValidationError):
        price.save()
    price.refresh_from_db()
    assert (price.price, price.valid_to) == (Decimal("202.04"), None)
