import django_filters

from audit.models import AuditEvent
from common.forms import FilterForm


class AuditEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AuditEvent.Kind.choices, empty_label="Any")
    username = django_filters.CharFilter(lookup_expr="iexact", label="Username")

    class Meta:
        model = AuditEvent
        fields = ["kind", "username"]
        form = FilterForm
