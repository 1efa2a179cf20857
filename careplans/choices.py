"""The choices a care plan is written with: how the budget is managed and by whom, the
outcome and purchase categories, funding routes, statuses, frequencies and what a budget
cannot buy."""

from django.db import models

from costing.core.spending import Frequency, Restriction


class ManagementOption(models.TextChoices):
    NOTIONAL = "notional", "Notional budget (services the Trust provides)"
    DIRECT_PAYMENT = "direct_payment", "Direct payment"
    THIRD_PARTY = "third_party", "Third-party budget"
    MIXED = "mixed", "A mix of these"


MANAGEMENT_HINTS = {
    ManagementOption.NOTIONAL: "The NHS team keeps the money and arranges the care and "
    "services agreed with the person. No money is paid to them.",
    ManagementOption.DIRECT_PAYMENT: "The money is paid to the person, or to someone acting "
    "for them, who buys the care and support agreed in the plan and keeps account of what "
    "is spent.",
    ManagementOption.THIRD_PARTY: "An organisation apart from the person and the NHS team "
    "(a trust, a charity, a support organisation) holds the money and buys the agreed care "
    "for the person.",
    ManagementOption.MIXED: "Part of the budget one way and part another: for example, the "
    "team’s own services as a notional budget and a personal assistant paid by direct "
    "payment.",
}
"""What each way of managing a budget means, in plain words (the hints on its radios)."""


class ManagedBy(models.TextChoices):
    PERSON = "person", "The person"
    REPRESENTATIVE = "representative", "A representative or nominee"
    THIRD_PARTY = "third_party", "A third-party trust or organisation"
    INTERMEDIARY = "intermediary", "An intermediary"
    PROVIDER = "provider", "A provider"
    LEAD_PROFESSIONAL = "lead_professional", "The lead professional"


class OutcomeCategory(models.TextChoices):
    """The outcomes the pilot's participants chose (Table 3 of the 2014 document)."""

    REDUCE_DEMAND = "reduce_demand", "Reduce demand on health services"
    SOCIALISATION = "socialisation", "Improve socialisation"
    EMPLOYMENT = "employment", "Gain employment or return to work"
    INDEPENDENCE = "independence", "Maintain or achieve independence"
    FEWER_OVERDOSES = "fewer_overdoses", "Reduce overdoses or suicidal thoughts"
    HELP_OTHERS = "help_others", "To be able to help others"
    LESS_SELF_HARM = "less_self_harm", "Reduce self-harming behaviour"
    LESS_MEDICATION = "less_medication", "Reduce medication"
    CONFIDENCE = "confidence", "Improve confidence and self-esteem"
    BODY_IMAGE = "body_image", "Improve body image"
    PAIN = "pain", "Alleviate pain"
    STOP_SMOKING = "stop_smoking", "Stop smoking"
    WEIGHT = "weight", "Weight reduction"
    STRESS = "stress", "Manage and stabilise stress levels"
    FAMILY = "family", "Improve family relationships"
    CHILDREN = "children", "Prevent mental health impacting on children"
    OTHER = "other", "Other"


class PurchaseCategory(models.TextChoices):
    """Table 4's categories of purchase."""

    IT_EQUIPMENT = "it_equipment", "IT equipment"
    THERAPIES = "therapies", "Therapies"
    EDUCATION = "education", "Education"
    RESPITE = "respite", "Respite"
    EXERCISE = "exercise", "Exercise"
    PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
    TRANSPORT = "transport", "Transport"
    OTHER_SUPPORT = "other_support", "Other support"


class FundingRoute(models.TextChoices):
    NOTIONAL = "notional", "Notional"
    DIRECT_PAYMENT = "direct_payment", "Direct payment"
    THIRD_PARTY = "third_party", "Third party"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for sign-off"
    SIGNED_OFF = "signed_off", "Signed off"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"
    SUPERSEDED = "superseded", "Replaced by a later version"


DECIDED = (PlanStatus.SIGNED_OFF, PlanStatus.APPROVED, PlanStatus.RETURNED)


class FrequencyChoice(models.TextChoices):
    ONE_OFF = Frequency.ONE_OFF.value, "One-off"
    WEEKLY = Frequency.WEEKLY.value, "Every week (× 52)"
    MONTHLY = Frequency.MONTHLY.value, "Every month (× 12)"
    YEARLY = Frequency.YEARLY.value, "Once a year"


class RestrictionChoice(models.TextChoices):
    ALCOHOL = Restriction.ALCOHOL.value, "Alcohol"
    TOBACCO = Restriction.TOBACCO.value, "Tobacco"
    GAMBLING = Restriction.GAMBLING.value, "Gambling"
    DEBT = Restriction.DEBT.value, "Debt repayment"
    ILLEGAL = Restriction.ILLEGAL.value, "Anything illegal"
    EMERGENCY = Restriction.EMERGENCY.value, "Emergency care"
    GP_SERVICES = Restriction.GP_SERVICES.value, "Services a GP already provides"
