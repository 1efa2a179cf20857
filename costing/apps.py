from django.apps import AppConfig


class CostingConfig(AppConfig):
    """Tariffs and cost of care. The pricing core in this package imports no Django."""

    name = "costing"
