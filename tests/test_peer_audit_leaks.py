"""The leak test: nothing a peer reviewer can reach names the person whose plan they audit.

Ysolde Penhaligon's every free-text field (her plan's contents, outcomes, risks, spending
lines and their providers, contingency, who monitors her health, her budget's reason, the
sign-off's reason, her review's attendees, notes and comments) holds her own identifiers
in many forms: her names in any case, her NHS number spaced, hyphenated and run together,
her date of birth written in several ways, her address lines and her postcode with and
without its space. Her plan is sampled (a round drawn at 100%) and assigned to the
reviewer. Then, as the reviewer, every page reachable from the home page (every link and
every form that is sent by GET), every GET of the API's schema with ids filled in, and
every CSV: not one of her identifiers appears (compared in any case, and digits with the
separators between them removed), and no id of her, her plan or its versions is in any
JSON. A second walk asks every route of the service as the reviewer: none but the peer
audit's own and their home and account pages answers a record.
"""

import json
import re
from collections import deque
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management.color import no_style
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from budgets.services import indicative_budget_set
from careplans import decisions, drafting
from careplans.models import CarePlan, CarePlanVersion
from participants.models import Participant
from peer_audit.models import PeerAudit
from reviews import services as reviews
from reviews.models import Review
from tests.builders import YEAR
from tests.factories import ParticipantFactory
from tests.peer_review_builders import drawn_round
from tests.test_audit_reads import _routes

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def far_ids(people):
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


@pytest.fixture
def ysolde(people, pilot_tariffs, far_ids) -> Participant:
    """Her signed-off plan with everything in it written about her, and a review."""
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


@pytest.fixture
def audit(people, ysolde) -> PeerAudit:
    drawn_round(people)
    found = PeerAudit.objects.get(plan__participant=ysolde)
    assert found.reviewer == people.peer_reviewer
    return found


def identifiers_in(text: str, nhs_number: str) -> list[str]:
    """Which of her identifiers ``text`` holds."""
    found = [w for w in WORDS if re.search(rf"(?<![^\W\d_]){w}(?![^\W\d_])", text, re.I)]
    found += [s for s in SHAPES if re.search(s, text, re.I)]
    for run in DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", run)
        found += [f"{d} in {run!r}" for d in (nhs_number, *BIRTH_DIGITS) if d in digits]
    return found


class Links(HTMLParser):
    """The addresses a page leads to: its links, and where its forms and buttons send (each
    asked by GET too, which is all a GET form does and shows what else answers there)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.found.append(values["href"])
        elif tag == "form":
            self.found.append(values.get("action") or "")
        for attribute in ("formaction", "hx-get", "hx-post"):
            if values.get(attribute):
                self.found.append(values[attribute])


def same_site(base: str, href: str) -> str | None:
    address = urlsplit(urljoin(f"http://testserver{base}", href))
    if address.netloc != "testserver" or address.path.startswith(("/static/", "/admin/")):
        return None
    return address.path + (f"?{address.query}" if address.query else "")


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def crawl(client, starts: list[str]) -> dict[str, tuple[int, str, str]]:
    """Every address reachable from ``starts`` by GET: its status, content type and body."""
    seen: dict[str, tuple[int, str, str]] = {}
    queue = deque(starts)
    while queue:
        path = queue.popleft()
        if path in seen or len(seen) > 400:
            continue
        response = client.get(path)
        text = body(response)
        seen[path] = (response.status_code, response.get("Content-Type", ""), text)
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(same_site(path, response["Location"]) or path)
        elif "html" in response.get("Content-Type", ""):
            links = Links()
            links.feed(text)
            queue.extend(filter(None, (same_site(path, href) for href in links.found)))
    return seen


def schema_gets(client, audit: PeerAudit, person: Participant) -> list[str]:
    """Every GET of the API's schema: the reviewer's audit where an audit's id goes, and
    her records' ids everywhere else (each must be refused)."""
    schema = client.get("/api/schema/?format=json").json()
    plan = person.care_plans.get()
    review = plan.reviews.get()
    version = plan.versions.get()
    theirs = {
        "id": [person.pk, plan.pk, version.pk, review.pk],
        "outcome_id": [version.outcomes.first().pk],
        "risk_id": [version.risks.first().pk],
        "line_id": [version.lines.first().pk],
        "reconsideration_id": [1],
        "number": [version.number],
        "code": ["cmht"],
    }
    paths = []
    for template, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", template)
        if template.startswith("/api/v1/peer-audits/"):
            paths.append(template.replace("{id}", str(audit.pk)))
            continue
        for n in range(max((len(theirs[name]) for name in names), default=1)):
            path = template
            for name in names:
                values = theirs[name]
                path = path.replace(f"{{{name}}}", str(values[min(n, len(values) - 1)]))
            paths.append(path)
    return paths


ID_KEYS = {"id", "participant", "participant_id", "plan", "plan_id", "version", "version_id"}


def ids_in(data, keys=ID_KEYS, key: str = "") -> list[tuple[str, object]]:
    """Every (key, value) of a JSON document under a key that names a record."""
    if isinstance(data, dict):
        return [pair for k, v in data.items() for pair in ids_in(v, keys, k)]
    if isinstance(data, list):
        return [pair for item in data for pair in ids_in(item, keys, key)]
    return [(key, data)] if key in keys else []


def test_nothing_the_reviewer_can_reach_names_the_person(client, people, ysolde, audit):
    client.force_login(people.peer_reviewer)
    pages = crawl(client, ["/"])
    pages.update(crawl(client, schema_gets(client, audit, ysolde)))
    csv = {path for path, (_, kind, _) in pages.items() if kind.startswith("text/csv")}
    # The walk reached the audit with her plan redacted, the list, its CSV and the API.
    audit_page = pages[f"/peer-audit/audits/{audit.pk}/"]
    assert audit_page[0] == 200
    assert "[name]" in audit_page[2]
    assert "[NHS number]" in audit_page[2]
    assert "[date of birth]" in audit_page[2]
    assert "[postcode]" in audit_page[2] or "[address]" in audit_page[2]
    assert pages["/peer-audit/audits/"][0] == 200
    assert csv, "no CSV was reached"
    assert pages[f"/api/v1/peer-audits/{audit.pk}/"][0] == 200
    assert pages[f"/peer-audit/audits/{audit.pk}/submit/"][0] in (200, 400)

    leaks = {
        path: found
        for path, (_, _, text) in pages.items()
        if (found := identifiers_in(text, ysolde.nhs_number))
    }
    assert not leaks, json.dumps(leaks, indent=2)

    plan = ysolde.care_plans.get()
    hers = {ysolde.pk, plan.pk, *plan.versions.values_list("pk", flat=True)}
    named = []
    for path, (status, kind, text) in pages.items():
        if status == 200 and kind.startswith("application/json"):
            for key, value in ids_in(json.loads(text)):
                if str(value) in {str(pk) for pk in hers}:
                    named.append(f"{path}: {key}={value}")
    assert not named


def test_the_identifiers_are_there_to_leak(people, ysolde, audit):
    """The check above can fail: her record itself is full of them."""
    version = audit.version
    for text in (version.what_matters_to_person, version.risks.first().managed_by):
        assert identifiers_in(text, ysolde.nhs_number)
    found = identifiers_in(long_text(ysolde.nhs_number, "x"), ysolde.nhs_number)
    assert len(found) >= len(WORDS) + len(SHAPES) + 2


def test_every_other_route_answers_the_reviewer_no_record(client, people, ysolde, audit):
    """Every route of the service, asked by the reviewer with her records' ids: only the
    peer audit's own and the reviewer's home and account pages answer, and nothing names
    her."""
    plan = ysolde.care_plans.get()
    version = plan.versions.get()
    review = plan.reviews.get()
    by_prefix = {
        "peer_audit:": audit.pk,
        "api:peer-audit-": audit.pk,
        "participants:": ysolde.pk,
        "api:participant-": ysolde.pk,
        "careplans:": plan.pk,
        "api:care-plan-": plan.pk,
        "reviews:": review.pk,
        "api:review-": review.pk,
    }
    values = {
        "participant_pk": ysolde.pk,
        "plan_pk": plan.pk,
        "review_pk": review.pk,
        "number": version.number,
        "outcome_id": version.outcomes.first().pk,
        "risk_id": version.risks.first().pk,
        "line_id": version.lines.first().pk,
        "part_pk": version.outcomes.first().pk,
        "part": "outcomes",
        "code": "cmht",
    }
    open_to_reviewer = (
        "home",
        "peer_audit:",
        "api:peer-audit-",
        "password_change",
        "people:tokens",
        "api:token-",
        "api:me",
        "api:api-root",
        "api-docs",
        "api-schema",
        "healthz",
        "login",
    )
    client.force_login(people.peer_reviewer)
    answered, leaks, walked = [], [], 0
    for name, pattern in _routes():
        keys = set(pattern.pattern.regex.groupindex) - {"format"}
        if name.startswith(("admin:", "logout")):
            continue
        pk = next((v for prefix, v in by_prefix.items() if name.startswith(prefix)), ysolde.pk)
        kwargs = {key: values.get(key, pk) for key in keys}
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # an address that takes a uuid in its id's place
            url = reverse(name, kwargs={**kwargs, "pk": audit.pk})
        response = client.get(url)
        walked += 1
        assert response.status_code < 500, url
        if found := identifiers_in(body(response), ysolde.nhs_number):
            leaks.append(f"{url}: {found}")
        if response.status_code == 200 and keys and not name.startswith(open_to_reviewer):
            answered.append(f"{name} {url}")
    assert walked > 60
    assert not leaks
    assert not answered, "\n".join(answered)
