"""The plan as a peer reviewer sees it: every free-text field holds the person's identifiers
(and their staff's names) in many forms, and not one of them comes out."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budgets.services import indicative_budget_set
from careplans import decisions, drafting
from costing.models import Cluster
from participants.models import ClusterAssignment
from peer_audit.core import shapes
from peer_audit.core.pseudonym import month_year
from peer_audit.pseudonymised import known_identifiers, pseudonymised_plan
from people.models import User
from reviews import services as reviews
from reviews.models import Review
from tests.builders import YEAR, signed_off_appendix_1
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

SECRET = b"test secret for pseudonyms"
NHS_NUMBER = "9990000018"
STAFF = {"coordinator": ("Cara", "Okafor"), "facilitator": ("Femi", "Adeyemi")}
FORMS = [
    "Ada",
    "ADA LOVELACE-BYRON",
    "ada lovelace byron",
    "Byron's",
    "Jane O'Neill",
    "o’neill",
    "Cara Okafor",
    "FEMI adeyemi",
    "999 000 0018",
    "999-000-0018",
    "9990000018",
    "999 0000 018",
    "1/2/1970",
    "01/02/1970",
    "01-02-70",
    "1 February 1970",
    "1st FEB 1970",
    "1970-02-01",
    "february 1, 1970",
    "01021970",
    "born February 1970",
    "Flat 3",
    "12 Acacia Avenue",
    "12 ACACIA AVE",
    "Leeds",
    "LS1 4AB",
    "ls14ab",
    "07700 900123",
    "+44 7700 900123",
    "ada@example.org",
]
NAMES = ["Ada", "Lovelace", "Byron", "Jane", "Neill", "Cara", "Okafor", "Femi", "Adeyemi"]
DIGITS = [NHS_NUMBER, "121970", "01021970", "010270", "19700201", "7700900123"]
WORDS = ["acacia", "leeds", "flat 3", "february 1970", "feb 1970", "ls14ab", "ls1 4ab", "@"]


def leaky(offset: int = 0, limit: int | None = None) -> str:
    """Identifiers, from the ``offset``-th form on, as many as ``limit`` characters take."""
    forms = FORMS[offset % len(FORMS) :] + FORMS[: offset % len(FORMS)]
    text = ""
    for form in forms:
        more = f"{text}; {form}" if text else form
        if limit is not None and len(more) > limit:
            break
        text = more
    return text


@pytest.fixture
def named_staff(people):
    for role, (first, last) in STAFF.items():
        User.objects.filter(pk=getattr(people, role).pk).update(first_name=first, last_name=last)
        getattr(people, role).refresh_from_db()
    return people


@pytest.fixture
def ada(named_staff, pilot_tariffs):
    return ParticipantFactory(
        team=named_staff.team,
        care_coordinator=named_staff.coordinator,
        nhs_number=NHS_NUMBER,
        given_name="Ada",
        family_name="Lovelace-Byron",
        date_of_birth=date(1970, 2, 1),
        address="Flat 3\n12 Acacia Avenue\nLeeds\nLS1 4AB",
        representative="Jane O'Neill (her sister)",
        cluster=Cluster.objects.get(number=11),
    )


APPENDIX_1 = [
    {"kind": "clinical", "quantity": 4, "funding_route": "notional"},
    {"kind": "clinical", "quantity": 1, "funding_route": "notional"},
    {"kind": "purchase", "category": "respite", "unit_cost": "500.00", "frequency": "yearly"},
    {
        "kind": "purchase",
        "category": "personal_assistant",
        "unit_cost": "7.00",
        "quantity": 6,
        "frequency": "weekly",
    },
    {"kind": "purchase", "category": "exercise", "unit_cost": "580.00", "frequency": "yearly"},
    {"kind": "purchase", "category": "it_equipment", "unit_cost": "500.00"},
]
EXTRA_LINE = {"kind": "purchase", "category": "transport", "unit_cost": "1.00"}


def leaky_plan(people, person, cmht, *, extra: int = 0, reviews_held: int = 1):
    """Appendix 1's plan (£4,774.20 of £4,800.00) with identifiers in every free-text field,
    ``extra`` more outcomes, risks and £1 lines, signed off, then reviewed."""
    user = people.coordinator
    budget = indicative_budget_set(
        user=user, participant=person, method="manual", year=YEAR,
        inputs={"amount": "4800.00"}, reason=leaky(1),
    )  # fmt: skip
    version = drafting.plan_create(user=user, participant=person).versions.get()
    version = drafting.draft_update(
        user=user, version=version, revision=version.revision,
        what_matters_to_person=leaky(2), what_matters_for_health=leaky(3),
        contingency_plan=leaky(4), management_option="mixed", managed_by="person",
        health_monitored_by=leaky(5, 200), start_date=date(2012, 4, 1),
        first_review_date=date(2012, 6, 28), first_review_arrangements=leaky(9, 200),
        reduction_notice=leaky(13, 200), review_dates=leaky(17, 200),
        indicative_budget=budget, care_coordinator=user,
    )  # fmt: skip
    outcomes = []
    for n in range(1 + extra):
        outcome = drafting.outcome_save(
            user=user, version=version, revision=None, in_their_words=leaky(6 + n),
            category="confidence", success_looks_like=leaky(7 + n),
            not_working_signs=leaky(8 + n), persons_part=leaky(10 + n),
        )  # fmt: skip
        outcomes.append(outcome)
        drafting.risk_save(
            user=user, version=version, revision=None, risk=leaky(11 + n),
            how_managed=leaky(12 + n), managed_by=leaky(21 + n, 200),
        )  # fmt: skip
    for n, fields in enumerate(APPENDIX_1 + [EXTRA_LINE] * extra):
        values = {"quantity": 1, "frequency": "one_off", "funding_route": "direct_payment"}
        values.update(fields)
        if values["kind"] == "clinical":
            values["intervention"] = cmht
        drafting.line_save(
            user=user, version=version, revision=None, outcomes=outcomes[:1],
            description=leaky(14 + n, 200), provider=leaky(25 + n, 200), **values,
        )  # fmt: skip
    decisions.submit(user=user, version=version)
    decisions.decide(user=people.facilitator, version=version, kind="sign_off", reason=leaky(15))
    for n in range(reviews_held):
        version.refresh_from_db()
        reviews.review_record(
            user=user, plan=version.plan, held_on=date(2012, 6 + n, 28), attendees=leaky(16 + n),
            what_is_working=leaky(18 + n), what_is_not_working=leaky(19 + n),
            progress=[reviews.Progress(o, 4, leaky(20 + n)) for o in outcomes],
            spending=[reviews.Spent(line, "100.00") for line in version.lines.all()],
            decision=Review.Decision.CONTINUE, decision_reason=leaky(22 + n),
        )  # fmt: skip
    version.refresh_from_db()
    return version


@pytest.fixture
def seen(named_staff, ada, pilot_tariffs):
    version = leaky_plan(named_staff, ada, pilot_tariffs["cmht"].intervention)
    return pseudonymised_plan(version, round_key="round-1", secret=SECRET)


def strings(value):
    """Every string in a JSON-like value, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys(item)


def test_every_form_is_used_in_the_plan():
    """The fields between them hold every form (a 200-character field holds a few)."""
    used = {form for offset in range(len(FORMS)) for form in leaky(offset, 200).split("; ")}
    assert used == set(FORMS)


def test_not_one_identifier_reaches_the_reviewer(seen):
    document = json.dumps(seen)
    for name in NAMES:
        assert not re.search(rf"(?<!\w){name}(?!\w)", document, re.IGNORECASE), name
    for word in WORDS:
        assert word not in document.lower(), word
    for text in strings(seen):
        compact = re.sub(r"[\s\-./()+']", "", text)
        for digits in DIGITS:
            assert digits not in compact, (digits, text)


def test_what_was_taken_out_is_marked(seen):
    document = json.dumps(seen)
    for marker in ["[name]", "[NHS number]", "[date of birth]", "[address]", "[postcode]"]:
        assert marker in document, marker
    assert "[phone number]" in document
    assert "[email]" in document


def test_the_fields_keep_their_place(seen):
    assert seen["plan"]["what_matters_to_person"].startswith("[name] [name]; [name]")
    assert seen["outcomes"][0]["category"] == "Improve confidence and self-esteem"


def test_dates_only_as_month_and_year(seen, ada):
    for text in strings(seen):
        assert not list(shapes.dates(text)), text
    assert seen["plan"]["starts"] == "April 2012"
    assert seen["plan"]["first_review"] == "June 2012"
    assert seen["decision"]["when"] == month_year(timezone.localdate())
    assert [review["held"] for review in seen["reviews"]] == ["June 2012"]
    assert seen["age_band"] == "35-44"


def test_no_ids_of_the_person_plan_version_or_its_parts(seen):
    assert not [key for key in keys(seen) if key in {"id", "pk"} or key.endswith("_id")]
    assert seen["spending_plan"]["lines"][2]["outcomes"] == [1]
    assert seen["reviews"][0]["progress"][0]["outcome"] == 1


def test_the_spending_plan_totals_and_budget(seen):
    totals = seen["spending_plan"]["totals"]
    assert (totals["total"], totals["indicative"]) == ("4774.20", "4800.00")
    assert totals["route"] == "PHB facilitator"
    assert [line["total"] for line in seen["spending_plan"]["lines"]] == [
        "808.16", "202.04", "500.00", "2184.00", "580.00", "500.00"
    ]  # fmt: skip
    assert seen["spending_plan"]["lines"][3]["frequency"] == "Every week (× 52)"
    assert seen["budget"] == {
        "amount": "4800.00",
        "method": "Set by hand, with a reason",
        "year": "2012-13",
        "within_limit": True,
        "route": "PHB facilitator",
        "reason": seen["budget"]["reason"],
    }
    assert "[name]" in seen["budget"]["reason"]


def test_staff_by_role_cluster_and_team(seen):
    assert seen["staff"] == {
        "drafted_by": "Care coordinator",
        "submitted_by": "Care coordinator",
        "care_coordinator": "Care coordinator",
    }
    assert seen["decision"]["decided_by"] == "PHB facilitator"
    assert seen["decision"]["kind"] == "Signed off"
    assert seen["reviews"][0]["recorded_by"] == "Care coordinator"
    assert seen["cluster"]["number"] == 11
    assert seen["team"] == "Riverside CMHT"


def test_the_pseudonym_is_stable_in_a_round_and_differs_across_rounds(
    named_staff, ada, pilot_tariffs
):
    version = signed_off_appendix_1(named_staff, ada, pilot_tariffs["cmht"].intervention)
    first = pseudonymised_plan(version, round_key="round-1", secret=SECRET)["pseudonym"]
    again = pseudonymised_plan(version, round_key="round-1", secret=SECRET)["pseudonym"]
    other = pseudonymised_plan(version, round_key="round-2", secret=SECRET)["pseudonym"]
    assert first == again != other
    assert re.fullmatch(r"Person \w{3}-\w{3}", first)


def test_the_cluster_is_the_one_the_person_was_in_when_the_plan_started(
    named_staff, ada, pilot_tariffs
):
    ClusterAssignment.objects.create(
        participant=ada, cluster=Cluster.objects.get(number=4), start=date(2011, 1, 1),
        end=date(2012, 12, 31),
    )  # fmt: skip
    ClusterAssignment.objects.create(
        participant=ada, cluster=Cluster.objects.get(number=11), start=date(2013, 1, 1)
    )
    version = signed_off_appendix_1(named_staff, ada, pilot_tariffs["cmht"].intervention)
    seen = pseudonymised_plan(version, round_key="r", secret=SECRET)
    assert seen["cluster"]["number"] == 4


def test_known_identifiers_take_the_representatives_names_and_the_staffs(named_staff, ada):
    known = known_identifiers(ada, [named_staff.coordinator, None])
    assert set(known.names) == {"Ada", "Lovelace-Byron", "Jane", "O'Neill", "Cara", "Okafor"}
    assert (known.nhs_number, known.date_of_birth) == (NHS_NUMBER, date(1970, 2, 1))


def test_the_queries_do_not_grow_with_the_plan(named_staff, ada, pilot_tariffs):
    cmht = pilot_tariffs["cmht"].intervention
    small = leaky_plan(named_staff, ada, cmht)
    other = ParticipantFactory(team=named_staff.team, care_coordinator=named_staff.coordinator)
    large = leaky_plan(named_staff, other, cmht, extra=4, reviews_held=3)
    counts = []
    for version in (small, large):
        with CaptureQueriesContext(connection) as queries:
            seen = pseudonymised_plan(version, round_key="r", secret=SECRET)
        counts.append(len(queries))
    assert len(seen["outcomes"]) == 5
    assert len(seen["spending_plan"]["lines"]) == 10
    assert len(seen["reviews"]) == 3
    assert counts[0] == counts[1] <= 16, counts


def test_ordinary_text_comes_through_unchanged(named_staff, ada, pilot_tariffs):
    version = signed_off_appendix_1(named_staff, ada, pilot_tariffs["cmht"].intervention)
    seen = pseudonymised_plan(version, round_key="r", secret=SECRET)
    assert seen["plan"]["what_matters_to_person"] == "Feeling safe at home and seeing my friends."
    assert seen["plan"]["contingency_plan"] == "Call the crisis line; my sister stays over."
    assert seen["plan"]["health_monitored_by"] == "My care coordinator and my GP"
    assert [line["description"] for line in seen["spending_plan"]["lines"]] == [
        "Time limited number of 4 sessions with CMHT",
        "1 Psychiatric visit",
        "Respite break",
        "A personal assistant for 6 hours contact per week",
        "Gym membership",
        "Personal computer",
    ]
    assert seen["risks"] == [
        {
            "risk": "Spending the money on other things",
            "how_managed": "Monthly statement checked together",
            "managed_by": "Care coordinator",
        }
    ]
    assert seen["reviews"] == []


def test_a_draft_with_no_decision_no_lines_and_no_reviews(draft):
    seen = pseudonymised_plan(draft, round_key="r", secret=SECRET)
    assert seen["decision"] is None
    assert seen["staff"]["submitted_by"] == ""
    assert seen["spending_plan"]["lines"] == []
    assert seen["spending_plan"]["totals"]["total"] == "0.00"
    assert seen["budget"]["within_limit"] is True
    json.dumps(seen)
