"""The draft editor: the plan's contents, its outcomes and risks, removing a part, and
submitting the draft for sign-off. Spending lines and their live totals are in
``spending_lines``.

The draft's forms carry the version and revision they were read at: a save from a
stale copy is refused with a message and the typed values stay on screen.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from careplans.decisions import submission_problems, submit
from careplans.drafting import draft_update, outcome_save, part_delete, risk_save
from careplans.forms.base import WHOLE_NUMBER
from careplans.forms.contents import OutcomeForm, PlanContentsForm, RemoveForm, RiskForm
from careplans.locking import AlreadyDecided, StaleEdit
from careplans.models import CarePlanVersion, Outcome, Risk, SpendingLine
from careplans.presenters import (
    STALE_MESSAGE,
    SUBMITTED_MESSAGE,
    problem_list,
    submitted_message,
)
from careplans.pricing import spending_plan
from careplans.selectors import current_version
from careplans.views.in_place import (
    autosaved,
    not_autosaved,
    part_form_again,
    section_saved,
    whole_page,
)
from careplans.views.mixins import DraftMixin, PlanMixin, load_version, version_parts


class DraftEditView(DraftMixin, TemplateView):
    """The draft: its contents form, and its outcomes, risks and spending lines."""

    template_name = "careplans/edit.html"

    def get(self, request, *args, **kwargs):
        version = self.draft_or_redirect()
        if not isinstance(version, CarePlanVersion):
            return version
        form = PlanContentsForm(
            initial=PlanContentsForm.initial_for(version), participant=self.participant
        )
        return self.render_to_response(self.get_context_data(form=form, version=version))

    def post(self, request, *args, **kwargs):
        if request.htmx:
            return self.autosave()
        version = self.posted_version()
        form = PlanContentsForm(request.POST, participant=self.participant)
        status = 200
        if form.is_valid():
            try:
                draft_update(
                    user=request.user,
                    version=version,
                    revision=form.cleaned_data["revision"],
                    **form.contents(),
                )
            except (StaleEdit, AlreadyDecided, ValidationError) as error:
                status = self.refused(form, error)
            else:
                messages.success(request, "The plan has been saved.")
                return redirect(self.editor_url())
        version = load_version(current_version(self.plan).pk)
        context = self.get_context_data(form=form, version=version)
        return self.render_to_response(context, status=status)

    def autosave(self):
        """Save the contents as they are typed (htmx): the status line, and the new revision."""
        form = PlanContentsForm(self.request.POST, participant=self.participant)
        if not form.is_valid():
            return not_autosaved(
                self.request,
                "Not saved yet: " + " ".join(m for errors in form.errors.values() for m in errors),
            )
        try:
            saved = draft_update(
                user=self.request.user,
                version=self.posted_version(),
                revision=form.cleaned_data["revision"],
                **form.contents(),
            )
        except StaleEdit:
            return not_autosaved(self.request, STALE_MESSAGE)
        except AlreadyDecided:
            return not_autosaved(self.request, SUBMITTED_MESSAGE)
        except ValidationError as error:
            return not_autosaved(self.request, "Not saved yet: " + " ".join(error.messages))
        return autosaved(
            self.request, version=saved, base=self.base_context(), editor_url=self.editor_url()
        )

    def get_context_data(self, *, version: CarePlanVersion, **kwargs):
        priced = spending_plan(version)
        return super().get_context_data(
            **self.base_context(**kwargs),
            **version_parts(version, priced),
            problem_list=problem_list(submission_problems(version, priced), self.editor_url()),
        )


class DraftPartView(DraftMixin, TemplateView):
    """Add or change one part of the draft (an outcome, a risk or a spending line)."""

    model: type = Outcome
    form_class: type = OutcomeForm
    template_name = "careplans/part_form.html"
    inline_template = "careplans/_part_inline.html"
    noun = "outcome"
    anchor = "outcomes"

    def get_part(self):
        if "part_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.model, pk=self.kwargs["part_pk"], version__plan=self.plan)

    def make_form(self, version: CarePlanVersion, data=None, initial=None):
        return self.form_class(data, initial=initial, **self.form_ids())

    def form_ids(self) -> dict[str, str]:
        """In place, the form's ids are its own: the editor has other fields of those names."""
        return {"auto_id": f"{self.anchor}_%s"} if self.request.htmx else {}

    def render_to_response(self, context, **response_kwargs):
        if self.request.htmx:
            return self.response_class(
                request=self.request,
                template=[self.inline_template],
                context=context,
                using=self.template_engine,
                **response_kwargs,
            )
        return super().render_to_response(context, **response_kwargs)

    def initial(self, part) -> dict[str, Any]:
        return {name: getattr(part, name) for name in self.form_class.FIELDS}

    def get(self, request, *args, **kwargs):
        version = self.draft_or_redirect()
        if not isinstance(version, CarePlanVersion):
            return whole_page(request, version)
        part = self.get_part()
        if part is not None and part.version_id != version.pk:
            raise Http404
        initial = self.initial(part) if part else {}
        initial.update(version=version.number, revision=version.revision)
        form = self.make_form(version, initial=initial)
        return self.render_to_response(self.get_context_data(form=form, version=version, part=part))

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        part = self.get_part()
        form = self.make_form(version, data=request.POST)
        status = 200
        if self.wants_save() and form.is_valid():
            try:
                saved = self.save(version, form, part)
            except (StaleEdit, AlreadyDecided, ValidationError) as error:
                status = self.refused(form, error)
            else:
                if request.htmx:
                    return section_saved(
                        request,
                        version_pk=version.pk,
                        section=self.anchor,
                        message=self.saved_message(saved, part),
                        base=self.base_context(),
                        editor_url=self.editor_url(),
                    )
                messages.success(request, self.saved_message(saved, part))
                return redirect(f"{self.editor_url()}#{self.anchor}")
        context = self.get_context_data(form=form, version=version, part=part)
        if request.htmx:
            return part_form_again(request, self.inline_template, context)
        return self.render_to_response(context, status=status)

    def wants_save(self) -> bool:
        return True

    def save(self, version, form, part):
        return outcome_save(
            user=self.request.user,
            version=version,
            revision=form.cleaned_data["revision"],
            existing=part,
            **form.values(),
        )

    def saved_message(self, saved, part) -> str:
        return f"The {self.noun} has been {'changed' if part else 'added'}."

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.base_context(**kwargs),
            noun=self.noun,
            section_anchor=self.anchor,
            section_id=f"{self.anchor}-section",
        )


class OutcomeView(DraftPartView):
    pass


class RiskView(DraftPartView):
    model = Risk
    form_class = RiskForm
    noun = "risk"
    anchor = "risks"

    def save(self, version, form, part):
        return risk_save(
            user=self.request.user,
            version=version,
            revision=form.cleaned_data["revision"],
            existing=part,
            **form.values(),
        )


class PartRemoveView(DraftMixin, TemplateView):
    """Remove an outcome, a risk or a spending line from the draft, after a confirmation."""

    template_name = "careplans/remove.html"
    models: dict[str, tuple[type, str]] = {
        "outcomes": (Outcome, "outcome"),
        "risks": (Risk, "risk"),
        "lines": (SpendingLine, "spending line"),
    }

    def get_part(self):
        model, _ = self.models[self.kwargs["part"]]
        return get_object_or_404(model, pk=self.kwargs["part_pk"], version__plan=self.plan)

    def get(self, request, *args, **kwargs):
        version = self.draft_or_redirect()
        if not isinstance(version, CarePlanVersion):
            return version
        part = self.get_part()
        if part.version_id != version.pk:
            raise Http404
        form = RemoveForm(initial={"version": version.number, "revision": version.revision})
        return self.render_to_response(self.get_context_data(form=form, part=part))

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        part = self.get_part()
        form = RemoveForm(request.POST)
        status = 200
        if form.is_valid():
            try:
                part_delete(
                    user=request.user,
                    version=version,
                    revision=form.cleaned_data["revision"],
                    part=part,
                )
            except (StaleEdit, AlreadyDecided, ValidationError) as error:
                status = self.refused(form, error)
            else:
                messages.success(request, f"“{part}” has been removed.")
                anchor = {"lines": "spending-plan"}.get(self.kwargs["part"], self.kwargs["part"])
                return redirect(f"{self.editor_url()}#{anchor}")
        return self.render_to_response(self.get_context_data(form=form, part=part), status=status)

    def get_context_data(self, **kwargs):
        _, noun = self.models[self.kwargs["part"]]
        return super().get_context_data(**self.base_context(**kwargs), noun=noun)


class SubmitView(PlanMixin, TemplateView):
    """Check the draft and send it for sign-off: to the facilitator within 15% of the
    indicative budget, to a commissioner above."""

    template_name = "careplans/submit.html"
    change = True

    def get(self, request, *args, **kwargs):
        version = load_version(current_version(self.plan).pk)
        if not version.is_draft:
            return redirect(self.plan_url())
        return self.render_to_response(self.page_context(version))

    def page_context(self, version: CarePlanVersion, **kwargs) -> dict[str, Any]:
        priced = spending_plan(version)
        problems = submission_problems(version, priced)
        return self.get_context_data(
            **self.base_context(**kwargs),
            **version_parts(version, priced),
            problem_list=problem_list(problems, self.editor_url()),
        )

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        revision = request.POST.get("revision", "")
        try:
            submitted = submit(
                user=request.user,
                version=version,
                revision=int(revision) if WHOLE_NUMBER.fullmatch(revision) else None,
            )
        except StaleEdit:
            messages.error(
                request,
                "Someone else saved this draft since you opened it, so it was not submitted: "
                "check their changes, then submit again.",
            )
            return redirect(self.plan_url())
        except AlreadyDecided:
            messages.error(request, "This version has already been submitted.")
            return redirect(self.plan_url())
        except ValidationError as error:
            return self.not_submitted(version, error)
        messages.success(request, submitted_message(submitted))
        return redirect(self.plan_url())

    def not_submitted(self, version: CarePlanVersion, error: ValidationError):
        """The page again, with what stops the draft being submitted."""
        problems = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        context = self.get_context_data(
            **self.base_context(),
            **version_parts(version),
            problem_list=problem_list(problems, self.editor_url()),
            tried=True,
        )
        return self.render_to_response(context, status=400)
