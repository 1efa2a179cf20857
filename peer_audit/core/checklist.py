"""A checklist's answers, the overall rating, and when a plan passes the audit."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Answer(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class Rating(StrEnum):
    """The care regulator's four-point scale."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


NEEDS_ACTION = (Answer.PARTLY_MET, Answer.NOT_MET)


def comment_required(answer: Answer | str) -> bool:
    """Every answer but "met" says why."""
    return answer != Answer.MET


@dataclass(frozen=True)
class PassRule:
    """A plan passes when at least ``min_met_share`` of the applicable questions are met
    and, if ``no_not_met``, none is not met."""

    min_met_share: Decimal = Decimal("0.80")
    no_not_met: bool = True


def met_share(answers: Iterable[Answer | str]) -> Decimal | None:
    """Met over applicable (all but "not applicable"); None when nothing applies."""
    applicable = [Answer(a) for a in answers if a != Answer.NOT_APPLICABLE]
    if not applicable:
        return None
    return Decimal(applicable.count(Answer.MET)) / Decimal(len(applicable))


def passes(answers: Iterable[Answer | str], rule: PassRule) -> bool:
    """12 applicable, 10 met, 2 partly met: 83% met, none not met: passes. 9 met: 75%:
    fails. 11 met and 1 not met: fails however many are met."""
    answers = [Answer(a) for a in answers]
    if rule.no_not_met and Answer.NOT_MET in answers:
        return False
    share = met_share(answers)
    return share is not None and share >= rule.min_met_share


DEFAULT_QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "The outcomes are in the person's own words.",
        "Look for the person's voice: \"I want to...\" rather than a service's goals.",
    ),
    (
        "Health sits within a wider life: the plan says what matters to the person.",
        "What matters to the person is written down, not only what matters for their health.",
    ),
    (
        "Family and carers are considered.",
        "Who supports the person, and what they need, or why no one is involved.",
    ),
    (
        "Every risk has a plan and someone who manages it.",
        "Each risk says how it is managed and by whom.",
    ),
    (
        "A contingency plan exists.",
        "What happens in a crisis or if support breaks down, and who to contact.",
    ),
    (
        "Signs of success and of trouble are written down.",
        "For each outcome: what success looks like, and the signs that it is not working.",
    ),
    (
        "The person's own part is clear.",
        "What the person will do themselves towards each outcome.",
    ),
    (
        "Every purchase serves an outcome.",
        "Each line of the spending plan is linked to an outcome it helps towards.",
    ),
    (
        "The spending plan is within the budget and buys nothing prohibited.",
        "The total is within the indicative budget (or agreed above it), with no alcohol, "
        "tobacco, gambling, debt or emergency care.",
    ),
    (
        "Clinical contact can flex with how the person feels.",
        "The plan says how contact steps up when the person is unwell and down when well.",
    ),
    (
        "A review date is set and kept.",
        "The first review date is set, and reviews so far were held when due.",
    ),
    (
        "The budget management option suits the person, and how they stay in control is clear.",
        "Notional, direct payment or third party: why this option, and how the person "
        "directs the budget.",
    ),
)
