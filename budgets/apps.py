from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    """Indicative budgets and their workings (filled by the costing issue)."""

    name = "budgets"
