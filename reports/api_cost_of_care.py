"""``reports/cost-of-care/``: the cost-of-care section, as every section's address gives
it, and at the same address the older report of one cohort that callers already use
(``?cohort=control&baseline=2010-11&compare=2011-12``), unchanged.

A call that names ``cohort``, ``baseline`` or ``compare`` is the older report: any
signed-in user, for the people they may see, in its own JSON. Any other call is the
section: commissioners only (403 for anyone else), with the filters, as JSON or one table
as CSV."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from costing.core.years import FinancialYear, FinancialYearError
from costing.serializers import CostOfCareReportSerializer
from participants.cost_of_care import cost_of_care_report
from participants.models import Participant
from participants.services import participants_visible_to
from reports.api import (
    FILTER_PARAMETERS,
    VIEW_REPORTS,
    ReportView,
    SectionReportSerializer,
    SeesReports,
)

COHORT_PARAMETERS = ("cohort", "baseline", "compare")


def asks_for_a_cohort(params) -> bool:
    return any(name in params for name in COHORT_PARAMETERS)


class SeesSectionOrCohort(BasePermission):
    """The cohort report for anyone signed in (their own scope); the section for
    commissioners."""

    message = SeesReports.message

    def has_permission(self, request, view) -> bool:
        return asks_for_a_cohort(request.query_params) or request.user.has_perm(VIEW_REPORTS)


def _year(params, name: str) -> FinancialYear:
    value = params.get(name)
    if not value:
        raise ValidationError({name: "Give the financial year, such as 2010-11."})
    try:
        return FinancialYear.parse(value)
    except FinancialYearError as error:
        raise ValidationError({name: str(error)}) from None


def cohort_answer(request) -> Response:
    """The older report: one cohort in two years, per person and by use of crisis or
    inpatient care in the baseline year."""
    params = request.query_params
    if request.accepted_renderer.format == "csv":
        raise ValidationError(
            {
                "format": "The report of one cohort is JSON only: for CSV, leave out cohort, "
                "baseline and compare and name a table."
            }
        )
    cohort = params.get("cohort")
    if cohort not in Participant.Cohort.values:
        raise ValidationError({"cohort": f"Choose one of {', '.join(Participant.Cohort.values)}."})
    report = cost_of_care_report(
        participants_visible_to(request.user),
        cohort=cohort,
        baseline=_year(params, "baseline"),
        compare=_year(params, "compare"),
    )
    return Response(CostOfCareReportSerializer(report).data)


COHORT_PARAMETER_DOCS = [
    OpenApiParameter(
        "cohort",
        str,
        enum=Participant.Cohort.values,
        description="The report of one cohort (with `baseline` and `compare`), in its own "
        "layout, for any signed-in user: leave all three out for the section",
    ),
    OpenApiParameter("baseline", str, description="with `cohort`: the first year, e.g. 2010-11"),
    OpenApiParameter("compare", str, description="with `cohort`: the second year, e.g. 2011-12"),
]


class CostOfCareView(ReportView):
    permission_classes = [IsAuthenticated, SeesSectionOrCohort]
    section = "cost-of-care"

    @extend_schema(
        tags=["reports"],
        operation_id="reports_cost_of_care",
        description=(
            "Cost of care of budget holders and the comparison group, the year before the "
            "period's against the period's financial year, split by use of crisis or "
            "inpatient care (commissioners). With `cohort`, `baseline` and `compare`: the "
            "report of one cohort in two years, per person, for the people the user may see."
        ),
        parameters=[*FILTER_PARAMETERS, *COHORT_PARAMETER_DOCS],
        responses={
            (200, "application/json"): PolymorphicProxySerializer(
                component_name="CostOfCareAnswer",
                serializers=[SectionReportSerializer, CostOfCareReportSerializer],
                resource_type_field_name=None,
            ),
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request):
        if asks_for_a_cohort(request.query_params):
            return cohort_answer(request)
        return super().get(request)


def cost_of_care_view(slug: str, summary: str):
    """The view of ``reports/cost-of-care/`` (the registry's ``report_view``'s signature)."""
    return CostOfCareView.as_view()
