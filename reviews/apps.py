from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Reviews of approved plans, their schedule, and the review packs printed for them."""

    name = "reviews"
