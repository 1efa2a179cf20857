"""Giving a round's audits to peer reviewers, on a real database: balanced, never a plan
of a reviewer's home team, only active reviewers of the organisation; and reassigning one
audit by hand."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from careplans.locking import AlreadyDecided
from peer_audit import rounds
from peer_audit.models import PeerAudit
from people.models import Role
from tests.approved_plans import approved_plans, drawn_round, submitted_audit
from tests.factories import UserFactory
from tests.test_peer_audit_rounds import END, FEB, START, opened, reviewer

pytestmark = pytest.mark.django_db


# -- Assignment ---------------------------------------------------------------------------------


def test_assignment_is_balanced_and_never_a_reviewers_home_team(people):
    approved_plans(people.team, people.facilitator, 30, on=FEB)
    approved_plans(people.other_team, people.facilitator, 20, on=FEB)
    people.peer_reviewer.delete()
    river = reviewer(people, "river", home_team=people.team)
    hill = reviewer(people, "hill", home_team=people.other_team)
    free = reviewer(people, "free")
    audit_round = drawn_round(
        people.commissioner, start=START, end=END, sample_percent=Decimal("25")
    )
    given = rounds.round_assign(user=people.commissioner, audit_round=audit_round)
    assert (given.assigned, given.left) == (13, 0)  # 8 of Riverside's, 5 of Hillside's
    audits = PeerAudit.objects.filter(round=audit_round)
    loads = {r: audits.filter(reviewer=r).count() for r in (river, hill, free)}
    assert max(loads.values()) - min(loads.values()) <= 1
    assert not audits.filter(reviewer=river, team=people.team).exists()
    assert not audits.filter(reviewer=hill, team=people.other_team).exists()
    assert not audits.filter(assigned_at__isnull=True).exists()


def test_each_assignment_is_kept_in_the_audit_s_history_with_who_made_it(people):
    approved_plans(people.team, people.facilitator, 4, on=FEB)
    audit_round = drawn_round(people.commissioner, start=START, end=END)
    rounds.round_assign(user=people.commissioner, audit_round=audit_round)
    changes = PeerAudit.history.filter(round=audit_round, history_type="~")
    assert changes.count() == 2
    assert {c.reviewer_id for c in changes} == {people.peer_reviewer.pk}
    assert {c.history_user_id for c in changes} == {people.commissioner.pk}


def test_an_audit_no_reviewer_may_take_is_left_and_said_so(people):
    approved_plans(people.team, people.facilitator, 2, on=FEB)
    approved_plans(people.other_team, people.facilitator, 2, on=FEB)
    people.peer_reviewer.home_team = people.team
    people.peer_reviewer.save()
    audit_round = drawn_round(people.commissioner, start=START, end=END)
    given = rounds.round_assign(user=people.commissioner, audit_round=audit_round)
    assert (given.assigned, given.left) == (2, 2)
    assert not PeerAudit.objects.filter(reviewer=people.peer_reviewer, team=people.team).exists()


def test_assigning_again_gives_only_what_is_unassigned_to_the_lightest(people):
    approved_plans(people.team, people.facilitator, 4, on=FEB)
    audit_round = drawn_round(people.commissioner, start=START, end=END)
    rounds.round_assign(user=people.commissioner, audit_round=audit_round)
    assert PeerAudit.objects.filter(reviewer=people.peer_reviewer).count() == 2
    newcomer = reviewer(people, "newcomer")
    again = rounds.round_assign(user=people.commissioner, audit_round=audit_round)
    assert (again.assigned, again.left) == (0, 0)
    assert not PeerAudit.objects.filter(reviewer=newcomer).exists()


def test_reviewers_of_another_organisation_or_inactive_are_never_given_audits(people):
    approved_plans(people.team, people.facilitator, 6, on=FEB)
    UserFactory(role=Role.PEER_REVIEWER, organisation=people.foreign_team.organisation)
    gone = reviewer(people, "gone")
    gone.is_active = False
    gone.save()
    audit_round = drawn_round(people.commissioner, start=START, end=END)
    rounds.round_assign(user=people.commissioner, audit_round=audit_round)
    assert set(PeerAudit.objects.values_list("reviewer", flat=True)) == {people.peer_reviewer.pk}


def test_a_round_not_drawn_cannot_be_assigned(people):
    with pytest.raises(AlreadyDecided):
        rounds.round_assign(user=people.commissioner, audit_round=opened(people))


# -- Reassigning one audit ----------------------------------------------------------------------


@pytest.fixture
def drawn(people):
    approved_plans(people.team, people.facilitator, 2, on=FEB)
    audit_round = drawn_round(people.commissioner, start=START, end=END)
    return PeerAudit.objects.filter(round=audit_round).first()


def test_reassigning_gives_the_audit_to_another_reviewer_of_the_organisation(people, drawn):
    other = reviewer(people, "other", home_team=people.other_team)
    moved = rounds.audit_reassign(user=people.commissioner, audit=drawn, reviewer=other)
    assert moved.reviewer == other
    assert moved.assigned_at is not None


def test_reassigning_to_a_reviewer_of_the_plans_team_is_refused_on_the_field(people, drawn):
    own = reviewer(people, "own", home_team=people.team)
    with pytest.raises(ValidationError) as refused:
        rounds.audit_reassign(user=people.commissioner, audit=drawn, reviewer=own)
    assert list(refused.value.message_dict) == ["reviewer"]
    drawn.refresh_from_db()
    assert drawn.reviewer is None


@pytest.mark.parametrize("who", ["coordinator", "foreign_reviewer", "inactive"])
def test_only_an_active_peer_reviewer_of_the_organisation_can_be_given_it(people, drawn, who):
    chosen = {
        "coordinator": lambda: people.coordinator,
        "foreign_reviewer": lambda: UserFactory(
            role=Role.PEER_REVIEWER, organisation=people.foreign_team.organisation
        ),
        "inactive": lambda: UserFactory(
            role=Role.PEER_REVIEWER, organisation=people.team.organisation, is_active=False
        ),
    }[who]()
    with pytest.raises(ValidationError, match="Choose a peer reviewer of your organisation"):
        rounds.audit_reassign(user=people.commissioner, audit=drawn, reviewer=chosen)


def test_a_submitted_audit_keeps_its_reviewer(people, drawn):
    submitted_audit(drawn, people.peer_reviewer, ["met"] * 12, "good")
    other = reviewer(people, "other")
    with pytest.raises(AlreadyDecided):
        rounds.audit_reassign(user=people.commissioner, audit=drawn, reviewer=other)
    drawn.refresh_from_db()
    assert drawn.reviewer == people.peer_reviewer


def test_another_organisations_commissioner_cannot_reassign(people, drawn):
    with pytest.raises(PermissionDenied):
        rounds.audit_reassign(
            user=people.foreign_commissioner, audit=drawn, reviewer=people.peer_reviewer
        )
    with pytest.raises(PermissionDenied):
        rounds.audit_reassign(user=people.facilitator, audit=drawn, reviewer=people.peer_reviewer)
