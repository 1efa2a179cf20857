from django.db.models import Count
from django.views.generic import DetailView, ListView, TemplateView

from audit.mixins import RecordViewMixin
from people.access import teams_visible_to
from people.sections import home_page_context


class HomeView(TemplateView):
    """The first page after sign-in: what the user's role needs to see."""

    def get_template_names(self) -> list[str]:
        return [f"home/{self.request.user.role}.html", "home/default.html"]

    def get_context_data(self, **kwargs):
        teams = teams_visible_to(self.request.user).annotate(member_count=Count("members"))
        return super().get_context_data(teams=teams, **home_page_context(self.request), **kwargs)


class TeamListView(ListView):
    template_name = "people/team_list.html"
    context_object_name = "teams"
    paginate_by = 50

    def get_queryset(self):
        return teams_visible_to(self.request.user).annotate(member_count=Count("members"))


class TeamDetailView(RecordViewMixin, DetailView):
    template_name = "people/team_detail.html"
    context_object_name = "team"

    def get_queryset(self):
        return teams_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        members = self.object.members.filter(is_active=True).order_by("last_name", "first_name")
        return super().get_context_data(members=members, **kwargs)
