from django.urls import path  # noqa: F401

import common.ids  # noqa: F401  (the <id:...> converter)

app_name = "peer_audit"

# A commissioner's pages: the checklist, rounds, and the results by team and quarter.
commissioner_patterns: list = []

# A peer reviewer's pages: their audits, each through its own random id only.
reviewer_patterns: list = []

# The plan's team: the findings of submitted audits, and its actions.
team_patterns: list = []

urlpatterns = [*commissioner_patterns, *reviewer_patterns, *team_patterns]
