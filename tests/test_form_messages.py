"""Every form's messages say which field is wrong: none is Django's "This field is
required." or "Enter a valid value." A form that needs more than its data to be built
is given what its pages give it."""

import importlib
import inspect
import pkgutil
import re
from datetime import date

import pytest
from django import forms
from django.conf import settings

APPS = (
    "common",
    "audit",
    "people",
    "costing",
    "participants",
    "budgets",
    "careplans",
    "reviews",
    "peer_audit",
    "reports",
    "phb",
)
QUESTION = re.compile(r"\b(how|what|why|who) (is|are|should|does|do|can)\b|\bis it$")
"""A message made from a label that is a question ("Select how is it funded")."""
GENERIC = ("This field is required.", "Enter a valid value.", "Enter a valid value")


def _subclasses(cls: type) -> list[type]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _subclasses(child))]


def form_classes() -> dict[str, type[forms.BaseForm]]:
    """Every form class the service's pages and filters use (the URLs import them all)."""
    importlib.import_module(settings.ROOT_URLCONF)
    for app in APPS:
        for module_info in pkgutil.walk_packages(importlib.import_module(app).__path__, f"{app}."):
            if module_info.name.rsplit(".", 1)[-1].endswith(("forms", "filters")):
                importlib.import_module(module_info.name)
    return {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in APPS
        and not cls.__module__.endswith(".admin")
        and not inspect.isabstract(cls)
    }


def test_the_walk_finds_the_forms():
    names = form_classes()
    assert "reviews.forms.ReviewForm" in names
    assert "participants.forms.ParticipantForm" in names
    assert len(names) > 20


def form_arguments(path: str, people, person, draft) -> dict:
    """What a page gives the form besides its data."""
    from careplans.models import CarePlanVersion  # noqa: F401 (the draft's class)
    from costing.core.years import FinancialYear
    from costing.models import Intervention
    from peer_audit.models import Question

    return {
        "budgets.forms.IndicativeBudgetForm": {
            "participant": person,
            "interventions": list(Intervention.objects.all()),
        },
        "careplans.forms.contents.PlanContentsForm": {"participant": person},
        "careplans.forms.decisions.DecisionForm": {"user": people.facilitator},
        "careplans.forms.lines.SpendingLineForm": {"version": draft, "participant": person},
        "participants.forms.ImportForm": {"columns": "nhs_number"},
        "participants.forms.ParticipantForm": {"team": people.team, "adding": True},
        "peer_audit.action_forms.ActionForm": {"position": 1},
        "peer_audit.reviewing_forms.AuditForm": {"questions": Question.objects.all()},
        "peer_audit.reviewing_forms._QuestionFields": {"questions": Question.objects.all()},
        "peer_audit.round_forms.ReassignForm": {
            "reviewers": people.peer_reviewer.__class__.objects.all()
        },
        "peer_audit.views.results.YearForm": {"years": [FinancialYear(2012)]},
        "people.forms.ChangePasswordForm": {"user": people.coordinator},
        "reports.filters.ReportFilterForm": {
            "user": people.commissioner,
            "today": date(2013, 3, 31),
        },
        "reviews.forms.ReviewForm": {
            "outcomes": draft.outcomes.all(),
            "lines": [],
        },
    }.get(path, {})


@pytest.mark.parametrize("path", sorted(form_classes()))
def test_no_form_says_only_that_a_field_is_required(path, people, person, draft):
    form_class = form_classes()[path]
    arguments = form_arguments(path, people, person, draft)
    if path.startswith("people.forms.ChangePasswordForm"):
        form = form_class(arguments.pop("user"), data={})
    else:
        form = form_class(data={}, **arguments)
    form.is_valid()
    messages = [str(m) for errors in form.errors.values() for m in errors]
    assert not [m for m in messages if m.strip() in GENERIC], (path, messages)
    assert not [m for m in messages if QUESTION.search(m)]


@pytest.mark.django_db
def test_a_required_field_says_which_field_it_is(people):
    from participants.forms import ParticipantForm
    from reviews.forms import CallReviewForm

    form = CallReviewForm(data={})
    assert form.errors == {
        "on": ["Enter the date of the review"],
        "reason": ["Enter why it is called"],
    }
    form = ParticipantForm(data={}, team=people.team, adding=True)
    assert form.errors["given_name"] == ["Enter the given name"]
    assert form.errors["phb_category"] == ["Select the PHB category"]


def test_the_error_summary_lists_the_errors_in_the_order_of_the_fields():
    from reviews.forms import CallReviewForm

    form = CallReviewForm(data={"on": "31", "on_month": "2", "on_year": "2030"})
    html = form.render("forms/error_summary.html")
    assert html.index("Enter a real date") < html.index("Enter why it is called")
    form.add_error("on", "Another problem with the date")
    html = form.render("forms/error_summary.html")
    assert html.index("Another problem") < html.index("Enter why it is called")
