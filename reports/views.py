"""The commissioner's reports: the overview of every section's headline figures, and a page
a section, each table with its chart beside it and its CSV. Only commissioners reach them;
anyone else is told there is no such page (404)."""

from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from audit.reads import note_read
from common.tables import table_download
from participants.models import Participant
from reports.core.report import Figures
from reports.filters import ReportScope, scope_from
from reports.phb_return import people_behind
from reports.phb_return_csv import breakdown_label
from reports.presenting import page_sections
from reports.sections import BY_SLUG, SECTIONS, Section
from reports.sections.phb_return import return_quarter

VIEW_REPORTS = "reports.view_reports"
FILES = ("own-use", "publication")
"""A section's own file (``?file=``): for the organisation's own use, or for publication."""


class CommissionerReportMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_REPORTS):
            raise Http404("No such page.")
        return super().dispatch(request, *args, **kwargs)


def file_name(slug: str) -> str:
    return f"{slug}-{timezone.localdate().isoformat()}"


def overview_figures(section: Section, scope: ReportScope) -> Figures:
    """A section's headline figures for the overview: those of its ``summary``, if it has
    one (building every report would take seconds on a large organisation)."""
    return section.summary(scope) if section.summary else ()


class OverviewView(CommissionerReportMixin, TemplateView):
    template_name = "reports/overview.html"

    def get(self, request, *args, **kwargs):
        scope, form = scope_from(request.GET, request.user)
        if scope is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        sections = [
            {"section": section, "summary": overview_figures(section, scope)}
            for section in SECTIONS
        ]
        return self.render_to_response(
            self.get_context_data(form=form, scope=scope, sections=sections)
        )


class SectionView(CommissionerReportMixin, TemplateView):
    template_name = "reports/section.html"

    def get(self, request, *args, **kwargs):
        section = BY_SLUG.get(kwargs["slug"])
        if section is None:
            raise Http404("No such report.")
        scope, form = scope_from(request.GET, request.user)
        if scope is None:
            context = self.get_context_data(form=form, section=section)
            return self.render_to_response(context, status=400)
        wanted = request.GET.get("file")
        if section.file is not None and wanted in FILES:
            return section.file(scope, wanted == "publication")
        report = section.build(scope)
        if report.people_shown:
            note_read(request, Participant.objects.filter(pk__in=report.people_shown).only("pk"))
        parts = page_sections(request, report)
        download = table_download(
            request, [part["table"] for part in parts], file_name(section.slug)
        )
        if download:
            return download
        return self.render_to_response(
            self.get_context_data(
                form=form,
                scope=scope,
                section=section,
                report=report,
                parts=parts,
                sections=SECTIONS,
            )
        )


class PhbReturnPeopleView(CommissionerReportMixin, TemplateView):
    """Each count of the return with the people it counts, so a commissioner can check it
    before sending it."""

    template_name = "reports/phb_return_people.html"

    def get(self, request, *args, **kwargs):
        scope, form = scope_from(request.GET, request.user)
        if scope is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        quarter = return_quarter(scope.period, scope.today)
        behind = people_behind(request.user.organisation, quarter, team=scope.team)
        shown = {person.pk: person for count in behind for person in count.people}
        note_read(request, shown.values())
        counts = [
            {
                "measure": count.cell.measure.label,
                "breakdown": breakdown_label(count.cell),
                "count": count.cell.count,
                "people": count.people,
            }
            for count in behind
        ]
        return self.render_to_response(
            self.get_context_data(form=form, scope=scope, quarter=quarter, counts=counts)
        )
