"""What every commissioner's page of the peer audit shares: only a commissioner reaches
it; anyone else is told there is no such page (404), as for a record outside their scope."""

from django.http import Http404

from audit.reads import get_visible_or_404
from peer_audit.models import AuditRound
from peer_audit.selectors import rounds_visible_to

MANAGE = "peer_audit.manage_rounds"


class CommissionerPageMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MANAGE):
            raise Http404("No such page.")
        return super().dispatch(request, *args, **kwargs)


class RoundPageMixin(CommissionerPageMixin):
    """A page about one round of the commissioner's organisation (404 for any other)."""

    def dispatch(self, request, *args, **kwargs):
        self.audit_round: AuditRound = get_visible_or_404(
            request, rounds_visible_to(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(audit_round=self.audit_round, **kwargs)
