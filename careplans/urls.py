from django.urls import path

import common.ids  # noqa: F401  (the <id:...> converter)
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
        "start/<id:participant_pk>/",
        plan_pages.PlanStartView.as_view(),
        name="start",
    ),
    path("<id:pk>/", plan_pages.PlanDetailView.as_view(), name="detail"),
    path("<id:pk>/edit/", draft_editor.DraftEditView.as_view(), name="edit"),
    path("<id:pk>/new-draft/", plan_pages.NewDraftView.as_view(), name="new_draft"),
    path("<id:pk>/outcomes/add/", draft_editor.OutcomeView.as_view(), name="outcome_add"),
    path("<id:pk>/outcomes/<id:part_pk>/", draft_editor.OutcomeView.as_view(), name="outcome"),
    path("<id:pk>/risks/add/", draft_editor.RiskView.as_view(), name="risk_add"),
    path("<id:pk>/risks/<id:part_pk>/", draft_editor.RiskView.as_view(), name="risk"),
    path("<id:pk>/lines/add/", spending_lines.LineView.as_view(), name="line_add"),
    path("<id:pk>/lines/totals/", spending_lines.LineTotalsView.as_view(), name="line_totals"),
    path("<id:pk>/lines/<id:part_pk>/", spending_lines.LineView.as_view(), name="line"),
    path(
        "<id:pk>/lines/<id:part_pk>/totals/",
        spending_lines.LineTotalsView.as_view(),
        name="line_totals_edit",
    ),
    *(
        path(
            f"<id:pk>/{part}/<id:part_pk>/remove/",
            draft_editor.PartRemoveView.as_view(),
            {"part": part},
            name=f"{part}_remove",
        )
        for part in ("outcomes", "risks", "lines")
    ),
    path("<id:pk>/submit/", draft_editor.SubmitView.as_view(), name="submit"),
    path("<id:pk>/decide/", sign_off.DecideView.as_view(), name="decide"),
    path(
        "<id:pk>/decisions/<id:decision_pk>/reconsider/",
        reconsideration.ReconsiderationRequestView.as_view(),
        name="reconsider",
    ),
    path(
        "<id:pk>/reviews/<id:review_pk>/reconsider/",
        reconsideration.ReconsiderationRequestView.as_view(),
        name="reconsider_review",
    ),
    path(
        "<id:pk>/reconsiderations/<id:reconsideration_pk>/answer/",
        reconsideration.ReconsiderationAnswerView.as_view(),
        name="reconsideration_answer",
    ),
    path("<id:pk>/versions/<id:number>/", plan_pages.VersionDetailView.as_view(), name="version"),
    path(
        "<id:pk>/versions/<id:number>/print/",
        plan_pages.VersionPrintView.as_view(),
        name="print",
    ),
]
