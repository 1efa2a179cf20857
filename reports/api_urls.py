"""The API's report addresses: ``reports/<section>/`` for each section of the pages (but
the peer audit's, whose results already answer at that address). Cost of care's address
also answers the older report of one cohort (``reports/api_cost_of_care.py``)."""

from django.urls import path

from reports.api import report_view
from reports.api_cost_of_care import cost_of_care_view
from reports.sections import SECTIONS

VIEWS = {"cost-of-care": cost_of_care_view}

urlpatterns = [
    path(
        f"reports/{section.slug}/",
        VIEWS.get(section.slug, report_view)(section.slug, section.description),
        name=f"report-{section.slug}",
    )
    for section in SECTIONS
    if section.api
]
