"""What the care plan pages say: the sentences, per-cent texts and problem lists built
from a plan's totals, status and decisions. Plain strings; nothing here reads the
database."""

from datetime import date
from decimal import Decimal
from typing import Any

from careplans.decisions import Submitted
from careplans.models import CarePlan, CarePlanVersion, Decision, PlanStatus, SpendingLine
from costing.core.money import format_pounds, percent_change
from costing.core.signoff import Route

STALE_MESSAGE = (
    "Someone else saved this draft since you opened it. Nothing you typed here has been saved, "
    "and their changes are kept: copy anything you want to keep, then open the draft again "
    "to see their changes."
)
SUBMITTED_MESSAGE = (
    "This version has been submitted for sign-off, so it can no longer change: nothing was saved."
)
PROBLEM_HEADINGS = {
    "what_matters_to_person": "What matters to the person",
    "what_matters_for_health": "What matters for their health",
    "contingency_plan": "Contingency or crisis plan",
    "management_option": "How the budget is managed",
    "managed_by": "Who manages the budget",
    "care_coordinator": "Named care coordinator",
    "health_monitored_by": "Who monitors the person’s health",
    "start_date": "Date the plan starts",
    "first_review_date": "Date of the first review",
    "first_review_arrangements": "How the first review will be held",
    "reduction_notice": "Notice before any reduction of the budget",
    "review_dates": "Later review dates",
    "indicative_budget": "Indicative budget",
    "outcomes": "Outcomes",
    "risks": "Risks",
    "lines": "Spending plan",
}
EDITOR_ANCHORS = {"outcomes": "outcomes", "risks": "risks", "lines": "spending-plan"}


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


# -- Totals ---------------------------------------------------------------------------------------


def route_sentence(totals) -> str:
    """Who would sign the plan off at this total, in words."""
    if totals.route is None:
        return "No indicative budget yet: the plan cannot be submitted until it has one."
    if totals.route == Route.FACILITATOR:
        return "Within 15% of the indicative budget: the team’s facilitator signs it off."
    return (
        f"More than 15% above the indicative budget (limit {format_pounds(totals.limit)}): "
        "a commissioner must approve it."
    )


def percent_text(percent: Decimal | None) -> str:
    """A total against its indicative budget, in words: "12.0% over", "28.0% under", "on
    budget" ("" when there is no budget to compare with)."""
    if percent is None:
        return ""
    if percent > 0:
        return f"{percent}% over"
    if percent < 0:
        return f"{-percent}% under"
    return "on budget"


def against_budget(total: Decimal | None, indicative: Decimal | None) -> str:
    """A submitted total against the indicative budget it was drawn up against, in words."""
    if total is None or not indicative:
        return ""
    return percent_text(percent_change(indicative, total))


def signs_off(route: str) -> str:
    """Who decides a submitted plan, as a column of the queue says it."""
    return "Facilitator" if route == Route.FACILITATOR else "Commissioner"


def describe_totals(totals) -> dict[str, Any]:
    """The totals and what the pages say of them (the totals partial's context)."""
    over_by = -totals.remaining if totals.remaining is not None and totals.remaining < 0 else None
    return {
        "totals": totals,
        "route_sentence": route_sentence(totals),
        "over_by": over_by,
        "percent_text": percent_text(totals.percent_over),
        "totals_sentence": totals_sentence(totals),
    }


def totals_sentence(totals) -> str:
    """The totals in one short sentence, for a live region: "Total £4,774.20 a year of
    £4,800.00; £25.80 left." """
    total = f"Total {format_pounds(totals.total)} a year"
    if totals.indicative is None:
        return f"{total}; no indicative budget yet."
    if totals.remaining < 0:
        left = f"{format_pounds(-totals.remaining)} over"
    else:
        left = f"{format_pounds(totals.remaining)} left"
    return f"{total} of {format_pounds(totals.indicative)}; {left}."


def line_saved_message(line: SpendingLine, totals, changed: bool) -> str:
    remaining = (
        f", {format_pounds(totals.remaining)} left of {format_pounds(totals.indicative)}"
        if totals.indicative is not None and totals.remaining >= 0
        else ""
    )
    return (
        f"“{line.description}” has been {'changed' if changed else 'added'}. "
        f"The plan now totals {format_pounds(totals.total)}{remaining}."
    )


# -- Submission -----------------------------------------------------------------------------------


def problem_list(problems: dict[str, list[str]], editor_url: str) -> list[dict[str, Any]]:
    """Submission problems by field, each with a link to where it is put right."""
    return [
        {
            "field": field,
            "heading": PROBLEM_HEADINGS.get(field, field.replace("_", " ").capitalize()),
            "messages": field_messages,
            "href": f"{editor_url}#{EDITOR_ANCHORS.get(field, 'id_' + field)}",
        }
        for field, field_messages in problems.items()
    ]


def not_a_draft_message(version: CarePlanVersion) -> str:
    """Why the latest version cannot be edited."""
    if version.status == PlanStatus.SUBMITTED:
        return (
            f"Version {version.number} is waiting for sign-off: it cannot change until it is "
            "decided."
        )
    return (
        f"Version {version.number} has been decided and cannot change: start a new draft "
        "to change the plan."
    )


def submitted_message(submitted: Submitted) -> str:
    if submitted.route == Route.FACILITATOR:
        return (
            f"Sent to the facilitator: the total {format_pounds(submitted.total)} is within "
            f"15% of the indicative budget {format_pounds(submitted.indicative)}."
        )
    return (
        f"Sent to a commissioner: total {format_pounds(submitted.total)} is more than 15% "
        f"above {format_pounds(submitted.indicative)}."
    )


# -- Decisions ------------------------------------------------------------------------------------


def already_decided_message(decision: Decision | None) -> str:
    if decision is None:
        return "This version is no longer waiting for a decision."
    return (
        "Someone else decided this plan a moment ago: it was "
        f"{decision.get_kind_display().lower()} by {decision.decided_by}"
        f"{' (' + decision.reason + ')' if decision.reason else ''}."
    )


def returned_message(name: str) -> str:
    return (
        f"You returned {name}’s plan with your reasons; a new draft has been opened for "
        "the coordinator."
    )


def agreed_message(name: str, decision: Decision, version: CarePlanVersion, plan: CarePlan) -> str:
    """A sign-off or approval, with when the plan's first review is due."""
    done = "signed off" if decision.kind == Decision.Kind.SIGN_OFF else "approved"
    text = f"You {done} {name}’s plan: {format_pounds(version.submitted_total)}."
    if plan.review_due:
        text += f" The first review is due by {long_date(plan.review_due)}"
        text += f" ({plan.review_due_rule})." if plan.review_due_rule else "."
    return text
