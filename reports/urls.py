from django.urls import path

from reports.views import OverviewView, SectionView

app_name = "reports"

urlpatterns = [
    path("", OverviewView.as_view(), name="overview"),
    path("<slug:slug>/", SectionView.as_view(), name="section"),
]
