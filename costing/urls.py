from django.urls import path

from costing import views

app_name = "costing"
urlpatterns = [
    path("", views.InterventionListView.as_view(), name="interventions"),
    path("new/", views.InterventionCreateView.as_view(), name="intervention_add"),
    path("clusters/", views.ClusterListView.as_view(), name="clusters"),
    path("<slug:code>/", views.InterventionDetailView.as_view(), name="intervention"),
]
