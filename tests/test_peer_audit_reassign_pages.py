"""Giving one audit of a round to another peer reviewer, on the round's pages: never a
reviewer of the plan's own team, only a reviewer of the organisation, never once
submitted."""

from datetime import date

import pytest
from django.urls import reverse

from peer_audit import rounds
from peer_audit.models import PeerAudit
from people.models import Role
from tests.approved_plans import approved_plans, drawn_round, submitted_audit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FEB = date(2013, 2, 1)
ALL_MET = ["met"] * 12


@pytest.fixture
def plans(people):
    return approved_plans(people.team, people.facilitator, 2, on=FEB) + approved_plans(
        people.other_team, people.facilitator, 2, on=FEB
    )


@pytest.fixture
def reviewers(people):
    """Priya (no home team) and Rhys, whose home team is Riverside."""
    rhys = UserFactory(
        username="rhys",
        role=Role.PEER_REVIEWER,
        organisation=people.team.organisation,
        home_team=people.team,
    )
    return people.peer_reviewer, rhys


def test_reassigning_an_audit_never_to_a_reviewer_of_its_team(client, people, plans, reviewers):
    priya, rhys = reviewers
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    audit = PeerAudit.objects.filter(round=audit_round, team=people.team).first()
    address = reverse("peer_audit:audit_reassign", args=[audit_round.pk, audit.pk])
    client.force_login(people.commissioner)
    assert client.get(address).status_code == 200

    refused = client.post(address, {"reviewer": rhys.pk})
    assert refused.status_code == 400
    assert "never audits a plan of their own team" in " ".join(
        refused.context["form"].errors["reviewer"]
    )
    assert 'href="#id_reviewer"' in refused.text
    audit.refresh_from_db()
    assert audit.reviewer is None

    moved = client.post(address, {"reviewer": priya.pk})
    assert moved.status_code == 302
    audit.refresh_from_db()
    assert audit.reviewer == priya


def test_a_reviewer_of_another_organisation_cannot_be_chosen(client, people, plans, reviewers):
    elsewhere = UserFactory(role=Role.PEER_REVIEWER, organisation=people.foreign_team.organisation)
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    audit = PeerAudit.objects.filter(round=audit_round).first()
    client.force_login(people.commissioner)
    refused = client.post(
        reverse("peer_audit:audit_reassign", args=[audit_round.pk, audit.pk]),
        {"reviewer": elsewhere.pk},
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["reviewer"] == [
        "Choose a peer reviewer of your organisation"
    ]


def test_a_submitted_audit_keeps_its_reviewer(client, people, plans, reviewers):
    priya, _ = reviewers
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    audit = PeerAudit.objects.filter(round=audit_round, team=people.other_team).first()
    rounds.audit_reassign(user=people.commissioner, audit=audit, reviewer=priya)
    submitted_audit(audit, priya, ALL_MET, "good")
    other = UserFactory(role=Role.PEER_REVIEWER, organisation=people.team.organisation)
    client.force_login(people.commissioner)
    refused = client.post(
        reverse("peer_audit:audit_reassign", args=[audit_round.pk, audit.pk]),
        {"reviewer": other.pk},
    )
    assert refused.status_code == 400
    assert "keeps its reviewer" in refused.text
    audit.refresh_from_db()
    assert audit.reviewer == priya
