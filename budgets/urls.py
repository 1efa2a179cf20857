"""The indicative budget calculator. Its pages sit at a person's address
(``/participants/<pk>/indicative-budget/``) in the ``participants`` namespace:
``phb/urls.py`` mounts them there beside the person's own pages."""

from django.urls import path

from budgets.views import IndicativeBudgetPreviewView, IndicativeBudgetView

person_urlpatterns = [
    path("<int:pk>/indicative-budget/", IndicativeBudgetView.as_view(), name="indicative_budget"),
    path(
        "<int:pk>/indicative-budget/preview/",
        IndicativeBudgetPreviewView.as_view(),
        name="indicative_budget_preview",
    ),
]
