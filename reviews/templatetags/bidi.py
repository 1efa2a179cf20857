"""Names of either direction in the review pack.

WeasyPrint implements neither ``dir="auto"`` nor ``unicode-bidi``, but Pango honours
Unicode's directional isolates: a name between FIRST STRONG ISOLATE and POP DIRECTIONAL
ISOLATE takes its direction from its own first letter (as ``dir="auto"`` would) and does
not pull the words beside it into its run. Names never hold these characters themselves
(text input refuses them), so the pair always balances.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


@register.filter
def isolated(value) -> SafeString | str:
    """A name read in its own direction, escaped: in "فاطمة الزهراء, 29 November" the
    name reads right to left, then the date left to right."""
    if value is None or value == "":
        return ""
    return format_html("{}{}{}", FIRST_STRONG_ISOLATE, value, POP_DIRECTIONAL_ISOLATE)
