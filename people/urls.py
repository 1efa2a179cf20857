from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from people import views

app_name = "people"
urlpatterns = [
    path("", views.TeamListView.as_view(), name="teams"),
    path("<id:pk>/", views.TeamDetailView.as_view(), name="team"),
]
