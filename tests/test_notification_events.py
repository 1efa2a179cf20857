"""Each event notifies the right people from the service that makes it, so the pages and
the API tell the same people: submitted (who may decide), decided or returned (the plan's
coordinators), reconsideration asked (commissioners who may answer) and answered, a review
due within two weeks (the coordinator; a daily command), a review pack ready (who asked)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careplans import decisions, drafting
from careplans.models import CarePlan
from notifications.models import Kind, Notification
from people.models import Role
from reviews import packs
from reviews.models import ReviewPack
from reviews.notifying import notify_reviews_due
from tests.builders import appendix_1_lines, complete_draft, signed_off_appendix_1
from tests.factories import ParticipantFactory, UserFactory

pytest_plugins = ["tests.notification_helpers"]  # addressed, ann, in_process

pytestmark = pytest.mark.usefixtures("in_process")


def told(kind=None) -> list[tuple[str, str, str]]:
    """(username, kind, link) of every notification, in a stable order."""
    rows = Notification.objects.select_related("recipient").order_by("recipient__username", "pk")
    if kind:
        rows = rows.filter(kind=kind)
    return [(n.recipient.username, n.kind, n.link) for n in rows]


@pytest.fixture
def written(people, ann, pilot_tariffs):
    """Ann's Appendix 1 plan, written by the coordinator (£4,774.20 of £4,800.00)."""
    version, outcome = complete_draft(people, ann)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    return version


@pytest.fixture
def over(people, ann, pilot_tariffs):
    """Ann's plan drawn against £3,000.00: more than 15% over, for a commissioner."""
    version, outcome = complete_draft(people, ann, amount="3000.00")
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    return version


def test_a_plan_submitted_within_15_percent_tells_the_team_s_facilitators(people, written):
    other_team_facilitator = UserFactory(
        username="olu", role=Role.FACILITATOR, team=people.other_team
    )
    decisions.submit(user=people.coordinator, version=written)
    decide = reverse("careplans:decide", args=[written.plan_id])
    assert told() == [("femi", Kind.PLAN_SUBMITTED, decide)]
    assert other_team_facilitator.notifications.count() == 0
    text = Notification.objects.get().text
    assert text == "A care plan for A. E. is waiting for your decision."


def test_a_facilitator_who_shaped_the_plan_is_not_told_but_another_is(people, written):
    drafting.draft_update(
        user=people.facilitator,
        version=written,
        revision=written.revision,
        review_dates="Every three months",
    )
    UserFactory(username="grace", role=Role.FACILITATOR, team=people.team)
    written.refresh_from_db()
    decisions.submit(user=people.coordinator, version=written)
    assert [name for name, _, _ in told()] == ["grace"]


def test_when_every_facilitator_shaped_it_the_commissioners_are_told(people, written):
    drafting.draft_update(
        user=people.facilitator,
        version=written,
        revision=written.revision,
        review_dates="Every three months",
    )
    written.refresh_from_db()
    decisions.submit(user=people.coordinator, version=written)
    assert [name for name, _, _ in told()] == ["connor"]


def test_a_plan_more_than_15_percent_over_tells_the_organisation_s_commissioners(people, over):
    decisions.submit(user=people.coordinator, version=over)
    decide = reverse("careplans:decide", args=[over.plan_id])
    # Not the facilitator (who cannot approve it), nor another organisation's commissioner.
    assert told() == [("connor", Kind.PLAN_SUBMITTED, decide)]


def test_submitting_through_the_api_tells_the_same_people(people, written, coordinator):
    response = coordinator.post(f"/api/v1/care-plans/{written.plan_id}/submit/")
    assert response.status_code == 200, response.json()
    assert [name for name, _, _ in told()] == ["femi"]


def test_submitting_on_the_page_tells_the_same_people(client, people, written):
    client.force_login(people.coordinator)
    response = client.post(
        reverse("careplans:submit", args=[written.plan_id]),
        {"version": written.number, "revision": written.revision},
    )
    assert response.status_code == 302
    assert [name for name, _, _ in told()] == ["femi"]


@pytest.mark.parametrize(
    ("kind", "decider", "expected"),
    [
        ("sign_off", "facilitator", Kind.PLAN_SIGNED_OFF),
        ("return", "facilitator", Kind.PLAN_RETURNED),
        ("approve", "commissioner", Kind.PLAN_APPROVED),
    ],
)
def test_a_decision_tells_the_plan_s_coordinator_not_the_decider(
    people, written, over, kind, decider, expected
):
    version = over if kind == "approve" else written
    decisions.submit(user=people.coordinator, version=version)
    Notification.objects.all().delete()
    decisions.decide(
        user=getattr(people, decider), version=version, kind=kind, reason="Say more about respite"
    )
    detail = reverse("careplans:detail", args=[version.plan_id])
    assert told() == [("cara", expected, detail)]


def test_the_submitter_and_the_person_s_coordinator_are_both_told(people, ann, written):
    colleague = UserFactory(username="dev", role=Role.COORDINATOR, team=people.team)
    ann.care_coordinator = colleague
    ann.save()
    decisions.submit(user=people.coordinator, version=written)
    decisions.decide(user=people.facilitator, version=written, kind="sign_off")
    assert [name for name, _, _ in told(Kind.PLAN_SIGNED_OFF)] == ["cara", "dev"]


def test_a_reconsideration_tells_the_commissioners_who_may_answer_and_then_the_asker(
    people, written
):
    decisions.submit(user=people.coordinator, version=written)
    returned = decisions.decide(
        user=people.facilitator, version=written, kind="return", reason="Say more about respite"
    )
    Notification.objects.all().delete()
    UserFactory(username="carys", role=Role.COMMISSIONER, organisation=people.team.organisation)
    asked = decisions.reconsideration_request(
        user=people.coordinator, reasons="Respite keeps me well.", decision=returned
    )
    answer = reverse("careplans:reconsideration_answer", args=[written.plan_id, asked.pk])
    assert told() == [
        ("carys", Kind.RECONSIDERATION_ASKED, answer),
        ("connor", Kind.RECONSIDERATION_ASKED, answer),
    ]
    Notification.objects.all().delete()
    decisions.reconsideration_answer(
        user=people.commissioner, reconsideration=asked, outcome="changed", answer="Agreed."
    )
    detail = reverse("careplans:detail", args=[written.plan_id])
    assert told() == [("cara", Kind.RECONSIDERATION_ANSWERED, detail)]


def test_the_commissioner_who_decided_is_not_asked_to_reconsider(people, over):
    decisions.submit(user=people.coordinator, version=over)
    returned = decisions.decide(
        user=people.commissioner, version=over, kind="return", reason="Too dear"
    )
    Notification.objects.all().delete()
    decisions.reconsideration_request(
        user=people.coordinator, reasons="It is what I need.", decision=returned
    )
    assert told() == []  # the only commissioner decided it: nobody else may answer


# -- Reviews due ---------------------------------------------------------------------------------


@pytest.fixture
def signed_off(people, ann, pilot_tariffs):
    return signed_off_appendix_1(people, ann, pilot_tariffs["cmht"].intervention)


def _due_in(plan_id: int, days: int) -> None:
    CarePlan.objects.filter(pk=plan_id).update(
        review_due=timezone.localdate() + timedelta(days=days)
    )


def test_a_review_due_within_two_weeks_reminds_the_coordinator_once(people, signed_off):
    Notification.objects.all().delete()
    _due_in(signed_off.plan_id, 10)
    other = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    later, _ = complete_draft(people, other)
    CarePlan.objects.filter(pk=later.plan_id).update(
        review_due=timezone.localdate() + timedelta(days=20)
    )
    assert notify_reviews_due() == 1
    detail = reverse("careplans:detail", args=[signed_off.plan_id])
    assert told() == [("cara", Kind.REVIEW_DUE, detail)]
    assert Notification.objects.get().text == (
        "The review of the care plan for A. E. is due within two weeks."
    )
    # The daily run again, or the next day: nobody is reminded twice of the same review.
    assert notify_reviews_due() == 0
    assert notify_reviews_due(timezone.localdate() + timedelta(days=1)) == 0
    # A review called for another date is a new reminder.
    _due_in(signed_off.plan_id, 3)
    assert notify_reviews_due() == 1


def test_no_reminder_for_an_ended_plan_an_overdue_review_or_one_far_off(people, signed_off):
    Notification.objects.all().delete()
    for days in (-1, 15):
        _due_in(signed_off.plan_id, days)
        assert notify_reviews_due() == 0
    _due_in(signed_off.plan_id, 5)
    CarePlan.objects.filter(pk=signed_off.plan_id).update(ended_at=timezone.now())
    assert notify_reviews_due() == 0


def test_the_command_reminds_and_says_how_many(people, signed_off, capsys):
    Notification.objects.all().delete()
    _due_in(signed_off.plan_id, 14)
    call_command("notify_reviews_due")
    assert capsys.readouterr().out == "1 reminder of reviews due.\n"
    call_command("notify_reviews_due")
    assert capsys.readouterr().out == "0 reminders of reviews due.\n"
    far = (timezone.localdate() - timedelta(days=30)).isoformat()
    call_command("notify_reviews_due", "--date", far)
    assert capsys.readouterr().out == "0 reminders of reviews due.\n"


def test_the_daily_task_is_on_the_beat_schedule(settings):
    from phb.celery import app
    from reviews.tasks import notify_reviews_due as task

    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == task.name]
    assert task.name in app.tasks
    assert entry["schedule"].hour == {7}


# -- Review packs ----------------------------------------------------------------------------


def test_a_ready_pack_tells_whoever_asked_for_it(
    people, signed_off, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.REVIEW_PACK_ROOT = tmp_path / "review-packs"
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        pack, _ = packs.pack_request(user=people.facilitator, version=signed_off)
    pack.refresh_from_db()
    assert pack.status == ReviewPack.Status.READY
    link = reverse("reviews:pack", args=[pack.pk])
    assert told() == [("femi", Kind.REVIEW_PACK_READY, link)]
    assert Notification.objects.get().text == "The review pack you asked for (A. E.) is ready."
