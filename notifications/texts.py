"""What each kind of notification says: a sentence with the person's initials at most, and
an email subject with none."""

from notifications.models import Kind

TEXTS: dict[str, str] = {
    Kind.PLAN_SUBMITTED: "A care plan for {initials} is waiting for your decision.",
    Kind.PLAN_SIGNED_OFF: "The care plan for {initials} has been signed off.",
    Kind.PLAN_APPROVED: "The care plan for {initials} has been approved.",
    Kind.PLAN_RETURNED: "The care plan for {initials} has been returned with reasons.",
    Kind.RECONSIDERATION_ASKED: "{initials} has asked for a decision to be reconsidered.",
    Kind.RECONSIDERATION_ANSWERED: "The reconsideration asked for {initials} has been answered.",
    Kind.REVIEW_DUE: "The review of the care plan for {initials} is due within two weeks.",
    Kind.REVIEW_PACK_READY: "The review pack you asked for ({initials}) is ready.",
}

SUBJECTS: dict[str, str] = {
    Kind.PLAN_SUBMITTED: "A care plan is waiting for your decision",
    Kind.PLAN_SIGNED_OFF: "A care plan has been signed off",
    Kind.PLAN_APPROVED: "A care plan has been approved",
    Kind.PLAN_RETURNED: "A care plan has been returned",
    Kind.RECONSIDERATION_ASKED: "A reconsideration has been asked for",
    Kind.RECONSIDERATION_ANSWERED: "A reconsideration has been answered",
    Kind.REVIEW_DUE: "A review is due within two weeks",
    Kind.REVIEW_PACK_READY: "A review pack is ready",
}


def initials(given_name: str, family_name: str) -> str:
    """The person's initials ("A. E."), all a notification may say of who they are."""
    letters = [name.strip()[0].upper() for name in (given_name, family_name) if name.strip()]
    return " ".join(f"{letter}." for letter in letters) or "someone"
