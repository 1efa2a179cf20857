from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
from reviews import views

app_name = "reviews"
urlpatterns = [
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("plans/<id:plan_pk>/new/", views.ReviewCreateView.as_view(), name="create"),
    path("plans/<id:plan_pk>/call/", views.CallReviewView.as_view(), name="call"),
    path("plans/<id:plan_pk>/packs/", views.PackRequestView.as_view(), name="pack_request"),
    path("<id:pk>/", views.ReviewDetailView.as_view(), name="detail"),
    path("packs/<uuid:pk>/", views.PackView.as_view(), name="pack"),
    path("packs/<uuid:pk>/download/", views.PackDownloadView.as_view(), name="pack_download"),
]
