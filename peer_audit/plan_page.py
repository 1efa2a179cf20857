"""The peer audits of a plan, as a section of the plan's page (``careplans.sections``):
each submitted audit's result, with a link to its findings and the team's actions."""

from typing import Any

from django.http import HttpRequest

from audit.reads import note_read
from careplans.models import CarePlan
from careplans.sections import Place
from common.hooks import PageSection
from peer_audit.findings import plan_findings


def _context(request: HttpRequest, plan: CarePlan) -> dict[str, Any]:
    results = plan_findings(plan, request.user)
    note_read(request, [result.audit for result in results])
    return {"audit_results": results}


SECTION = PageSection(
    place=Place.AFTER_DECISIONS,
    template_name="peer_audit/_plan_section.html",
    context=_context,
)
