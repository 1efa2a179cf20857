"""Finding people on the list: by name or NHS number, team, current cluster and cohort, and
what the apps above offer (``show``: their plan status, reviews due; see
``participants.list_columns``)."""

import re

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from common.forms import FilterForm
from costing.models import Cluster
from participants.list_columns import list_filters, shown
from participants.models import Participant
from people.access import teams_visible_to
from people.models import Team

_NUMBER = re.compile(r"[\d\s-]+")


def search_participants(queryset: QuerySet, text: str) -> QuerySet:
    """Digits (with spaces or hyphens) search NHS numbers; words search names."""
    text = text.strip()
    if not text:
        return queryset
    if _NUMBER.fullmatch(text):
        return queryset.filter(nhs_number__startswith=re.sub(r"[\s-]", "", text))
    for word in text.split():
        queryset = queryset.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return queryset


def _visible_teams(request):
    if request is None:
        return Team.objects.none()
    return teams_visible_to(request.user)


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Name or NHS number",
        help_text="An NHS number may be typed with spaces, as 999 000 0018",
    )
    team = django_filters.ModelChoiceFilter(
        queryset=_visible_teams, label="Team", empty_label="Any team"
    )
    cluster = django_filters.ModelChoiceFilter(
        queryset=Cluster.objects.all(), label="Current cluster", empty_label="Any cluster"
    )
    cohort = django_filters.ChoiceFilter(
        choices=Participant.Cohort.choices, label="Cohort", empty_label="Any cohort"
    )

    show = django_filters.ChoiceFilter(
        choices=lambda: [(found.key, found.label) for found in list_filters()],
        method="show_only",
        label="Showing",
        empty_label="Everyone",
    )

    class Meta:
        model = Participant
        fields = ["q", "team", "cluster", "cohort", "show"]
        form = FilterForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cluster = self.form.fields["cluster"]
        cluster.label_from_instance = lambda c: f"{c.number} – {c.name}"
        self.form.fields["q"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_participants(queryset, value)

    def show_only(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return shown(queryset, value, timezone.localdate())
