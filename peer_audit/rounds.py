"""A commissioner's side of the peer audit: keeping the checklist, opening a round,
previewing and drawing its sample, and giving its audits to reviewers. The pages and the
API both call these."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from careplans.locking import AlreadyDecided
from peer_audit.core.assignment import assign, may_review
from peer_audit.core.checklist import DEFAULT_QUESTIONS
from peer_audit.core.sampling import TeamSample, draw, new_seed, preview
from peer_audit.models import AuditRound, Checklist, PeerAudit, Question
from peer_audit.population import candidates
from peer_audit.selectors import current_checklist
from people.models import Organisation, Role, User


def _require_commissioner(user: User) -> None:
    if not user.has_perm("peer_audit.manage_rounds"):
        raise PermissionDenied("Only a commissioner runs the peer audit.")


# -- The checklist ---------------------------------------------------------------------------


def checklist_in_use(organisation: Organisation) -> Checklist:
    """The organisation's latest checklist; the default questions make version 1 the first
    time one is needed."""
    checklist = current_checklist(organisation)
    if checklist is not None:
        return checklist
    with transaction.atomic():
        checklist = Checklist.objects.create(organisation=organisation, version=1)
        Question.objects.bulk_create(
            Question(checklist=checklist, position=n, text=text, guidance=guidance)
            for n, (text, guidance) in enumerate(DEFAULT_QUESTIONS, start=1)
        )
    return current_checklist(organisation)


@transaction.atomic
def checklist_new_version(
    *,
    user: User,
    questions: Sequence[tuple[str, str]],
    min_met_percent: Decimal,
    no_not_met: bool,
    show_reviewer_to_team: bool,
) -> Checklist:
    """Editing the checklist makes its next version; earlier rounds keep theirs."""
    _require_commissioner(user)
    questions = [(text.strip(), guidance.strip()) for text, guidance in questions if text.strip()]
    if not questions:
        raise ValidationError({"questions": "A checklist needs at least one question."})
    asked = [" ".join(text.split()).casefold() for text, _ in questions]
    if len(set(asked)) != len(asked):
        raise ValidationError({"questions": "A question is asked twice: each is asked once."})
    organisation = Organisation.objects.select_for_update().get(pk=user.organisation_id)
    latest = Checklist.objects.filter(organisation=organisation).order_by("-version").first()
    checklist = Checklist.objects.create(
        organisation=organisation,
        version=(latest.version + 1) if latest else 1,
        min_met_percent=min_met_percent,
        no_not_met=no_not_met,
        show_reviewer_to_team=show_reviewer_to_team,
        created_by=user,
    )
    Question.objects.bulk_create(
        Question(checklist=checklist, position=n, text=text, guidance=guidance)
        for n, (text, guidance) in enumerate(questions, start=1)
    )
    return checklist


# -- Rounds ------------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    user: User,
    name: str,
    period_start: date,
    period_end: date,
    basis: str = AuditRound.Basis.APPROVED,
    sample_percent: Decimal = Decimal("10"),
    minimum_per_team: int = 2,
    include_over_limit: bool = False,
    include_direct_payment: bool = False,
    seed: str = "",
) -> AuditRound:
    _require_commissioner(user)
    if period_end < period_start:
        raise ValidationError({"period_end": "The period ends on or after the day it starts."})
    audit_round = AuditRound(
        organisation_id=user.organisation_id,
        name=name,
        checklist=checklist_in_use(user.organisation),
        basis=basis,
        period_start=period_start,
        period_end=period_end,
        sample_percent=sample_percent,
        minimum_per_team=minimum_per_team,
        include_over_limit=include_over_limit,
        include_direct_payment=include_direct_payment,
        seed=seed or new_seed(),
        created_by=user,
    )
    audit_round.full_clean()
    audit_round.save()
    return audit_round


@dataclass(frozen=True)
class TeamLine:
    """A team's line of a round's preview or draw."""

    team: int
    team_name: str
    qualifying: int
    always: int
    recently_audited: int
    to_draw: int


def round_preview(audit_round: AuditRound) -> list[TeamLine]:
    """Per team: how many plans qualify, and how many a draw would take now."""
    found = candidates(audit_round)
    samples = preview(found.teams, audit_round.sample_percent, audit_round.minimum_per_team)
    return _lines(samples, found.team_names, found.recently_audited)


def _lines(
    samples: Sequence[TeamSample], names: dict[int, str], recent: dict[int, int]
) -> list[TeamLine]:
    lines = [
        TeamLine(
            team=sample.team,
            team_name=names.get(sample.team, ""),
            qualifying=sample.qualifying_count,
            always=sample.always_count,
            recently_audited=recent.get(sample.team, 0),
            to_draw=sample.to_draw,
        )
        for sample in samples
    ]
    return sorted(lines, key=lambda line: line.team_name)


@transaction.atomic
def round_draw(*, user: User, audit_round: AuditRound) -> list[PeerAudit]:
    """Draw the sample (once): an audit for each plan drawn, and the population per team
    kept with the round, so that the seed reproduces the draw."""
    _require_commissioner(user)
    locked = AuditRound.objects.select_for_update().get(pk=audit_round.pk)
    if locked.status != AuditRound.Status.OPEN:
        raise AlreadyDecided("This round has been drawn already.")
    found = candidates(locked)
    samples = draw(
        found.teams,
        seed=locked.seed,
        percent=locked.sample_percent,
        minimum=locked.minimum_per_team,
    )
    always = {plan for team in found.teams for plan in team.always}
    audits = [
        PeerAudit(
            round=locked,
            plan_id=plan,
            version_id=found.version_of_plan[plan],
            team_id=sample.team,
            always_included=plan in always,
        )
        for sample in samples
        for plan in sample.drawn
    ]
    # One insert (no history row each): the round's own history keeps the draw.
    PeerAudit.objects.bulk_create(audits, batch_size=2000)
    populations = {team.team: team for team in found.teams}
    locked.population = [
        {
            "team": sample.team,
            "team_name": found.team_names.get(sample.team, ""),
            "qualifying": list(populations[sample.team].qualifying),
            "always": list(populations[sample.team].always),
            "recently_audited": found.recently_audited.get(sample.team, 0),
            "to_draw": sample.to_draw,
            "drawn": list(sample.drawn),
        }
        for sample in samples
    ]
    locked.status = AuditRound.Status.DRAWN
    locked.drawn_by = user
    locked.drawn_at = timezone.now()
    locked.save()
    audit_round.refresh_from_db()
    return audits


def reviewers_of(organisation_id: int):
    return User.objects.filter(
        organisation_id=organisation_id, role=Role.PEER_REVIEWER, is_active=True
    ).order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class Assigned:
    assigned: int
    left: int
    """Audits no reviewer could take (every reviewer's home team)."""


@transaction.atomic
def round_assign(*, user: User, audit_round: AuditRound) -> Assigned:
    """Give the round's unassigned audits to its organisation's peer reviewers, balanced,
    never a plan of a reviewer's home team."""
    _require_commissioner(user)
    locked = AuditRound.objects.select_for_update().get(pk=audit_round.pk)
    if locked.status != AuditRound.Status.DRAWN:
        raise AlreadyDecided("Draw the round's sample before assigning its audits.")
    reviewers = {r.pk: r.home_team_id for r in reviewers_of(locked.organisation_id)}
    load = dict(
        locked.audits.filter(reviewer__isnull=False)
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
    )
    waiting = list(
        locked.audits.filter(reviewer__isnull=True)
        .order_by("team_id", "pk")
        .values_list("pk", "team_id")
    )
    given = assign(waiting, reviewers, {r: load.get(r, 0) for r in reviewers})
    now = timezone.now()
    for reviewer in set(given.values()):
        audit_ids = [audit for audit, to in given.items() if to == reviewer]
        PeerAudit.objects.filter(pk__in=audit_ids).update(reviewer_id=reviewer, assigned_at=now)
    # One update a reviewer, then the history rows in one insert (not a save an audit).
    PeerAudit.history.bulk_history_create(
        list(PeerAudit.objects.filter(pk__in=given)), update=True, default_user=user
    )
    return Assigned(assigned=len(given), left=len(waiting) - len(given))


@transaction.atomic
def audit_reassign(*, user: User, audit: PeerAudit, reviewer: User) -> PeerAudit:
    _require_commissioner(user)
    locked = PeerAudit.objects.select_for_update().get(pk=audit.pk)
    if locked.round.organisation_id != user.organisation_id:
        raise PermissionDenied("This audit is not of your organisation.")
    if not locked.is_open:
        raise AlreadyDecided("This audit has been submitted: it keeps its reviewer.")
    if not reviewers_of(locked.round.organisation_id).filter(pk=reviewer.pk).exists():
        raise ValidationError({"reviewer": "Choose a peer reviewer of your organisation."})
    if not may_review(reviewer.home_team_id, locked.team_id):
        raise ValidationError(
            {"reviewer": "A reviewer never audits a plan of their own team: choose another."}
        )
    locked.reviewer = reviewer
    locked.assigned_at = timezone.now()
    locked.save()
    return locked
