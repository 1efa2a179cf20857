from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from people.sections import home_page_sections
        from reports import home_page

        home_page_sections.register(home_page.SECTION)
