"""A person whose every free-text field names her, in many forms, and a check that finds
any of her identifiers in a response: for the tests that nothing a peer reviewer reaches
names the person whose plan they audit."""

import re
from datetime import date, timedelta

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from budgets.services import indicative_budget_set
from careplans import decisions, drafting
from careplans.models import CarePlan, CarePlanVersion
from participants.models import Participant
from reviews import services as reviews
from reviews.models import Review
from tests.builders import YEAR
from tests.factories import ParticipantFactory

GIVEN, FAMILY, REPRESENTATIVE = "Ysolde", "Penhaligon", "Jago Penhaligon"
BORN = date(1961, 7, 23)
ADDRESS = "Flat 3, Kestrel House\n14 Wheelwright Lane\nKettering\nNN15 6QR"

WORDS = ("Ysolde", "Penhaligon", "Jago", "Kestrel", "Wheelwright", "Kettering")
"""Her names and her address's words: none may appear, as a whole word in any case."""
SHAPES = (
    r"nn15\s*6qr",
    r"23(?:rd)?\s+jul(?:y)?\.?\s+(?:19)?61",
    r"jul(?:y)?\.?\s+23(?:rd)?,?\s+(?:19)?61",
)
"""Her postcode with or without its space; her birthday with the month in words."""
BIRTH_DIGITS = ("23071961", "19610723", "07231961", "230761", "2371961")
"""Her date of birth as digits once the separators between them are gone."""
DIGIT_RUN = re.compile(r"\d+(?:[ \t\u00a0./\-\u2013]{1,2}\d+)*")


def mentions(nhs_number: str) -> list[str]:
    spaced = f"{nhs_number[:3]} {nhs_number[3:6]} {nhs_number[6:]}"
    return [
        "YSOLDE PENHALIGON",
        "ysolde penhaligon",
        "Ms Penhaligon",
        "Ysolde",
        "her brother Jago",
        f"NHS no {spaced}",
        spaced.replace(" ", "-"),
        nhs_number,
        f"{nhs_number[:3]}  {nhs_number[3:6]}  {nhs_number[6:]}",
        "born 23/07/1961",
        "dob 23-07-1961",
        "23.07.1961",
        "1961-07-23",
        "23 July 1961",
        "23rd July 1961",
        "July 23, 1961",
        "23/7/61",
        "23 Jul 1961",
        "23071961",
        "Flat 3, Kestrel House",
        "14 Wheelwright Lane",
        "14 wheelwright ln",
        "KETTERING",
        "NN15 6QR",
        "NN156QR",
        "nn15 6qr",
    ]


def long_text(nhs_number: str, about: str) -> str:
    """Every form at once, as a note about ``about``."""
    return f"{about}: " + "; ".join(mentions(nhs_number)) + "."


def short_text(nhs_number: str, n: int) -> str:
    """A few forms (they turn with ``n``), in at most 200 characters, on one line."""
    forms = mentions(nhs_number)
    picked = [forms[(n * 5 + i) % len(forms)] for i in range(5)]
    text = "Re " + ", ".join(picked)
    assert len(text) <= 200
    return text


def far_ids(people) -> None:
    """Ids for her records far from any small number (a question's id, a version's number),
    so that one found in JSON is hers and not a coincidence."""
    someone = ParticipantFactory(pk=700_000, team=people.foreign_team)
    plan = CarePlan.objects.create(pk=800_000, participant=someone, created_by=people.coordinator)
    CarePlanVersion.objects.create(
        pk=900_000,
        plan=plan,
        number=1,
        drafted_by=people.coordinator,
        last_edited_by=people.coordinator,
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Participant, CarePlan, CarePlanVersion]
        ):
            cursor.execute(sql)


def identifiable_person(people, pilot_tariffs) -> Participant:
    """Ysolde Penhaligon: her signed-off plan with everything in it written about her, and a
    review; her records' ids far from small numbers (``far_ids``)."""
    far_ids(people)
    person = ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name=GIVEN,
        family_name=FAMILY,
        date_of_birth=BORN,
        address=ADDRESS,
        representative=REPRESENTATIVE,
    )
    nhs = person.nhs_number
    user = people.coordinator
    count = iter(range(100))

    def short() -> str:
        return short_text(nhs, next(count))

    budget = indicative_budget_set(
        user=user,
        participant=person,
        method="manual",
        year=YEAR,
        inputs={"amount": "4800.00"},
        reason=long_text(nhs, "Agreed with"),
    )
    plan = drafting.plan_create(user=user, participant=person)
    version = plan.versions.get()
    drafting.draft_update(
        user=user,
        version=version,
        revision=None,
        what_matters_to_person=long_text(nhs, "What matters to"),
        what_matters_for_health=long_text(nhs, "Health of"),
        contingency_plan=long_text(nhs, "In a crisis call"),
        management_option="mixed",
        managed_by="person",
        health_monitored_by=short(),
        start_date=date(2012, 4, 1),
        first_review_date=date(2012, 6, 28),
        first_review_arrangements=short(),
        reduction_notice=short(),
        review_dates=short(),
        indicative_budget=budget,
        care_coordinator=user,
    )
    outcomes = [
        drafting.outcome_save(
            user=user,
            version=version,
            revision=None,
            in_their_words=long_text(nhs, f"Outcome {n} of"),
            category="confidence",
            success_looks_like=long_text(nhs, "Success for"),
            not_working_signs=long_text(nhs, "Trouble for"),
            persons_part=long_text(nhs, "Her part"),
        )
        for n in (1, 2)
    ]
    for _ in (1, 2):
        drafting.risk_save(
            user=user,
            version=version,
            revision=None,
            risk=long_text(nhs, "Risk to"),
            how_managed=long_text(nhs, "Managed with"),
            managed_by=short(),
        )
    cmht = pilot_tariffs["cmht"].intervention
    drafting.line_save(
        user=user,
        version=version,
        revision=None,
        outcomes=outcomes[:1],
        kind="clinical",
        description=short(),
        intervention=cmht,
        quantity=4,
        funding_route="notional",
    )
    for cost, frequency in (("500.00", "yearly"), ("7.00", "weekly")):
        drafting.line_save(
            user=user,
            version=version,
            revision=None,
            outcomes=outcomes,
            kind="purchase",
            description=short(),
            category="respite",
            provider=short(),
            unit_cost=cost,
            quantity=1,
            frequency=frequency,
            funding_route="direct_payment",
        )
    version.refresh_from_db()
    decisions.submit(user=user, version=version)
    decisions.decide(
        user=people.facilitator,
        version=version,
        kind="sign_off",
        reason=long_text(nhs, "Signed off for"),
    )
    version.refresh_from_db()
    reviews.review_record(
        user=user,
        plan=plan,
        held_on=timezone.localdate() - timedelta(days=1),
        attendees=long_text(nhs, "Present"),
        what_is_working=long_text(nhs, "Working for"),
        what_is_not_working=long_text(nhs, "Not working for"),
        progress=[reviews.Progress(o, 4, long_text(nhs, "Progress of")) for o in outcomes],
        decision=Review.Decision.CONTINUE,
        decision_reason=long_text(nhs, "Continue for"),
    )
    return person


def identifiers_in(text: str, nhs_number: str) -> list[str]:
    """Which of her identifiers ``text`` holds."""
    found = [w for w in WORDS if re.search(rf"(?<![^\W\d_]){w}(?![^\W\d_])", text, re.I)]
    found += [s for s in SHAPES if re.search(s, text, re.I)]
    for run in DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", run)
        found += [f"{d} in {run!r}" for d in (nhs_number, *BIRTH_DIGITS) if d in digits]
    return found


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")
