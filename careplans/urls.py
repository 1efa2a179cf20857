from django.urls import path

from careplans.views import (
    draft_editor,
    plan_pages,
    reconsideration,
    sign_off,
    spending_lines,
)

app_name = "careplans"
urlpatterns = [
    path("queue/", sign_off.QueueView.as_view(), name="queue"),
    path(
        "start/<int:participant_pk>/",
        plan_pages.PlanStartView.as_view(),
        name="start",
    ),
    path("<int:pk>/", plan_pages.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", draft_editor.DraftEditView.as_view(), name="edit"),
    path("<int:pk>/new-draft/", plan_pages.NewDraftView.as_view(), name="new_draft"),
    path("<int:pk>/outcomes/add/", draft_editor.OutcomeView.as_view(), name="outcome_add"),
    path("<int:pk>/outcomes/<int:part_pk>/", draft_editor.OutcomeView.as_view(), name="outcome"),
    path("<int:pk>/risks/add/", draft_editor.RiskView.as_view(), name="risk_add"),
    path("<int:pk>/risks/<int:part_pk>/", draft_editor.RiskView.as_view(), name="risk"),
    path("<int:pk>/lines/add/", spending_lines.LineView.as_view(), name="line_add"),
    path("<int:pk>/lines/totals/", spending_lines.LineTotalsView.as_view(), name="line_totals"),
    path("<int:pk>/lines/<int:part_pk>/", spending_lines.LineView.as_view(), name="line"),
    path(
        "<int:pk>/lines/<int:part_pk>/totals/",
        spending_lines.LineTotalsView.as_view(),
        name="line_totals_edit",
    ),
    *(
        path(
            f"<int:pk>/{part}/<int:part_pk>/remove/",
            draft_editor.PartRemoveView.as_view(),
            {"part": part},
            name=f"{part}_remove",
        )
        for part in ("outcomes", "risks", "lines")
    ),
    path("<int:pk>/submit/", draft_editor.SubmitView.as_view(), name="submit"),
    path("<int:pk>/decide/", sign_off.DecideView.as_view(), name="decide"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/reconsider/",
        reconsideration.ReconsiderationRequestView.as_view(),
        name="reconsider",
    ),
    path(
        "<int:pk>/reviews/<int:review_pk>/reconsider/",
        reconsideration.ReconsiderationRequestView.as_view(),
        name="reconsider_review",
    ),
    path(
        "<int:pk>/reconsiderations/<int:reconsideration_pk>/answer/",
        reconsideration.ReconsiderationAnswerView.as_view(),
        name="reconsideration_answer",
    ),
    path("<int:pk>/versions/<int:number>/", plan_pages.VersionDetailView.as_view(), name="version"),
    path(
        "<int:pk>/versions/<int:number>/print/",
        plan_pages.VersionPrintView.as_view(),
        name="print",
    ),
]
