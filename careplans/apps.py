from django.apps import AppConfig


class CareplansConfig(AppConfig):
    """Care plans, spending plans, submission, sign-off and reconsideration."""

    name = "careplans"
    verbose_name = "Care plans"

    def ready(self) -> None:
        from careplans import home_page
        from careplans.participant_list import EXTENSION
        from careplans.person_page import SECTION
        from careplans.selectors import queue_count
        from careplans.transfers import open_drafts_follow
        from participants.list_columns import participant_list_extensions
        from participants.sections import person_page_sections
        from participants.transfers import person_moved
        from people.navigation import NavCount, nav_counts
        from people.sections import home_page_sections

        person_page_sections.register(SECTION)
        participant_list_extensions.register(EXTENSION)
        home_page_sections.register(home_page.SECTION)
        person_moved.register(open_drafts_follow)
        nav_counts.register(NavCount("careplans:queue", queue_count, "waiting"))
