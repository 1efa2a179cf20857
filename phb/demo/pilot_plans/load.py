"""Write the budget holders' 2011-12 plans through the care plan services, as their team's
coordinator; a Riverside facilitator who did not touch the plan signs it off (Hillside's
go to the commissioner), and the dates are put back to March 2011, when it happened."""

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from budgets.models import IndicativeBudget
from budgets.services import indicative_budget_set
from careplans import decisions, drafting
from careplans.models import CarePlan, CarePlanVersion, Decision, Outcome
from costing.models import Intervention
from participants.models import Participant
from people.models import Role, Team, User
from phb.demo.pilot import FOLLOW_UP, PILOT, TARIFFS, PilotPerson, pilot_nhs_numbers
from phb.demo.pilot_plans.about import ABOUT
from phb.demo.pilot_plans.outcomes import OUTCOMES
from phb.demo.pilot_plans.purchases import PURCHASES
from phb.demo.pilot_plans.shapes import Purchase

PLAN_START = FOLLOW_UP.first_day  # 1 April 2011
FIRST_REVIEW = date(2011, 6, 30)
CMHT_PRICE = next(Decimal(price) for code, _, _, price, _ in TARIFFS if code == "cmht")
# The clinical contacts serve the outcomes about the person's use of services and safety.
CLINICAL_SERVES = ("reduce_demand", "fewer_overdoses", "less_self_harm", "less_medication")


def budget_holders() -> list[PilotPerson]:
    return [person for person in PILOT if person.cohort == Participant.Cohort.BUDGET_HOLDER]


def indicative_contacts(person: PilotPerson) -> int:
    """The pilot's service-based budget: the CMHT contacts the person expects to need, and
    the contacts their direct payment replaces (rounded up)."""
    return person.follow_up.cmht + math.ceil(person.follow_up.direct_payment / CMHT_PRICE)


@transaction.atomic
def load_pilot_plans(teams: list[Team]) -> int:
    """A plan in force for each budget holder. Returns the plans added (0 if loaded)."""
    numbers = pilot_nhs_numbers()
    holders = budget_holders()
    people = {
        p.nhs_number: p
        for p in Participant.objects.filter(nhs_number__in=[numbers[h.key] for h in holders])
    }
    if CarePlan.objects.filter(
        participant__in=people.values(), versions__start_date=PLAN_START
    ).exists():
        return 0
    riverside = teams[0]
    facilitators = list(
        User.objects.filter(team=riverside, role=Role.FACILITATOR, is_active=True).order_by(
            "username"
        )
    )
    commissioner = (
        User.objects.filter(organisation=riverside.organisation, role=Role.COMMISSIONER)
        .order_by("pk")
        .first()
    )
    for n, person in enumerate(holders):
        participant = people[numbers[person.key]]
        author = participant.care_coordinator
        version = _write(person, participant, author)
        submitted = decisions.submit(user=author, version=version)
        if participant.team_id == riverside.pk:
            decider, kind = facilitators[n % len(facilitators)], Decision.Kind.SIGN_OFF
        else:
            decider, kind = commissioner, Decision.Kind.APPROVE
        decisions.decide(user=decider, version=submitted.version, kind=kind)
        _date_back(submitted.version, n)
    return len(holders)


def _write(person: PilotPerson, participant: Participant, author: User) -> CarePlanVersion:
    budget = indicative_budget_set(
        user=author,
        participant=participant,
        method="service",
        year=FOLLOW_UP,
        inputs={"cmht": indicative_contacts(person)},
    )
    plan = drafting.plan_create(user=author, participant=participant)
    version = plan.versions.get()
    _write_about(author, version, person, participant, budget)
    outcomes = {
        said.category: drafting.outcome_save(
            user=author, version=version, revision=None, **said._asdict()
        )
        for said in OUTCOMES[person.key]
    }
    for risk in ABOUT[person.key].risks:
        drafting.risk_save(user=author, version=version, revision=None, **risk._asdict())
    _write_clinical_lines(author, version, person, outcomes)
    route = "third_party" if participant.higher_financial_risk else "direct_payment"
    for purchase in PURCHASES[person.key]:
        _write_purchase(author, version, purchase, route, outcomes)
    version.refresh_from_db()
    return version


def _write_about(
    author: User,
    version: CarePlanVersion,
    person: PilotPerson,
    participant: Participant,
    budget: IndicativeBudget,
) -> None:
    """In the pilot every budget was a mix: notional for the Trust's clinical care, a
    direct payment for the rest (a trust holds it for a person at higher financial risk)."""
    about = ABOUT[person.key]
    drafting.draft_update(
        user=author,
        version=version,
        revision=None,
        what_matters_to_person=about.what_matters_to_person,
        what_matters_for_health=about.what_matters_for_health,
        contingency_plan=about.contingency_plan,
        management_option="mixed",
        managed_by="third_party" if participant.higher_financial_risk else "person",
        health_monitored_by="My care coordinator, with my GP",
        start_date=PLAN_START,
        first_review_date=FIRST_REVIEW,
        first_review_arrangements="A meeting at home with my care coordinator",
        reduction_notice="Four weeks’ notice in writing, with the reasons",
        review_dates="Every six months, and whenever I ask",
        indicative_budget=budget,
    )


def _write_clinical_lines(
    author: User, version: CarePlanVersion, person: PilotPerson, outcomes: dict[str, Outcome]
) -> None:
    """The year's CMHT contacts at tariff, notional: a psychiatric review and the rest with
    the care coordinator, as often as the person needs them."""
    cmht = Intervention.objects.get(code="cmht")
    served = [outcomes[c] for c in CLINICAL_SERVES if c in outcomes]
    for description, quantity in (
        (
            "Contacts with my care coordinator, more when I am unwell and fewer when I am well",
            person.follow_up.cmht - 1,
        ),
        ("Psychiatric review", 1),
    ):
        drafting.line_save(
            user=author,
            version=version,
            revision=None,
            outcomes=served,
            kind="clinical",
            description=description,
            intervention=cmht,
            quantity=quantity,
            funding_route="notional",
        )


def _write_purchase(
    author: User,
    version: CarePlanVersion,
    purchase: Purchase,
    route: str,
    outcomes: dict[str, Outcome],
) -> None:
    fields = purchase._asdict()
    serves = fields.pop("serves")
    drafting.line_save(
        user=author,
        version=version,
        revision=None,
        outcomes=[outcomes[c] for c in serves],
        kind="purchase",
        funding_route=route,
        **fields,
    )


PILOT_ENDED = date(2012, 3, 31)


def _date_back(version: CarePlanVersion, n: int) -> None:
    """Demo only: the plan was written, submitted and decided in March 2011 (a day to
    six days after submission), and its first review fell due from that decision; it
    ended with the pilot's year, on 31 March 2012 (so no review of it is overdue now)."""
    zone = timezone.get_current_timezone()
    submitted_on = date(2011, 3, 7) + timedelta(days=n)
    decided_on = submitted_on + timedelta(days=1 + n % 6)
    drafted = datetime.combine(submitted_on - timedelta(days=14), time(10, 0), tzinfo=zone)
    submitted = datetime.combine(submitted_on, time(14, 30), tzinfo=zone)
    decided = datetime.combine(decided_on, time(11, 0), tzinfo=zone)
    CarePlanVersion.objects.filter(pk=version.pk).update(
        created_at=drafted, last_edited_at=submitted, submitted_at=submitted
    )
    Decision.objects.filter(version=version).update(decided_at=decided)
    IndicativeBudget.objects.filter(pk=version.indicative_budget_id).update(set_at=drafted)
    due, rule = decisions.first_review_due(version, decided_on)
    CarePlan.objects.filter(pk=version.plan_id).update(
        created_at=drafted,
        review_due=due,
        review_due_rule=rule,
        ended_at=datetime.combine(PILOT_ENDED, time(17, 0), tzinfo=zone),
        ended_reason="The pilot’s year ended.",
    )
