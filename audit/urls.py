from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.AuditEventListView.as_view(), name="events"),
    path("changes/", views.ChangeListView.as_view(), name="changes"),
    path(
        "changes/<str:model_label>/<id:history_id>/",
        views.ChangeDetailView.as_view(),
        name="change",
    ),
]
