"""The indicative budget calculator. Its pages sit at a person's address
(``/participants/<pk>/indicative-budget/``) in the ``participants`` namespace:
``phb/urls.py`` mounts them there beside the person's own pages."""

from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from budgets.views import IndicativeBudgetPreviewView, IndicativeBudgetView

person_urlpatterns = [
    path("<id:pk>/indicative-budget/", IndicativeBudgetView.as_view(), name="indicative_budget"),
    path(
        "<id:pk>/indicative-budget/preview/",
        IndicativeBudgetPreviewView.as_view(),
        name="indicative_budget_preview",
    ),
]
