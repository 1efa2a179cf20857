"""A person's care plans on their page (the participant page's view stays the participants
app's own): ``{% care_plans_of participant as plans %}``."""

from django import template

register = template.Library()


@register.simple_tag
def care_plans_of(participant) -> list[dict]:
    from careplans.views import plan_summaries

    return plan_summaries(participant)
