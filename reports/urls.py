from django.urls import path

from reports.views import OverviewView, PhbReturnPeopleView, SectionView

app_name = "reports"

urlpatterns = [
    path("", OverviewView.as_view(), name="overview"),
    path("phb-return/people/", PhbReturnPeopleView.as_view(), name="phb_return_people"),
    path("<slug:slug>/", SectionView.as_view(), name="section"),
]
