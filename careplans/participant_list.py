"""Each person's plan status and next review date on the list of people
(``participants.list_columns``), and the filters the home pages link to.

A person's plan is their latest plan not ended. Its status on the list:

- *Draft*: its latest version is a draft (a first plan, or a change to an approved one);
- *Waiting for a decision*: submitted, not yet decided;
- *Returned*: its latest decision returned it and it has not been sent again (a new draft
  of a returned plan is still returned);
- *Approved*: signed off or approved;
- *None*: no plan, or only ended ones.

Three subqueries on the list's one query, whatever the number of people.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from careplans.models import CarePlan, CarePlanVersion, PlanStatus, Reconsideration
from common.tables import Column, day_text
from participants.list_columns import ListExtension, ListFilter

DRAFT, WAITING, RETURNED, APPROVED = 1, 2, 3, 4
"""The plan status as the list sorts it: in the order a plan goes through."""
STATUS_TEXT = {
    DRAFT: "Draft",
    WAITING: "Waiting for a decision",
    RETURNED: "Returned",
    APPROVED: "Approved",
    None: "None",
}
STATUS_TAG = {DRAFT: "white", WAITING: "blue", RETURNED: "orange", APPROVED: "green"}
SOON = timedelta(weeks=4)
"""Reviews "due soon" are due in the next four weeks; reconsiderations "answered lately",
in the last four."""


def _open_versions() -> QuerySet[CarePlanVersion]:
    return CarePlanVersion.objects.filter(
        plan__participant=OuterRef("pk"), plan__ended_at__isnull=True
    ).order_by("-plan__created_at", "-plan_id", "-number")


def annotate(queryset: QuerySet) -> QuerySet:
    """``plan_status`` (one of the numbers above, or None) and ``next_review`` (a date)."""
    if "plan_status" in queryset.query.annotations:
        return queryset
    latest = _open_versions()
    plans = CarePlan.objects.filter(participant=OuterRef("pk"), ended_at__isnull=True)
    queryset = queryset.annotate(
        latest_version_status=Subquery(latest.values("status")[:1]),
        latest_decided_status=Subquery(
            latest.exclude(status=PlanStatus.DRAFT).values("status")[:1]
        ),
        next_review=Subquery(plans.order_by("-created_at", "-pk").values("review_due")[:1]),
    )
    return queryset.annotate(
        plan_status=Case(
            When(latest_version_status=PlanStatus.SUBMITTED, then=WAITING),
            When(latest_decided_status=PlanStatus.RETURNED, then=RETURNED),
            When(latest_version_status=PlanStatus.DRAFT, then=DRAFT),
            When(
                latest_version_status__in=[
                    PlanStatus.SIGNED_OFF,
                    PlanStatus.APPROVED,
                    PlanStatus.SUPERSEDED,
                ],
                then=APPROVED,
            ),
            default=None,
            output_field=IntegerField(),
        )
    )


def with_draft(queryset: QuerySet, today: date) -> QuerySet:
    """People whose plan has a draft that their team may edit."""
    drafts = CarePlanVersion.objects.filter(
        plan__participant=OuterRef("pk"), plan__ended_at__isnull=True, status=PlanStatus.DRAFT
    )
    return queryset.filter(Exists(drafts))


NEEDS_A_VERSION = {
    WAITING: [PlanStatus.SUBMITTED],
    RETURNED: [PlanStatus.RETURNED],
    APPROVED: [PlanStatus.SIGNED_OFF, PlanStatus.APPROVED, PlanStatus.SUPERSEDED],
}
"""A status only a person with an open plan's version of one of these statuses can have: the
filter asks that first (a semi-join on an index), so the status is worked out only for them,
not for everyone in the team."""


def _with_status(status: int | None):
    def apply(queryset: QuerySet, today: date) -> QuerySet:
        if status is None:
            return queryset.filter(plan_status__isnull=True)
        versions = CarePlanVersion.objects.filter(
            plan__participant=OuterRef("pk"),
            plan__ended_at__isnull=True,
            status__in=NEEDS_A_VERSION[status],
        )
        return queryset.filter(Exists(versions), plan_status=status)

    return apply


def _review_before(day: date) -> Exists:
    """Has an open plan due for review before ``day`` (as the latest open plan must be, for
    the next review to be before it)."""
    return Exists(
        CarePlan.objects.filter(
            participant=OuterRef("pk"), ended_at__isnull=True, review_due__lt=day
        )
    )


def review_due_soon(queryset: QuerySet, today: date) -> QuerySet:
    """People whose next review is due today or in the next four weeks."""
    return queryset.filter(
        _review_before(today + SOON), next_review__gte=today, next_review__lt=today + SOON
    )


def review_overdue(queryset: QuerySet, today: date) -> QuerySet:
    return queryset.filter(_review_before(today), next_review__lt=today)


def reconsideration_answered(queryset: QuerySet, today: date) -> QuerySet:
    """People with a reconsideration answered in the last four weeks."""
    since = timezone.make_aware(datetime.combine(today - SOON, time.min))
    answered = Reconsideration.objects.filter(
        Q(decision__version__plan__participant=OuterRef("pk"))
        | Q(review__plan__participant=OuterRef("pk")),
        answered_at__gte=since,
    )
    return queryset.filter(Exists(answered))


FILTERS = (
    ListFilter("draft", "Plans with a draft", with_draft),
    ListFilter("waiting", "Plans waiting for a decision", _with_status(WAITING)),
    ListFilter("returned", "Plans returned and not yet sent again", _with_status(RETURNED)),
    ListFilter("approved", "Approved plans", _with_status(APPROVED)),
    ListFilter("no_plan", "No plan", _with_status(None)),
    ListFilter("review_soon", "Reviews due in the next four weeks", review_due_soon),
    ListFilter("review_overdue", "Reviews overdue", review_overdue),
    ListFilter(
        "reconsidered", "Reconsiderations answered in the last four weeks", reconsideration_answered
    ),
)


def status_text(person) -> str:
    return STATUS_TEXT[person.plan_status]


def _status_tag(person) -> str:
    if person.plan_status is None:
        return "None"
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>',
        STATUS_TAG[person.plan_status],
        STATUS_TEXT[person.plan_status],
    )


def _next_review(person) -> str:
    if person.next_review is None:
        return "–"
    if person.next_review < timezone.localdate():
        return format_html(
            '{} <strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>',
            day_text(person.next_review),
        )
    return day_text(person.next_review)


COLUMNS = (
    Column(
        "plan_status", "Plan status", lambda p: p.plan_status, show=_status_tag, text=status_text
    ),
    Column(
        "next_review",
        "Next review",
        lambda p: p.next_review,
        show=_next_review,
        text=lambda p: p.next_review and p.next_review.isoformat(),
    ),
)

EXTENSION = ListExtension(annotate=annotate, columns=COLUMNS, filters=FILTERS)


def list_href(key: str) -> str:
    """The list of people that filter ``key`` shows."""
    return f"{reverse('participants:list')}?show={key}"
