"""Reconsideration: the person asks for a decision to be looked at again (a plan
returned, or a budget reduced at a review), and a commissioner other than the one who
decided answers."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from careplans.decisions import reconsideration_answer, reconsideration_request
from careplans.forms.decisions import ReconsiderationAnswerForm, ReconsiderationRequestForm
from careplans.locking import AlreadyDecided
from careplans.models import Decision, Reconsideration
from careplans.selectors import reconsiderations_of
from careplans.views.mixins import PlanMixin
from costing.forms import add_service_errors
from people.models import Role


class ReconsiderationRequestView(PlanMixin, TemplateView):
    """The person asks for a decision to be looked at again, with their reasons: a plan
    returned, or a budget reduced at a review."""

    template_name = "careplans/reconsideration.html"
    change = True

    def get_subject(self) -> dict[str, Any]:
        if "review_pk" in self.kwargs:
            review = get_object_or_404(
                self.plan.reviews.select_related("recorded_by", "version__indicative_budget"),
                pk=self.kwargs["review_pk"],
                plan=self.plan,
            )
            return {"review": review}
        return {
            "decision": get_object_or_404(
                Decision.objects.select_related("decided_by", "version"),
                pk=self.kwargs["decision_pk"],
                version__plan=self.plan,
            )
        }

    def get(self, request, *args, **kwargs):
        form = ReconsiderationRequestForm()
        return self.render_to_response(self.page_context(form))

    def post(self, request, *args, **kwargs):
        form = ReconsiderationRequestForm(request.POST)
        if form.is_valid():
            try:
                reconsideration_request(
                    user=request.user, reasons=form.cleaned_data["reasons"], **self.get_subject()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    "The request for reconsideration has been recorded: a commissioner other "
                    "than the one who decided will answer it.",
                )
                return redirect(self.plan_url())
        return self.render_to_response(self.page_context(form))

    def page_context(self, form) -> dict[str, Any]:
        return self.get_context_data(
            **self.base_context(), form=form, answering=False, **self.get_subject()
        )


class ReconsiderationAnswerView(PlanMixin, TemplateView):
    """A commissioner other than the one who decided answers a reconsideration."""

    template_name = "careplans/reconsideration.html"

    def get_reconsideration(self) -> Reconsideration:
        return get_object_or_404(
            reconsiderations_of(self.plan).select_related("decision__decided_by"),
            pk=self.kwargs["reconsideration_pk"],
        )

    def check_role(self, reconsideration: Reconsideration) -> str:
        """Why this user cannot answer ("" if they can)."""
        user = self.request.user
        if (
            user.role != Role.COMMISSIONER
            or user.organisation_id != self.participant.team.organisation_id
        ):
            raise PermissionDenied
        if user.pk == reconsideration.decided_by_id:
            return "You made this decision: a commissioner other than you must answer."
        if reconsideration.answered_at is not None:
            return "This reconsideration has already been answered."
        return ""

    def get(self, request, *args, **kwargs):
        reconsideration = self.get_reconsideration()
        blocked = self.check_role(reconsideration)
        form = None if blocked else ReconsiderationAnswerForm()
        return self.render_to_response(
            self.page_context(form, reconsideration, blocked), status=403 if blocked else 200
        )

    def post(self, request, *args, **kwargs):
        reconsideration = self.get_reconsideration()
        blocked = self.check_role(reconsideration)
        form = ReconsiderationAnswerForm(request.POST)
        status = 200
        if not blocked and form.is_valid():
            try:
                reconsideration_answer(
                    user=request.user,
                    reconsideration=reconsideration,
                    outcome=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                )
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except AlreadyDecided as error:
                form.add_error(None, str(error))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your answer has been recorded on the plan.")
                return redirect(self.plan_url())
        elif blocked:
            status = 403
        return self.render_to_response(
            self.page_context(None if blocked else form, reconsideration, blocked), status=status
        )

    def page_context(self, form, reconsideration: Reconsideration, blocked: str):
        return self.get_context_data(
            **self.base_context(),
            form=form,
            decision=reconsideration.decision,
            review=reconsideration.review,
            reconsideration=reconsideration,
            blocked=blocked,
            answering=True,
        )
