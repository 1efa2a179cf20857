"""The page's frame: the flash messages go under the page's back link, not above it.

``{% messages_under_back_link %}…{% end_messages_under_back_link %}`` renders the page's
content first, then places the messages after the back link that opens it (the first
``nhsuk-back-link`` before the page's heading), or at the top when the page has none.
No page template needs to know where its messages go."""

import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

_BACK_LINK = re.compile(r'<div class="nhsuk-back-link[^"]*">.*?</div>\s*', re.DOTALL)


class MessagesUnderBackLinkNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        content = self.nodelist.render(context)
        messages = context.get("messages")
        if not messages:
            return content
        placed = render_to_string(
            "includes/messages.html", {"messages": messages}, request=context.get("request")
        )
        return mark_safe(place_messages(content, placed))  # noqa: S308 - both rendered here


def place_messages(content: str, messages: str) -> str:
    """The content with the messages after its opening back link, or first."""
    match = _BACK_LINK.search(content)
    heading = content.find("<h1")
    if match and (heading < 0 or match.start() < heading):
        return content[: match.end()] + messages + content[match.end() :]
    return messages + content


@register.tag("messages_under_back_link")
def messages_under_back_link(parser, token) -> MessagesUnderBackLinkNode:
    nodelist = parser.parse(("end_messages_under_back_link",))
    parser.delete_first_token()
    return MessagesUnderBackLinkNode(nodelist)
