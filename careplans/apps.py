from django.apps import AppConfig


class CareplansConfig(AppConfig):
    """Care plans, spending plans, submission, sign-off and reconsideration."""

    name = "careplans"
    verbose_name = "Care plans"

    def ready(self) -> None:
        from careplans.person_page import SECTION
        from careplans.transfers import open_drafts_follow
        from participants.sections import person_page_sections
        from participants.transfers import person_moved

        person_page_sections.register(SECTION)
        person_moved.register(open_drafts_follow)
