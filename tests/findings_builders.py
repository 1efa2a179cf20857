"""Submitted peer audits for the tests of a team's findings, made through the services: a
commissioner opens a round of every plan approved lately (a 100% sample), draws and assigns
it, and the peer reviewer answers and submits."""

from dataclasses import dataclass
from decimal import Decimal

from careplans.models import CarePlanVersion
from peer_audit import auditing, rounds
from peer_audit.core.checklist import DEFAULT_QUESTIONS
from peer_audit.models import PeerAudit, Question
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory
from tests.peer_review_builders import drawn_round

REVIEWER_FIRST, REVIEWER_LAST = "Perpetua", "Quillfeather"
NOT_MET_COMMENT = "The outcomes are written in the service's words, not the person's."
PARTLY_MET_COMMENT = "Her sister is named, but nobody asked what she needs."
NOT_APPLICABLE_COMMENT = "No contingency needed yet: the plan is new."


@dataclass
class Audited:
    audit: PeerAudit
    version: CarePlanVersion
    not_met: Question
    partly_met: Question
    met: Question
    not_applicable: Question


def approved_plan(people, pilot_tariffs, **names) -> CarePlanVersion:
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator, **names)
    return signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)


def audit_round(people, *, name="Spring round", show_reviewer_to_team=False):
    """A round of every plan the organisation approved in the last 30 days, drawn and
    assigned to the peer reviewer (named ``REVIEWER_FIRST REVIEWER_LAST``)."""
    reviewer = people.peer_reviewer
    reviewer.first_name, reviewer.last_name = REVIEWER_FIRST, REVIEWER_LAST
    reviewer.save()
    if show_reviewer_to_team:
        rounds.checklist_new_version(
            user=people.commissioner,
            questions=DEFAULT_QUESTIONS,
            min_met_percent=Decimal("80"),
            no_not_met=True,
            show_reviewer_to_team=True,
        )
    return drawn_round(people, name)


def audit_submitted(people, audit: PeerAudit, *, not_met_comment=NOT_MET_COMMENT) -> Audited:
    """The reviewer answers: question 1 not met, 3 partly met, 5 not applicable, the rest
    met; rated "requires improvement"; submitted (and so failed)."""
    reviewer = people.peer_reviewer
    questions = list(audit.round.checklist.questions.order_by("position"))
    answers = {q.pk: auditing.AnswerInput("met") for q in questions}
    answers[questions[0].pk] = auditing.AnswerInput("not_met", not_met_comment)
    answers[questions[2].pk] = auditing.AnswerInput("partly_met", PARTLY_MET_COMMENT)
    answers[questions[4].pk] = auditing.AnswerInput("not_applicable", NOT_APPLICABLE_COMMENT)
    saved = auditing.audit_save(
        user=reviewer,
        audit=audit,
        revision=audit.revision,
        answers=answers,
        overall_rating="requires_improvement",
        summary="A person-centred plan in most ways; the outcomes need the person's voice.",
    )
    submitted = auditing.audit_submit(user=reviewer, audit=saved)
    return Audited(
        audit=submitted,
        version=submitted.version,
        not_met=questions[0],
        partly_met=questions[2],
        met=questions[1],
        not_applicable=questions[4],
    )


def plan_audited(people, pilot_tariffs, *, show_reviewer_to_team=False, **names) -> Audited:
    """An approved plan of the team, sampled, audited and submitted."""
    version = approved_plan(people, pilot_tariffs, **names)
    opened = audit_round(people, show_reviewer_to_team=show_reviewer_to_team)
    audit = PeerAudit.objects.get(round=opened, plan=version.plan)
    assert audit.reviewer_id == people.peer_reviewer.pk
    return audit_submitted(people, audit)
