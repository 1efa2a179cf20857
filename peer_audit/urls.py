from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from peer_audit.views import reviewing

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
team_patterns: list = []

urlpatterns = [*commissioner_patterns, *reviewer_patterns, *team_patterns]
