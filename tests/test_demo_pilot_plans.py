"""The demo's pilot budget holders have plans in force whose outcomes give Table 3 (people
per outcome category) and whose purchases hold Table 4's, each in its category."""

import io
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from careplans import pricing
from careplans.in_force import versions_in_force
from costing.core.years import FinancialYear
from participants.models import Participant
from peer_audit.models import PeerAudit
from phb.demo.pilot import PILOT

PILOT_YEAR = FinancialYear(2011)

TABLE_3 = {
    "reduce_demand": 9,
    "socialisation": 8,
    "employment": 5,
    "independence": 4,
    "fewer_overdoses": 4,
    "help_others": 3,
    "less_self_harm": 3,
    "less_medication": 3,
    "confidence": 3,
    "body_image": 2,
    "pain": 2,
    "stop_smoking": 1,
    "weight": 1,
    "stress": 1,
    "family": 1,
    "children": 1,
}

# Table 4: category, purchase, and the outcome category it served.
TABLE_4 = (
    ("it_equipment", "PDA 'tablet' organiser", "socialisation"),
    ("it_equipment", "Sat nav", "independence"),
    ("it_equipment", "Dragon DSA: a laptop I can talk to instead of type", "employment"),
    ("therapies", "Physiotherapy", "pain"),
    ("therapies", "Massage / Indian head massage", "stress"),
    ("therapies", "Alexander technique", "pain"),
    ("education", "Self-confidence course", "confidence"),
    ("education", "Office Student Pro", "employment"),
    ("education", "College course", "employment"),
    ("respite", "Respite care home", "reduce_demand"),
    ("respite", "Visiting family, travel costs", "reduce_demand"),
    ("respite", "Residential stay", "fewer_overdoses"),
    ("exercise", "Gym membership", "confidence"),
    ("exercise", "Personal trainer", "pain"),
    ("exercise", "Shiatsu sessions", "weight"),
    ("other_support", "Vehicle repair costs", "socialisation"),
    ("other_support", "Costs towards clothing", "body_image"),
    ("other_support", "Conversion of outhouse into playroom and storage units", "children"),
)


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def _in_force(year: FinancialYear = PILOT_YEAR):
    """The budget holders' plans in force at some time in ``year``, with that version."""
    versions = versions_in_force(year.first_day, year.last_day).filter(
        plan__participant__cohort=Participant.Cohort.BUDGET_HOLDER
    )
    return [(version.plan, version) for version in versions.select_related("plan")]


def _people_per_category(plans) -> Counter:
    pairs = {
        (plan.participant_id, outcome.category)
        for plan, version in plans
        for outcome in version.outcomes.all()
    }
    return Counter(category for _, category in pairs)


def test_the_budget_holders_plans_in_force_give_table_3(demo):
    pilot_year = _in_force()
    assert len(pilot_year) == 12
    assert len({plan.participant_id for plan, _ in pilot_year}) == 12
    counts = _people_per_category(pilot_year)
    assert dict(counts) == TABLE_3
    assert sum(counts.values()) == 51
    assert len(counts) == 16
    for _, version in pilot_year:
        assert 1 <= version.outcomes.count() <= 8

    # The pilot's plans ended with its year; the demo's other plans in force this year add
    # no one to any category.
    this_year = _in_force(FinancialYear.of(timezone.localdate()))
    assert this_year
    assert not {plan.pk for plan, _ in this_year} & {plan.pk for plan, _ in pilot_year}
    assert dict(_people_per_category(pilot_year + this_year)) == TABLE_3


def test_every_table_4_purchase_is_bought_in_its_category_for_its_outcome(demo):
    """And every plan is the pilot's mix, within its budget, decided in March 2011 (one
    test: loading the demo takes seconds)."""
    pilot_year = _in_force()
    lines = {
        line.description: line
        for _, version in pilot_year
        for line in version.lines.filter(kind="purchase").prefetch_related("outcomes")
    }
    for category, description, outcome in TABLE_4:
        line = lines[description]
        assert line.category == category, description
        assert outcome in {o.category for o in line.outcomes.all()}, description
        assert line.funding_route in ("direct_payment", "third_party")

    _each_plan_is_the_pilots_mix_within_budget_and_signed_off_in_march_2011()
    # So the demo's peer audit rounds, of last quarter and this, draw none of them.
    audited = PeerAudit.objects.values_list("version__start_date", flat=True)
    assert audited
    assert all(start > date(2012, 3, 31) for start in audited)


def _each_plan_is_the_pilots_mix_within_budget_and_signed_off_in_march_2011():
    payments = {p.family_name: p.follow_up.direct_payment for p in PILOT}
    contacts = {p.family_name: p.follow_up.cmht for p in PILOT}
    for plan, version in _in_force():
        person = plan.participant
        assert version.management_option == "mixed"
        priced = pricing.spending_plan(version)
        clinical = [p for p in priced.lines if p.line.kind == "clinical"]
        purchases = [p for p in priced.lines if p.line.kind == "purchase"]
        assert clinical
        assert all(p.line.funding_route == "notional" for p in clinical)
        assert all(p.line.unit_cost == Decimal("202.04") for p in clinical)
        assert sum(p.line.quantity for p in clinical) == contacts[person.family_name]
        routes = {p.line.funding_route for p in purchases}
        assert routes == {"third_party" if person.higher_financial_risk else "direct_payment"}
        assert sum(p.cost.total for p in purchases) == payments[person.family_name]
        assert all(not p.problems for p in priced.lines)
        assert version.indicative_budget.year == 2011
        assert version.indicative_budget.method == "service"
        assert priced.totals.total <= version.indicative_budget.amount * Decimal("1.15")
        decision = version.decision
        assert decision.decided_at.date() < date(2011, 4, 1) <= version.start_date
        assert version.submitted_at < decision.decided_at
        assert decision.decided_by not in version.contributors.all()
        if person.team.name.startswith("Riverside"):
            assert (version.status, decision.decided_by.role) == ("signed_off", "facilitator")
            assert version.drafted_by.username == "coordinator"
        else:
            assert (version.status, decision.decided_by.role) == ("approved", "commissioner")
        assert plan.review_due <= version.first_review_date == date(2011, 6, 30)
