"""The API's report addresses: ``reports/<section>/`` for each section of the pages."""

from django.urls import path

from reports.api import report_view
from reports.sections import SECTIONS

urlpatterns = [
    path(
        f"reports/{section.slug}/",
        report_view(section.slug, section.description),
        name=f"report-{section.slug}",
    )
    for section in SECTIONS
]
