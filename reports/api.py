"""The reports through the API: the same figures as the pages, as JSON, or one table as CSV
with ``?format=csv&table=<name>``. Only commissioners (403 for anyone else)."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.reads import note_read
from careplans.choices import ManagementOption
from common.csv import csv_response
from participants.models import Participant
from reports.core.report import Report, ReportTable, plain_value
from reports.filters import scope_from
from reports.sections import BY_SLUG

VIEW_REPORTS = "reports.view_reports"


class SeesReports(BasePermission):
    message = "Only a commissioner sees the organisation’s reports."

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm(VIEW_REPORTS)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class ReportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["text", "count", "money", "percent", "change", "days", "date"],
        help_text="money, per cents and days are decimal text (“4800.00”, “13.9”)",
    )


class ReportTableSerializer(serializers.Serializer):
    name = serializers.CharField()
    caption = serializers.CharField()
    columns = ReportColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField(), help_text="a value per column key")
    footer = serializers.ListField(child=serializers.DictField(), help_text="total rows")


class ReportFigureSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class SectionReportSerializer(serializers.Serializer):
    report = serializers.CharField()
    title = serializers.CharField()
    filters = serializers.DictField(child=serializers.CharField())
    summary = ReportFigureSerializer(many=True)
    tables = ReportTableSerializer(many=True)


def _rows(table: ReportTable, rows) -> list[dict]:
    return [
        {column.key: plain_value(column.kind, row.get(column.key)) for column in table.columns}
        for row in rows
    ]


def report_data(report: Report, filters: dict[str, str]) -> dict:
    return {
        "report": report.slug,
        "title": report.title,
        "filters": filters,
        "summary": [{"label": label, "value": value} for label, value in report.summary],
        "tables": [
            {
                "name": table.name,
                "caption": table.caption,
                "columns": [
                    {"key": c.key, "label": c.label, "kind": c.kind.value} for c in table.columns
                ],
                "rows": _rows(table, table.rows),
                "footer": _rows(table, table.footer),
            }
            for table in report.tables
        ],
    }


def csv_rows(table: ReportTable) -> list[list]:
    return [
        [column.label for column in table.columns],
        *(
            ["" if value is None else value for value in row.values()]
            for row in _rows(table, [*table.rows, *table.footer])
        ),
    ]


FILTER_PARAMETERS = [
    OpenApiParameter(
        "year", str, description="a financial year such as 2012-13 (this one if not given)"
    ),
    OpenApiParameter(
        "quarter",
        str,
        description="a quarter such as 2012-13-Q4, or 1 to 4 with `year` (else the whole year)",
    ),
    OpenApiParameter("team", int, description="a team's id"),
    OpenApiParameter("cluster", int, description="a care cluster's number"),
    OpenApiParameter("management_option", str, enum=ManagementOption.values),
    OpenApiParameter(
        "format", str, enum=["json", "csv"], description="csv: one table (`table`) as a CSV file"
    ),
    OpenApiParameter(
        "table", str, description="with format=csv: the table's name (the first if not given)"
    ),
]


class ReportView(APIView):
    """A section of the commissioner's reports, for the organisation's people and plans."""

    permission_classes = [IsAuthenticated, SeesReports]
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]
    section = ""

    def get(self, request):
        scope, form = scope_from(request.query_params, request.user)
        if scope is None:
            errors = form.errors.get_json_data()
            raise ValidationError(
                {field: [error["message"] for error in found] for field, found in errors.items()}
            )
        section = BY_SLUG[self.section]
        if request.accepted_renderer.format == "csv" and section.file is not None:
            return section.file(scope, request.query_params.get("publication") == "true")
        report = section.build(scope)
        if report.people_shown:
            note_read(request, Participant.objects.filter(pk__in=report.people_shown).only("pk"))
        if request.accepted_renderer.format == "csv":
            name = request.query_params.get("table") or report.tables[0].name
            table = report.table(name)
            if table is None:
                names = ", ".join(t.name for t in report.tables)
                raise ValidationError({"table": [f"Choose one of {names}."]})
            day = timezone.localdate().isoformat()
            return csv_response(csv_rows(table), f"{report.slug}-{day}-{table.name}.csv")
        return Response(report_data(report, scope.describe()))

    def handle_exception(self, exc):
        """Errors are JSON, whatever format was asked for."""
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)


def report_view(slug: str, summary: str):
    """The API view of one section, with its schema."""

    @extend_schema(
        tags=["reports"],
        operation_id=f"reports_{slug.replace('-', '_')}",
        description=summary,
        parameters=FILTER_PARAMETERS,
        responses={
            (200, "application/json"): SectionReportSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request):
        return ReportView.get(self, request)

    name = f"{slug.title().replace('-', '')}ReportView"
    return type(name, (ReportView,), {"section": slug, "get": get}).as_view()
