"""Every route of the service, asked by a peer reviewer with the ids of the person whose
plan they audit (and the reviewer's own audit's id where an audit's goes): only the peer
audit's own and the reviewer's home and account pages answer with a record, and no page
names her."""

import pytest
from django.urls import NoReverseMatch, reverse

from participants.models import Participant
from peer_audit.models import PeerAudit
from tests.identifiable_person import body, identifiable_person, identifiers_in
from tests.peer_review_builders import drawn_round
from tests.test_audit_reads import _routes

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


def test_every_other_route_answers_the_reviewer_no_record(client, people, ysolde, audit):
    """Every route of the service, asked by the reviewer with her records' ids (their
    audit's where an audit's goes): only their audit answers with a record, and no page
    names her."""
    plan = ysolde.care_plans.get()
    version = plan.versions.get()
    review = plan.reviews.get()
    by_prefix = {
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
        "audit": audit.pk,
        "question": audit.round.checklist.questions.first().pk,
    }
    client.force_login(people.peer_reviewer)
    answered, leaks, own, walked = [], [], {}, 0
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
        if name in REVIEWERS_OWN:
            own[name] = response.status_code
        elif response.status_code == 200 and keys:
            answered.append(f"{name} {url}")
    assert walked > 60
    assert not leaks
    assert not answered, "\n".join(answered)
    assert own == REVIEWERS_OWN


REVIEWERS_OWN = {
    "peer_audit:audit": 200,
    "peer_audit:audit_submit": 200,  # nothing answered yet: the audit page, with what is missing
    "api:peer-audit-detail": 200,
    "api:peer-audit-submit": 405,
}
"""The routes that name a record of the reviewer's own (their audit), and how they answer
its GET; any other route that names a record answers the reviewer no record."""
