from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Reviews of approved plans, their schedule, and the review packs printed for them."""

    name = "reviews"

    def ready(self) -> None:
        from careplans.sections import plan_page_sections
        from people.navigation import NavCount, nav_counts
        from people.sections import home_page_sections
        from reviews import home_page
        from reviews.plan_page import ACTIONS, SECTION
        from reviews.services import overdue_count

        plan_page_sections.register(ACTIONS)
        plan_page_sections.register(SECTION)
        home_page_sections.register(home_page.SECTION)
        nav_counts.register(NavCount("reviews:overdue", overdue_count, "overdue"))
