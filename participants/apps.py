from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    """The people a team supports: their record, cluster history and service use."""

    name = "participants"

    def ready(self) -> None:
        from costing.usage import PriceUsage, price_usage
        from participants.home_page import SECTION
        from participants.services import price_last_used_on, price_use_counts
        from participants.transfers import transfers_waiting_count
        from people.navigation import NavCount, nav_counts
        from people.sections import home_page_sections

        price_usage.register(PriceUsage(counts=price_use_counts, last_used_on=price_last_used_on))
        home_page_sections.register(SECTION)
        nav_counts.register(
            NavCount("transfers:list", transfers_waiting_count, "waiting for your decision")
        )
