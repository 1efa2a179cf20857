"""A commissioner's services for the peer audit, on a real database: the checklist's
versions, opening a round, its preview, the draw (stratified, with the minimum, always
included plans, exclusions, reproducible from what the round keeps) and the assignment
of audits to reviewers, and reassigning one."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from careplans.locking import AlreadyDecided
from peer_audit import rounds
from peer_audit.core.sampling import TeamPopulation, draw
from peer_audit.models import AuditRound, Checklist, PeerAudit
from people.models import Role
from reviews.models import Review
from tests.approved_plans import (
    approved_again,
    approved_plan,
    approved_plans,
    drawn_round,
)
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

FEB = date(2013, 2, 1)
START, END = date(2013, 1, 1), date(2013, 3, 31)


def opened(people, **settings) -> AuditRound:
    return rounds.round_open(
        user=people.commissioner,
        name="Q4 2012-13",
        period_start=settings.pop("start", START),
        period_end=settings.pop("end", END),
        **settings,
    )


def reviewer(people, name: str, home_team=None):
    return UserFactory(
        username=name,
        role=Role.PEER_REVIEWER,
        organisation=people.team.organisation,
        home_team=home_team,
    )


def drawn_plans(audit_round) -> set[int]:
    return set(PeerAudit.objects.filter(round=audit_round).values_list("plan_id", flat=True))


# -- The checklist ------------------------------------------------------------------------------


def test_the_first_round_makes_the_default_checklist_version_1(people):
    audit_round = opened(people)
    assert audit_round.checklist.version == 1
    assert audit_round.checklist.questions.count() == 12
    assert audit_round.checklist.pass_rule.min_met_share == Decimal("0.8")
    assert opened(people).checklist == audit_round.checklist


def test_an_edit_makes_a_new_version_and_a_round_keeps_the_one_it_started_with(people):
    first = opened(people)
    edited = rounds.checklist_new_version(
        user=people.commissioner,
        questions=[("  A question  ", " Its guidance "), ("Another", "")],
        min_met_percent=Decimal("75"),
        no_not_met=False,
        show_reviewer_to_team=True,
    )
    assert edited.version == 2
    assert [(q.position, q.text, q.guidance) for q in edited.questions.all()] == [
        (1, "A question", "Its guidance"),
        (2, "Another", ""),
    ]
    first.refresh_from_db()
    assert first.checklist.version == 1
    assert first.checklist.questions.count() == 12
    assert opened(people).checklist == edited


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ([], "at least one question"),
        ([("Same question", ""), ("same  QUESTION", "")], "asked twice"),
        ([("   ", "")], "at least one question"),
    ],
)
def test_a_checklist_without_questions_or_asking_one_twice_is_refused(people, questions, message):
    with pytest.raises(ValidationError, match=message):
        rounds.checklist_new_version(
            user=people.commissioner,
            questions=questions,
            min_met_percent=Decimal("80"),
            no_not_met=True,
            show_reviewer_to_team=False,
        )
    assert not Checklist.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "peer_reviewer", "administrator"])
def test_only_a_commissioner_keeps_the_checklist_and_opens_rounds(people, role):
    user = getattr(people, role)
    with pytest.raises(PermissionDenied):
        rounds.checklist_new_version(
            user=user,
            questions=[("A question", "")],
            min_met_percent=Decimal("80"),
            no_not_met=True,
            show_reviewer_to_team=False,
        )
    with pytest.raises(PermissionDenied):
        rounds.round_open(user=user, name="Mine", period_start=START, period_end=END)
    assert not AuditRound.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused(people):
    with pytest.raises(ValidationError, match="period_end"):
        opened(people, start=END, end=START)


# -- Preview and draw ---------------------------------------------------------------------------


def test_the_preview_counts_each_teams_plans_in_the_period(people):
    approved_plans(people.team, people.facilitator, 35, on=FEB)
    approved_plans(people.other_team, people.facilitator, 12, on=FEB)
    approved_plans(people.other_team, people.facilitator, 2, on=date(2013, 4, 1))  # after
    approved_plans(people.foreign_team, people.facilitator, 5, on=FEB)  # elsewhere
    audit_round = opened(people)
    lines = {line.team_name: line for line in rounds.round_preview(audit_round)}
    assert set(lines) == {"Riverside CMHT", "Hillside CMHT"}
    assert (lines["Riverside CMHT"].qualifying, lines["Riverside CMHT"].to_draw) == (35, 4)
    assert (lines["Hillside CMHT"].qualifying, lines["Hillside CMHT"].to_draw) == (12, 2)
    assert not PeerAudit.objects.exists()


def test_the_draw_is_stratified_with_the_minimum_and_all_if_fewer(people):
    riverside = {v.plan_id for v in approved_plans(people.team, people.facilitator, 35, on=FEB)}
    (one,) = approved_plans(people.other_team, people.facilitator, 1, on=FEB)
    audit_round = opened(people, sample_percent=Decimal("10"), minimum_per_team=2)
    audits = rounds.round_draw(user=people.commissioner, audit_round=audit_round)
    by_team = {}
    for audit in audits:
        by_team.setdefault(audit.team_id, set()).add(audit.plan_id)
    assert len(by_team[people.team.pk]) == 4
    assert by_team[people.team.pk] <= riverside
    assert by_team[people.other_team.pk] == {one.plan_id}
    audit_round.refresh_from_db()
    assert audit_round.status == AuditRound.Status.DRAWN
    assert audit_round.drawn_by == people.commissioner


def test_the_draw_can_be_checked_from_the_seed_and_population_kept(people):
    approved_plans(people.team, people.facilitator, 20, on=FEB)
    approved_plans(people.other_team, people.facilitator, 9, on=FEB)
    audit_round = drawn_round(
        people.commissioner, start=START, end=END, sample_percent=Decimal("25")
    )
    kept = audit_round.population
    again = draw(
        [TeamPopulation(e["team"], tuple(e["qualifying"]), tuple(e["always"])) for e in kept],
        seed=audit_round.seed,
        percent=audit_round.sample_percent,
        minimum=audit_round.minimum_per_team,
    )
    assert {plan for sample in again for plan in sample.drawn} == drawn_plans(audit_round)
    assert {e["team"]: len(e["drawn"]) for e in kept} == {
        people.team.pk: 5,
        people.other_team.pk: 3,
    }
    assert sorted(p for e in kept for p in e["drawn"]) == sorted(drawn_plans(audit_round))


def test_the_same_seed_draws_the_same_plans_and_another_seed_may_not(people):
    approved_plans(people.team, people.facilitator, 40, on=FEB)
    first = opened(people, seed="0123456789abcdef")
    second = opened(people, seed="0123456789abcdef")
    third = opened(people, seed="fedcba9876543210")
    lines = rounds.round_preview(first)
    samples = [
        draw(
            [TeamPopulation(people.team.pk, tuple(range(1, 41)))],
            seed=r.seed,
            percent=r.sample_percent,
            minimum=r.minimum_per_team,
        )
        for r in (first, second, third)
    ]
    assert lines[0].to_draw == 4
    assert samples[0] == samples[1]
    assert samples[0] != samples[2]


def test_always_included_plans_are_drawn_on_top_of_the_random_ones(people):
    approved_plans(people.team, people.facilitator, 30, on=FEB)
    over = approved_plan(people.team, people.facilitator, on=FEB, over_limit=True)
    paid = approved_plan(
        people.team, people.facilitator, on=FEB, management_option="direct_payment"
    )
    line = approved_plan(people.team, people.facilitator, on=FEB, direct_payment_line=True)
    audit_round = opened(people, include_over_limit=True, include_direct_payment=True)
    (preview,) = rounds.round_preview(audit_round)
    assert (preview.qualifying, preview.always, preview.to_draw) == (33, 3, 4)
    rounds.round_draw(user=people.commissioner, audit_round=audit_round)
    always = PeerAudit.objects.filter(round=audit_round, always_included=True)
    assert set(always.values_list("plan_id", flat=True)) == {
        over.plan_id,
        paid.plan_id,
        line.plan_id,
    }
    assert PeerAudit.objects.filter(round=audit_round).count() == 4


def test_plans_are_always_included_only_when_the_round_says_so(people):
    approved_plans(people.team, people.facilitator, 30, on=FEB)
    approved_plan(people.team, people.facilitator, on=FEB, over_limit=True)
    approved_plan(people.team, people.facilitator, on=FEB, direct_payment_line=True)
    (preview,) = rounds.round_preview(opened(people))
    assert (preview.always, preview.to_draw) == (0, 4)
    (preview,) = rounds.round_preview(opened(people, include_over_limit=True))
    assert preview.always == 1


def test_plans_audited_in_the_last_12_months_are_left_out(people):
    plans = approved_plans(people.team, people.facilitator, 4, on=FEB)
    earlier = drawn_round(people.commissioner, start=START, end=END, minimum_per_team=2)
    audited = drawn_plans(earlier)
    later = opened(people)
    (line,) = rounds.round_preview(later)
    assert (line.qualifying, line.recently_audited) == (2, 2)
    rounds.round_draw(user=people.commissioner, audit_round=later)
    assert drawn_plans(later) == {v.plan_id for v in plans} - audited

    now = timezone.now()
    AuditRound.objects.filter(pk=earlier.pk).update(drawn_at=now - timedelta(days=364))
    AuditRound.objects.filter(pk=later.pk).update(drawn_at=now - timedelta(days=366))
    third = opened(people, minimum_per_team=4)
    (line,) = rounds.round_preview(third)
    assert (line.qualifying, line.recently_audited) == (2, 2)
    rounds.round_draw(user=people.commissioner, audit_round=third)
    assert drawn_plans(third) == drawn_plans(later)


def test_a_plan_approved_twice_in_the_period_is_audited_once_at_its_latest_version(people):
    first = approved_plan(people.team, people.facilitator, on=date(2013, 1, 10))
    second = approved_again(first, people.facilitator, on=date(2013, 3, 10))
    audit_round = opened(people, minimum_per_team=5)
    (line,) = rounds.round_preview(audit_round)
    assert line.qualifying == 1
    (audit,) = rounds.round_draw(user=people.commissioner, audit_round=audit_round)
    assert audit.version_id == second.pk


def test_plans_reviewed_in_the_period_qualify_for_a_round_on_reviews(people):
    reviewed, not_reviewed = approved_plans(people.team, people.facilitator, 2, on=date(2012, 6, 1))
    Review.objects.create(
        plan=reviewed.plan,
        version=reviewed,
        held_on=date(2013, 2, 14),
        attendees="The person and their coordinator",
        decision=Review.Decision.CONTINUE,
        recorded_by=people.coordinator,
    )
    audit_round = opened(people, basis=AuditRound.Basis.REVIEWED)
    rounds.round_draw(user=people.commissioner, audit_round=audit_round)
    assert drawn_plans(audit_round) == {reviewed.plan_id}
    assert not_reviewed.plan_id not in drawn_plans(audit_round)


def test_a_plan_signed_off_through_the_services_qualifies(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    version = signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)
    today = timezone.localdate()
    audit_round = opened(
        people, start=today - timedelta(days=1), end=today, include_direct_payment=True
    )
    (audit,) = rounds.round_draw(user=people.commissioner, audit_round=audit_round)
    assert (audit.plan_id, audit.version_id, audit.always_included) == (
        version.plan_id,
        version.pk,
        True,
    )


def test_drawing_twice_is_refused_and_draws_nothing_more(people):
    approved_plans(people.team, people.facilitator, 10, on=FEB)
    audit_round = drawn_round(people.commissioner, start=START, end=END)
    before = drawn_plans(audit_round)
    with pytest.raises(AlreadyDecided):
        rounds.round_draw(user=people.commissioner, audit_round=audit_round)
    assert drawn_plans(audit_round) == before
    assert PeerAudit.objects.count() == 2


def test_only_a_commissioner_draws(people):
    approved_plans(people.team, people.facilitator, 3, on=FEB)
    audit_round = opened(people)
    with pytest.raises(PermissionDenied):
        rounds.round_draw(user=people.peer_reviewer, audit_round=audit_round)
    assert not PeerAudit.objects.exists()
