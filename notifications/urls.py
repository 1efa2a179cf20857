from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("open/", views.NotificationOpenView.as_view(), name="open"),
]
