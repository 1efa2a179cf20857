from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and access"

    def ready(self) -> None:
        from people import access  # noqa: F401 - registers the permission rules
