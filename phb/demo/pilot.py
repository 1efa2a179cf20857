"""The Northamptonshire pilot as demonstration data, to the penny, with made-up people.

Tariffs of Table 2 from 1 April 2010; the cluster costs of Table 11 for
2012-13; the 8 control and 12 budget-holder participants of Tables 5 to 8,
with service events and direct payments that give exactly their costs of
care for 2010-11 and 2011-12 (participants 8 and 11 of the budget group
with the breakdowns of Tables 9 and 10); and six people with the cluster
costs and indicative budgets of Table 11. Names and NHS numbers are made up
(the NHS numbers come from the 999 range, which is never issued).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from budgets.services import indicative_budget_set
from costing.core.years import FinancialYear
from costing.models import Cluster, ClusterCost, Intervention, TariffPrice
from costing.services import cluster_cost_set
from participants.models import Participant
from participants.nhs_number import unissued
from participants.services import (
    DirectPaymentEntry,
    ServiceUseEntry,
    cluster_assign,
    direct_payments_record,
    service_use_record,
)
from people.models import Role, Team, User

PILOT_START = date(2010, 4, 1)
BASELINE, FOLLOW_UP, ROLL_OUT = FinancialYear(2010), FinancialYear(2011), FinancialYear(2012)

TARIFFS = (
    ("cmht", "Community mental health team contact (any professional)", "contact", "202.04", False),
    ("crisis", "Crisis team contact", "contact", "180.71", True),
    ("inpatient", "Inpatient bed stay", "bed_day", "481.18", True),
)
CLUSTER_COSTS_2012 = {1: Decimal("5475"), 8: Decimal("12045"), 11: Decimal("8030")}


@dataclass(frozen=True)
class Year:
    """One person's use in one year: CMHT contacts, crisis contacts, bed days, direct payment."""

    cmht: int = 0
    crisis: int = 0
    bed_days: int = 0
    direct_payment: Decimal = Decimal("0")


@dataclass(frozen=True)
class PilotPerson:
    key: str  # the pilot's own label: "control 2", "budget 8"
    given_name: str
    family_name: str
    cohort: str
    cluster: int
    baseline: Year
    follow_up: Year
    team: int = 0  # index into the demo teams
    table_11_contacts: int = 0  # the indicative budget of Table 11, in CMHT contacts


C, B = Participant.Cohort.CONTROL, Participant.Cohort.BUDGET_HOLDER
PILOT: tuple[PilotPerson, ...] = (
    # Control group (Tables 5 and 6): whole numbers of contacts and bed days, no payments.
    PilotPerson("control 1", "Alys", "Penhallow", C, 3, Year(10), Year(2)),
    PilotPerson("control 2", "Bryn", "Castellan", C, 3, Year(29, 1), Year(62)),
    PilotPerson("control 3", "Corin", "Ashdown", C, 2, Year(34), Year(17)),
    PilotPerson("control 4", "Delyth", "Morrow", C, 7, Year(17, 4, 4), Year(8), team=1),
    PilotPerson("control 5", "Emrys", "Tallis", C, 4, Year(39, 10), Year(21), team=1),
    PilotPerson("control 6", "Ffion", "Oakhart", C, 3, Year(29), Year(50, 6), team=1),
    PilotPerson("control 7", "Garan", "Whitlow", C, 0, Year(33), Year(52, 2), team=1),
    PilotPerson("control 8", "Heledd", "Brackley", C, 14, Year(127, 53), Year(95, 18, 47)),
    # Budget holders (Tables 7 and 8): in 2011-12 a direct payment for alternative services.
    PilotPerson(
        "budget 1",
        "Iestyn",
        "Marlowe",
        B,
        1,
        Year(37),
        Year(12, 0, 0, Decimal("2425")),
        table_11_contacts=12,
    ),
    PilotPerson(
        "budget 2",
        "Jory",
        "Vellacott",
        B,
        8,
        Year(99),
        Year(19, 0, 0, Decimal("2588")),
        table_11_contacts=48,
    ),
    PilotPerson(
        "budget 3",
        "Kerensa",
        "Dunmore",
        B,
        1,
        Year(13),
        Year(2, 0, 0, Decimal("3615")),
        table_11_contacts=30,
    ),
    PilotPerson("budget 4", "Lowena", "Hartigan", B, 3, Year(52), Year(34, 0, 0, Decimal("2770"))),
    PilotPerson(
        "budget 5",
        "Morwen",
        "Sallis",
        B,
        11,
        Year(22),
        Year(9, 0, 0, Decimal("1365")),
        table_11_contacts=24,
    ),
    PilotPerson(
        "budget 6", "Nesta", "Pryor", B, 7, Year(52), Year(38, 0, 0, Decimal("2499")), team=1
    ),
    PilotPerson(
        "budget 7",
        "Osian",
        "Fairweather",
        B,
        0,
        Year(25),
        Year(12, 2, 0, Decimal("1197")),
        team=1,
    ),
    PilotPerson(
        "budget 8",
        "Peran",
        "Gillard",
        B,
        8,
        Year(49, 5, 18),
        Year(39, 6, 3, Decimal("3800")),
        table_11_contacts=24,
    ),
    PilotPerson(
        "budget 9",
        "Rhiannon",
        "Tremayne",
        B,
        11,
        Year(111, 9, 67),
        Year(60, 1, 0, Decimal("4600")),
        table_11_contacts=84,
    ),
    PilotPerson("budget 10", "Selyf", "Carrow", B, 4, Year(31), Year(46, 0, 0, Decimal("1775"))),
    PilotPerson(
        "budget 11",
        "Tegen",
        "Polglase",
        B,
        14,
        Year(35, 1, 70),
        Year(2, 0, 0, Decimal("3855")),
        team=1,
    ),
    PilotPerson(
        "budget 12", "Wenna", "Rosewarne", B, 2, Year(6, 2, 29), Year(4, 0, 0, Decimal("2248"))
    ),
)

# The pilot's budgets were mental health budgets, and most of its people are recorded so.
# Three are recorded under another of the national return's categories (a CMHT also
# supports people with a learning disability or autism, or eligible for NHS Continuing
# Healthcare), so that the quarterly return shows more than one category.
OTHER_CATEGORIES = {
    "budget 6": Participant.PhbCategory.CONTINUING_HEALTHCARE,
    "budget 11": Participant.PhbCategory.LEARNING_DISABILITY_AUTISM,
    "budget 12": Participant.PhbCategory.OTHER,
}


def pilot_nhs_numbers() -> dict[str, str]:
    """The made-up NHS number of each pilot person, by the pilot's label."""
    numbers = unissued(9_990_000_000)
    return {person.key: next(numbers) for person in PILOT}


def _spread(year: FinancialYear, count: int, offset: int) -> list[date]:
    """``count`` dates spread through the year, none later than 31 March."""
    step = max(1, 365 // max(count, 1))
    return [
        min(year.first_day + timedelta(days=(offset + i * step) % 365), year.last_day)
        for i in range(count)
    ]


def _entries(participant, year: FinancialYear, use: Year, interventions) -> list[ServiceUseEntry]:
    entries = [
        ServiceUseEntry(participant, interventions["cmht"], day, 1)
        for day in _spread(year, use.cmht, 3)
    ]
    entries += [
        ServiceUseEntry(participant, interventions["crisis"], day, 1)
        for day in _spread(year, use.crisis, 40)
    ]
    if use.bed_days:
        # One admission, its bed days counted as one event.
        entries.append(
            ServiceUseEntry(
                participant,
                interventions["inpatient"],
                year.first_day + timedelta(days=150),
                use.bed_days,
            )
        )
    return entries


def load_pilot_tariffs() -> dict[str, Intervention]:
    interventions = {}
    for code, name, unit, price, acute in TARIFFS:
        intervention, _ = Intervention.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "acute_or_crisis": acute}
        )
        if not intervention.prices.exists():
            TariffPrice.objects.create(
                intervention=intervention, price=Decimal(price), valid_from=PILOT_START
            )
        interventions[code] = intervention
    return interventions


def load_pilot_cluster_costs() -> None:
    """Table 11's cluster costs for 2012-13, where none is set: a cost that exists (the
    demo's, or one a commissioner corrected) is left as it is, and no history is added."""
    for number, cost in CLUSTER_COSTS_2012.items():
        cluster = Cluster.objects.get(number=number)
        if not ClusterCost.objects.filter(cluster=cluster, year=ROLL_OUT.start_year).exists():
            cluster_cost_set(cluster=cluster, year=ROLL_OUT, annual_cost=cost)


@transaction.atomic
def load_pilot(teams: list[Team]) -> int:
    """Load the pilot into ``teams`` (two of them). Returns the people added (0 if loaded)."""
    interventions = load_pilot_tariffs()
    load_pilot_cluster_costs()
    numbers = pilot_nhs_numbers()
    if Participant.objects.filter(nhs_number__in=numbers.values()).exists():
        return 0
    coordinators = [
        User.objects.filter(team=team, role=Role.COORDINATOR, is_active=True).order_by("pk").first()
        for team in teams
    ]
    clusters = {c.number: c for c in Cluster.objects.all()}
    events, payments = [], []
    for index, person in enumerate(PILOT):
        team, coordinator = teams[person.team], coordinators[person.team]
        participant = _add_person(index, person, numbers[person.key], team, coordinator)
        cluster_assign(
            participant=participant, cluster=clusters[person.cluster], start=ROLL_OUT.first_day
        )
        person_events, person_payments = _use_of(participant, person, interventions)
        events += person_events
        payments += person_payments
        if person.table_11_contacts:
            indicative_budget_set(
                user=coordinator,
                participant=participant,
                method="service",
                year=ROLL_OUT,
                inputs={"cmht": person.table_11_contacts},
            )
    _record_use(teams, coordinators, events, payments)
    return len(PILOT)


def _add_person(
    index: int, person: PilotPerson, nhs_number: str, team: Team, coordinator: User
) -> Participant:
    return Participant.objects.create(
        nhs_number=nhs_number,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=date(1960 + index * 2, 1 + index % 12, 1 + index),
        address=f"{index + 1} Demo Row, Northshire",
        team=team,
        care_coordinator=coordinator,
        cohort=person.cohort,
        phb_category=OTHER_CATEGORIES.get(person.key, Participant.PhbCategory.MENTAL_HEALTH),
        higher_financial_risk=person.key == "budget 12",
    )


def _use_of(
    participant: Participant, person: PilotPerson, interventions: dict[str, Intervention]
) -> tuple[list[ServiceUseEntry], list[DirectPaymentEntry]]:
    """The person's service events and direct payments in the baseline and follow-up years."""
    events: list[ServiceUseEntry] = []
    payments: list[DirectPaymentEntry] = []
    for year, use in ((BASELINE, person.baseline), (FOLLOW_UP, person.follow_up)):
        events += _entries(participant, year, use, interventions)
        if use.direct_payment:
            payments.append(
                DirectPaymentEntry(
                    participant,
                    year.first_day + timedelta(days=75),
                    use.direct_payment,
                    "PHB direct payment (for alternative services)",
                )
            )
    return events, payments


def _record_use(
    teams: list[Team],
    coordinators: list[User],
    events: list[ServiceUseEntry],
    payments: list[DirectPaymentEntry],
) -> None:
    """Record each team's events and payments as its coordinator."""
    for team, coordinator in zip(teams, coordinators, strict=True):
        own_events = [e for e in events if e.participant.team_id == team.pk]
        if own_events:
            service_use_record(user=coordinator, entries=own_events)
        own_payments = [p for p in payments if p.participant.team_id == team.pk]
        if own_payments:
            direct_payments_record(user=coordinator, entries=own_payments)
