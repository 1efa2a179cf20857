from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from peer_audit.views import checklist as checklist_views
from peer_audit.views import findings, reviewing
from peer_audit.views import results as results_views
from peer_audit.views import rounds as round_views

app_name = "peer_audit"

# A commissioner's pages: the checklist, rounds, and the results by team and quarter.
commissioner_patterns: list = [
    path("", round_views.RoundListView.as_view(), name="rounds"),
    path("checklist/", checklist_views.ChecklistView.as_view(), name="checklist"),
    path("rounds/new/", round_views.RoundNewView.as_view(), name="round_new"),
    path("rounds/<id:pk>/", round_views.RoundDetailView.as_view(), name="round"),
    path("rounds/<id:pk>/draw/", round_views.RoundDrawView.as_view(), name="round_draw"),
    path("rounds/<id:pk>/assign/", round_views.RoundAssignView.as_view(), name="round_assign"),
    path(
        "rounds/<id:pk>/audits/<uuid:audit>/reassign/",
        round_views.AuditReassignView.as_view(),
        name="audit_reassign",
    ),
    path("results/", results_views.ResultsView.as_view(), name="results"),
]

# A peer reviewer's pages: their audits, each through its own random id only.
reviewer_patterns: list = [
    path("audits/", reviewing.MyAuditsView.as_view(), name="my_audits"),
    path("audits/<uuid:pk>/", reviewing.AuditView.as_view(), name="audit"),
    path("audits/<uuid:pk>/submit/", reviewing.AuditSubmitView.as_view(), name="audit_submit"),
]

# The plan's team: the findings of submitted audits, and its actions.
team_patterns: list = [
    path("findings/<uuid:pk>/", findings.FindingsView.as_view(), name="findings"),
    path("findings/<uuid:pk>/csv/", findings.FindingsCsvView.as_view(), name="findings_csv"),
    path(
        "findings/<uuid:pk>/actions/<id:question>/",
        findings.ActionRecordView.as_view(),
        name="action",
    ),
    path(
        "findings/<uuid:pk>/actions/<id:question>/done/",
        findings.ActionDoneView.as_view(),
        name="action_done",
    ),
]

urlpatterns = [*commissioner_patterns, *reviewer_patterns, *team_patterns]
