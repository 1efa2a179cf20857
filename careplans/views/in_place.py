"""The draft editor in place (htmx): the contents saved as they are typed, and outcomes,
risks and spending lines added or changed without leaving the editor.

Each answer carries the draft's new revision in an ``HX-Trigger`` event
(``phb:draft-saved``), which ``static/js/draft_editor.js`` copies into every form of the
editor, so that the next save is not refused as made from an older copy. The editor's
totals and what stops it being submitted come back out of band.
"""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from careplans.decisions import submission_problems
from careplans.models import CarePlanVersion
from careplans.presenters import problem_list
from careplans.pricing import spending_plan
from careplans.views.mixins import load_version, version_parts

SAVED_EVENT = "phb:draft-saved"

SECTIONS = {
    "outcomes": "careplans/_outcomes.html",
    "risks": "careplans/_risks.html",
    "spending-plan": "careplans/_spending_section.html",
}


def with_revision(response: HttpResponse, version: CarePlanVersion) -> HttpResponse:
    response["HX-Trigger"] = json.dumps({SAVED_EVENT: {"revision": version.revision}})
    return response


def editor_context(version: CarePlanVersion, editor_url: str) -> dict[str, Any]:
    """What the editor's parts show: the version's parts, totals and submission problems."""
    priced = spending_plan(version)
    return {
        **version_parts(version, priced),
        "problem_list": problem_list(submission_problems(version, priced), editor_url),
    }


def section_saved(
    request: HttpRequest,
    *,
    version_pk: int,
    section: str,
    message: str,
    base: dict[str, Any],
    editor_url: str,
) -> HttpResponse:
    """A section of the editor after a part was saved in it, with the message that says so,
    and the totals and problems out of band."""
    version = load_version(version_pk)
    context = {
        **base,
        **editor_context(version, editor_url),
        "saved_message": message,
        "saved_section": section,
    }
    content = render(request, SECTIONS[section], context).content
    content += render(request, "careplans/_editor_oob.html", context).content
    return with_revision(HttpResponse(content), version)


def whole_page(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A redirect answered to htmx: the browser goes there, rather than the page landing in
    a part's form slot (the draft was submitted since the editor was opened)."""
    if not request.htmx or "Location" not in response:
        return response
    redirect = HttpResponse(status=204)
    redirect["HX-Redirect"] = response["Location"]
    return redirect


def part_form_again(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The form in place again, with what is wrong, in the section's form slot (answered
    200: htmx swaps no error answer)."""
    response = render(request, template, context)
    response["HX-Retarget"] = f"#{context['section_anchor']}-form-slot"
    response["HX-Reswap"] = "innerHTML"
    return response


def autosaved(
    request: HttpRequest, *, version: CarePlanVersion, base: dict[str, Any], editor_url: str
) -> HttpResponse:
    """The status line after the contents were saved as typed, with the totals and problems
    (a start date or an indicative budget changes them)."""
    context = {
        **base,
        **editor_context(load_version(version.pk), editor_url),
        "saved_at": timezone.localtime(version.last_edited_at).strftime("%H:%M"),
    }
    response = render(request, "careplans/_autosave_status.html", context)
    return with_revision(response, version)


def not_autosaved(request: HttpRequest, problem: str) -> HttpResponse:
    return render(request, "careplans/_autosave_status.html", {"problem": problem})
