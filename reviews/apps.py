from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Reviews of approved plans, their schedule, and the review packs printed for them."""

    name = "reviews"

    def ready(self) -> None:
        from careplans.sections import plan_page_sections
        from reviews.plan_page import ACTIONS, SECTION

        plan_page_sections.register(ACTIONS)
        plan_page_sections.register(SECTION)
