from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    """Indicative budgets and their workings."""

    name = "budgets"

    def ready(self) -> None:
        from budgets.person_page import SECTION
        from participants.sections import person_page_sections

        person_page_sections.register(SECTION)
