from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from participants.views import csv_imports, entries, listing, records, transfers

app_name = "participants"
urlpatterns = [
    path("", listing.ParticipantListView.as_view(), name="list"),
    path("add/", records.ParticipantCreateView.as_view(), name="add"),
    path(
        "import/service-use/", csv_imports.ServiceUseImportView.as_view(), name="import_service_use"
    ),
    path(
        "import/direct-payments/",
        csv_imports.DirectPaymentImportView.as_view(),
        name="import_direct_payments",
    ),
    path("import/categories/", csv_imports.CategoryImportView.as_view(), name="import_categories"),
    path("<id:pk>/", records.ParticipantDetailView.as_view(), name="detail"),
    path("<id:pk>/edit/", records.ParticipantUpdateView.as_view(), name="edit"),
    path("<id:pk>/cluster/", records.ClusterAssignView.as_view(), name="cluster"),
    path("<id:pk>/service-use/add/", entries.ServiceUseCreateView.as_view(), name="service_use"),
    path(
        "<id:pk>/direct-payments/add/",
        entries.DirectPaymentCreateView.as_view(),
        name="direct_payment",
    ),
]

# Transfers between teams, mounted at /transfers/ (namespace ``transfers``) by phb/urls.py.
transfer_urlpatterns = [
    path("", transfers.TransferListView.as_view(), name="list"),
    path("ask/", transfers.TransferAskView.as_view(), name="ask"),
    path("<int:pk>/", transfers.TransferDetailView.as_view(), name="detail"),
]
