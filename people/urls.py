from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from people import session, views

app_name = "people"
urlpatterns = [
    path("teams/", views.TeamListView.as_view(), name="teams"),
    path("teams/<id:pk>/", views.TeamDetailView.as_view(), name="team"),
    path("account/keep-alive/", session.keep_alive, name="keep_alive"),
    path("account/tokens/", views.TokenListView.as_view(), name="tokens"),
    path("account/tokens/<id:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("users/locked/", views.LockedAccountListView.as_view(), name="locked_accounts"),
    path("users/<id:pk>/unlock/", views.AccountUnlockView.as_view(), name="account_unlock"),
]
