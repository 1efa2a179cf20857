from django.apps import AppConfig


class CareplansConfig(AppConfig):
    """Care plans, spending plans and sign-off (filled by the care plans issue)."""

    name = "careplans"
    verbose_name = "Care plans"
