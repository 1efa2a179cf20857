from django.urls import path

from careplans import views

app_name = "careplans"
urlpatterns = [
    path("queue/", views.QueueView.as_view(), name="queue"),
    path(
        "start/<int:participant_pk>/",
        views.PlanStartView.as_view(),
        name="start",
    ),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DraftEditView.as_view(), name="edit"),
    path("<int:pk>/new-draft/", views.NewDraftView.as_view(), name="new_draft"),
    path("<int:pk>/outcomes/add/", views.OutcomeView.as_view(), name="outcome_add"),
    path("<int:pk>/outcomes/<int:part_pk>/", views.OutcomeView.as_view(), name="outcome"),
    path("<int:pk>/risks/add/", views.RiskView.as_view(), name="risk_add"),
    path("<int:pk>/risks/<int:part_pk>/", views.RiskView.as_view(), name="risk"),
    path("<int:pk>/lines/add/", views.LineView.as_view(), name="line_add"),
    path("<int:pk>/lines/totals/", views.LineTotalsView.as_view(), name="line_totals"),
    path("<int:pk>/lines/<int:part_pk>/", views.LineView.as_view(), name="line"),
    path(
        "<int:pk>/lines/<int:part_pk>/totals/",
        views.LineTotalsView.as_view(),
        name="line_totals_edit",
    ),
    *(
        path(
            f"<int:pk>/{part}/<int:part_pk>/remove/",
            views.PartRemoveView.as_view(),
            {"part": part},
            name=f"{part}_remove",
        )
        for part in ("outcomes", "risks", "lines")
    ),
    path("<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/reconsider/",
        views.ReconsiderationRequestView.as_view(),
        name="reconsider",
    ),
    path(
        "<int:pk>/reviews/<int:review_pk>/reconsider/",
        views.ReconsiderationRequestView.as_view(),
        name="reconsider_review",
    ),
    path(
        "<int:pk>/reconsiderations/<int:reconsideration_pk>/answer/",
        views.ReconsiderationAnswerView.as_view(),
        name="reconsideration_answer",
    ),
    path("<int:pk>/versions/<int:number>/", views.VersionDetailView.as_view(), name="version"),
    path(
        "<int:pk>/versions/<int:number>/print/",
        views.VersionPrintView.as_view(),
        name="print",
    ),
]
