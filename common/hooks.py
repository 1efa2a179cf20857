"""Hooks: how a lower app shows or checks something that a higher app owns.

Apps depend on each other in one direction (see the README's code map), so a
lower app may not import a higher one. Where it needs what a higher app holds
(the person's page lists their care plans; a tariff counts the events priced
at it), the lower app declares a ``Hook`` and the higher app registers a
provider on it in its ``AppConfig.ready()``. The lower app asks the hook, never
the higher app.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


class Hook[Provider]:
    """Providers registered by higher apps, in the order they registered."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._providers: list[Provider] = []

    def register(self, provider: Provider) -> Provider:
        """Add a provider (once, however often the app registry starts)."""
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def __iter__(self) -> Iterator[Provider]:
        return iter(tuple(self._providers))

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._providers)} provider(s)>"


@dataclass(frozen=True)
class Action:
    """A link for a page's list of what the user can do."""

    text: str
    href: str


@dataclass(frozen=True)
class PageSection:
    """A part of a lower app's page that a higher app supplies."""

    place: str
    """Where on the page it goes; each page names its places."""
    template_name: str
    """Rendered with the page's context and ``section``: what ``context`` returned."""
    context: Callable[[HttpRequest, Any], dict[str, Any]]
    actions: Callable[[HttpRequest, Any], list[Action]] = lambda request, record: []


def sections_for(
    hook: Hook[PageSection], places: Iterable[str], request: HttpRequest, record: Any
) -> dict[str, Any]:
    """For a page's context: its sections by place (``sections``), and the links they add
    to what the user can do (``section_actions``)."""
    by_place: dict[str, list[dict[str, Any]]] = {place: [] for place in places}
    actions: list[Action] = []
    for section in hook:
        by_place[section.place].append(
            {"template_name": section.template_name, **section.context(request, record)}
        )
        actions.extend(section.actions(request, record))
    return {"sections": by_place, "section_actions": actions}
