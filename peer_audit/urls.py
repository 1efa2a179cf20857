from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from peer_audit.views import findings, reviewing

app_name = "peer_audit"

# A commissioner's pages: the checklist, rounds, and the results by team and quarter.
commissioner_patterns: list = []

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
