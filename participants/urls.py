from django.urls import path

from participants import views

app_name = "participants"
urlpatterns = [
    path("", views.ParticipantListView.as_view(), name="list"),
    path("add/", views.ParticipantCreateView.as_view(), name="add"),
    path("import/service-use/", views.ServiceUseImportView.as_view(), name="import_service_use"),
    path(
        "import/direct-payments/",
        views.DirectPaymentImportView.as_view(),
        name="import_direct_payments",
    ),
    path("<int:pk>/", views.ParticipantDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ParticipantUpdateView.as_view(), name="edit"),
    path("<int:pk>/cluster/", views.ClusterAssignView.as_view(), name="cluster"),
    path("<int:pk>/service-use/add/", views.ServiceUseCreateView.as_view(), name="service_use"),
    path(
        "<int:pk>/direct-payments/add/",
        views.DirectPaymentCreateView.as_view(),
        name="direct_payment",
    ),
]
