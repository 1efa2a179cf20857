from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.TeamListView.as_view(), name="teams"),
    path("<int:pk>/", views.TeamDetailView.as_view(), name="team"),
]
