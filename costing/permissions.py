"""Who may read and change tariffs and clusters: one answer for the pages and the API.

The rules themselves live in ``people.access`` (``costing.view_tariffs``: care teams and
commissioners; ``costing.manage_tariffs``: commissioners).
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

VIEW = "costing.view_tariffs"
MANAGE = "costing.manage_tariffs"

READ_REFUSED = "Only care teams and commissioners can see tariffs and clusters."
CHANGE_REFUSED = "Only a commissioner can set tariffs and cluster costs."


def tariffs_refusal(user, *, changing: bool) -> str | None:
    """Why ``user`` may not read (or, ``changing``, change) tariffs and clusters; ``None``
    if they may."""
    if not user.has_perm(VIEW):
        return READ_REFUSED
    if changing and not user.has_perm(MANAGE):
        return CHANGE_REFUSED
    return None


def is_change(method: str) -> bool:
    return method not in SAFE_METHODS


class TariffsPermission(BasePermission):
    """For the API: as the pages, before any field is read."""

    def has_permission(self, request, view) -> bool:
        refusal = tariffs_refusal(request.user, changing=is_change(request.method))
        if refusal:
            self.message = refusal
        return refusal is None
