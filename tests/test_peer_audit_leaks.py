"""The leak test: nothing a peer reviewer can reach names the person whose plan they audit.

Ysolde Penhaligon's every free-text field (her plan's contents, outcomes, risks, spending
lines and their providers, contingency, who monitors her health, her budget's reason, the
sign-off's reason, her review's attendees, notes and comments) holds her own identifiers
in many forms: her names in any case, her NHS number spaced, hyphenated and run together,
her date of birth written in several ways, her address lines and her postcode with and
without its space. Her plan is sampled (a round drawn at 100%) and assigned to the
reviewer. Then, as the reviewer, every page reachable from the home page (every link,
and where every form and button sends, asked by GET), every GET of the API's schema with
ids filled in, and every CSV: not one of her identifiers appears (compared in any case,
and digits with the separators between them removed), and no id of her, her plan or its
versions is in any JSON. (Every route asked by the reviewer: ``test_peer_audit_reviewer_scope``.)
"""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from participants.models import Participant
from peer_audit.models import PeerAudit
from tests.identifiable_person import (
    SHAPES,
    WORDS,
    body,
    identifiable_person,
    identifiers_in,
    long_text,
)
from tests.peer_review_builders import drawn_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def ysolde(people, pilot_tariffs) -> Participant:
    return identifiable_person(people, pilot_tariffs)


@pytest.fixture
def audit(people, ysolde) -> PeerAudit:
    drawn_round(people)
    found = PeerAudit.objects.get(plan__participant=ysolde)
    assert found.reviewer == people.peer_reviewer
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
