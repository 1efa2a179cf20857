from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("teams/", views.TeamListView.as_view(), name="teams"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team"),
    path("account/tokens/", views.TokenListView.as_view(), name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("users/locked/", views.LockedAccountListView.as_view(), name="locked_accounts"),
    path("users/<int:pk>/unlock/", views.AccountUnlockView.as_view(), name="account_unlock"),
]
