"""Sign-off: the queue of plans waiting for the user's decision, and deciding one (sign
off, approve or return)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from audit.reads import note_read
from careplans.decisions import FourEyes, decide, is_four_eyes
from careplans.forms.decisions import DecisionForm
from careplans.locking import AlreadyDecided
from careplans.models import CarePlan, CarePlanVersion, Decision, PlanStatus
from careplans.presenters import agreed_message, already_decided_message, returned_message
from careplans.selectors import current_version, sign_off_queue
from careplans.views import queue_table
from careplans.views.mixins import PlanMixin, load_version, may_decide, version_parts
from common.tables import table_download
from costing.core.signoff import Route
from costing.forms import add_service_errors
from people.models import Role

QUEUE_PAGE_SIZE = 50


class QueueView(TemplateView):
    """Plans waiting for the user's decision, oldest first unless another column is asked
    for, 50 a page, and the whole queue as CSV. The number of queries does not grow with
    the number of plans."""

    template_name = "careplans/queue.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.role not in (Role.FACILITATOR, Role.COMMISSIONER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        user = request.user
        queue = queue_table.ordered(
            sign_off_queue(user).prefetch_related("contributors"),
            request.GET.get(f"{queue_table.NAME}_sort", ""),
        )
        now = timezone.now()
        if request.GET.get("csv") == queue_table.NAME:
            versions = list(queue)
            note_read(request, versions)
            table = queue_table.queue_table(
                request, queue_table.queue_rows(versions, now, lambda v: is_four_eyes(user, v))
            )
            return table_download(request, [table], "sign-off-queue")
        page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = queue_table.queue_rows(page.object_list, now, lambda v: is_four_eyes(user, v))
        note_read(request, page.object_list)
        table = queue_table.queue_table(request, rows)
        return self.render_to_response(self.get_context_data(page_obj=page, rows=rows, table=table))


class DecideView(PlanMixin, TemplateView):
    """Sign off (a facilitator) or approve (a commissioner) the submitted version, or
    return it with reasons. Exactly one decision wins; the other is told who decided."""

    template_name = "careplans/decide.html"

    def check_role(self) -> None:
        if not may_decide(self.request.user, self.participant):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self.check_role()
        version = load_version(current_version(self.plan).pk)
        prefetch_related_objects([version], "contributors")
        if version.status != PlanStatus.SUBMITTED:
            return self.render_to_response(self.page_context(version, None))
        form = DecisionForm(initial={"version": version.number}, user=request.user)
        self.limit_choices(form, version)
        status = 403 if is_four_eyes(request.user, version) else 200
        return self.render_to_response(self.page_context(version, form), status=status)

    def post(self, request, *args, **kwargs):
        self.check_role()
        version = self.posted_version()
        prefetch_related_objects([version], "contributors")
        form = DecisionForm(request.POST, user=request.user)
        self.limit_choices(form, version)
        status = 200
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = decide(
                    user=request.user, version=version, kind=data["decision"], reason=data["reason"]
                )
            except AlreadyDecided:
                form.add_error(None, self.already_decided(version))
                status = 409
            except (FourEyes, PermissionDenied) as error:
                form.add_error(None, str(error) or "You cannot decide this plan.")
                status = 403
            except ValidationError as error:
                add_service_errors(form, error, {"decision": "decision"})
            else:
                messages.success(request, self.decided_message(decision, version))
                return redirect(self.plan_url())
        return self.render_to_response(self.page_context(version, form), status=status)

    def limit_choices(self, form: DecisionForm, version: CarePlanVersion) -> None:
        """A facilitator cannot sign off a plan that a commissioner must approve."""
        user = self.request.user
        if user.role == Role.FACILITATOR and version.route == Route.COMMISSIONER:
            field = form.fields["decision"]
            field.choices = [c for c in field.choices if c[0] == Decision.Kind.RETURN]

    def already_decided(self, version: CarePlanVersion) -> str:
        decision = Decision.objects.filter(version=version).select_related("decided_by").first()
        return already_decided_message(decision)

    def decided_message(self, decision: Decision, version: CarePlanVersion) -> str:
        name = self.participant.full_name
        if decision.kind == Decision.Kind.RETURN:
            return returned_message(name)
        plan = CarePlan.objects.only("review_due", "review_due_rule").get(pk=self.plan.pk)
        return agreed_message(name, decision, version, plan)

    def page_context(self, version: CarePlanVersion, form: DecisionForm | None):
        user = self.request.user
        decision = None
        if version.status != PlanStatus.SUBMITTED:
            decision = Decision.objects.filter(version=version).select_related("decided_by").first()
        return self.get_context_data(
            **self.base_context(),
            **version_parts(version),
            form=form,
            decision=decision,
            four_eyes=version.status == PlanStatus.SUBMITTED and is_four_eyes(user, version),
            commissioner_only=user.role == Role.FACILITATOR and version.route == Route.COMMISSIONER,
        )
